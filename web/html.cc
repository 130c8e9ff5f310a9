#include "web/html.h"

#include "absl/strings/str_cat.h"
#include "client/report.h"
#include "common/absl_compat.h"

namespace prio::web {

std::string Esc(std::string_view s) { return client::HtmlEscape(s); }

std::string UrlEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string CsrfField(const PageContext& ctx) {
  return absl::StrCat("<input type=\"hidden\" name=\"csrf\" value=\"", Esc(ctx.csrf), "\">");
}

std::string Notice(std::string_view kind, std::string_view message) {
  const bool error = kind == "error";
  return absl::StrCat("<p class=\"notice ", ToAbsl(kind), "\" role=\"", error ? "alert" : "status",
                      "\">", Esc(message), "</p>");
}

namespace {

std::string Nav(const PageContext& ctx) {
  const Lang l = ctx.lang;
  std::string links;
  auto link = [&](std::string_view href, std::string_view text) {
    absl::StrAppend(&links, "<li><a href=\"", ToAbsl(href), "\">", Esc(text), "</a></li>");
  };
  const Session* s = ctx.session;
  if (s != nullptr && s->signed_in()) {
    link("/rounds", Tr(l, "Rounds"));
    if (s->role == v1::ROLE_AUDITOR || s->role == v1::ROLE_ADMIN) link("/audit", Tr(l, "Audit"));
  }
  const Lang other = l == Lang::kDe ? Lang::kEn : Lang::kDe;
  std::string out = absl::StrCat(
      "<header><nav aria-label=\"", Esc(Tr(l, "Main navigation")),
      "\"><a class=\"brand\" href=\"/\">prio</a><ul>", links, "</ul>",
      "<a class=\"lang\" lang=\"", ToAbsl(LangCode(other)), "\" href=\"/lang?to=",
      ToAbsl(LangCode(other)), "&amp;next=", UrlEncode(ctx.path), "\">",
      other == Lang::kEn ? "English" : "Deutsch", "</a>");
  if (s != nullptr && s->signed_in()) {
    absl::StrAppend(&out, "<span class=\"who\">", Esc(s->note.empty() ? s->principal : s->note),
                    "</span><form class=\"inline\" method=\"post\" action=\"/logout\">",
                    CsrfField(ctx), "<button type=\"submit\">", Esc(Tr(l, "Sign out")),
                    "</button></form>");
  }
  absl::StrAppend(&out, "</nav></header>");
  return out;
}

}  // namespace

std::string Layout(const PageContext& ctx, std::string_view title, std::string_view body,
                   std::string_view flash) {
  const Lang l = ctx.lang;
  return absl::StrCat(
      "<!doctype html>\n<html lang=\"", ToAbsl(LangCode(l)),
      "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
      "content=\"width=device-width, initial-scale=1\"><title>",
      Esc(title), " – prio</title><link rel=\"stylesheet\" href=\"/static/app.css\">"
      "<script src=\"/static/app.js\" defer></script></head><body>"
      "<a class=\"skip\" href=\"#main\">", Esc(Tr(l, "Skip to content")), "</a>", Nav(ctx),
      "<main id=\"main\" tabindex=\"-1\"><h1>", Esc(title), "</h1>",
      flash.empty() ? std::string() : Notice("ok", flash), ToAbsl(body),
      "</main><footer><p>prio – ", Esc(Tr(l, "needs survey of the OZG services")),
      "</p></footer></body></html>\n");
}

}  // namespace prio::web
