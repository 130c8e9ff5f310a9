// Sign-in with a prio token, sign-out, and the language switch.
#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/absl_compat.h"
#include "prio/v1/security.grpc.pb.h"
#include "web/exchange.h"

namespace prio::web {

namespace {

// Only paths of this site: "/" and then the characters of a path and query prio itself
// makes (no "//host", no backslash, tab or other control character a browser would drop
// or turn into one: no open redirect). Anything else: the rounds.
std::string SafeNext(const std::string& next) {
  auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           std::string_view("/-_.~?=&%").find(c) != std::string_view::npos;
  };
  const bool ok = next.size() > 1 && next.size() <= 500 && next[0] == '/' && next[1] != '/' &&
                  std::all_of(next.begin(), next.end(), allowed);
  return ok ? next : "/rounds";
}

// A prio token as priod issues it: "prio_" and 64 hex digits. Anything else is refused
// here, before it could reach a gRPC header (which must be printable ASCII).
bool LooksLikeToken(std::string_view t) {
  return t.size() == 69 && t.substr(0, 5) == "prio_" &&
         std::all_of(t.begin() + 5, t.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

void SignInForm(Exchange& x, int status, std::string_view error) {
  const std::string next = SafeNext(x.Param("next"));
  std::string body;
  if (!error.empty()) {
    absl::StrAppend(&body, "<p class=\"notice error\" role=\"alert\" id=\"token-error\">", Esc(error), "</p>");
  } else if (x.Param("bye") == "1") {
    absl::StrAppend(&body, Notice("ok", x.T("You are signed out.")));
  }
  absl::StrAppend(
      &body, "<p>",
      Esc(x.T("Sign in with the prio token the provider gave you (a municipality's, a "
              "staff member's or an auditor's). It is kept on this server for your "
              "session only.")),
      "</p><form method=\"post\" action=\"/login\">", CsrfField(x.ctx),
      "<input type=\"hidden\" name=\"next\" value=\"", Esc(next),
      "\"><p><label for=\"token\">", Esc(x.T("Token")),
      "</label><input id=\"token\" name=\"token\" type=\"password\" "
      "autocomplete=\"current-password\" required size=\"60\"",
      error.empty() ? "" : " aria-invalid=\"true\" aria-describedby=\"token-error\"",
      "></p><p><button type=\"submit\">", Esc(x.T("Sign in")), "</button></p></form>");
  if (!x.Param("next").empty()) {
    // Arriving by a link from another site, the browser sends no SameSite=Strict cookie;
    // this link is followed from this site, so a signed-in browser continues.
    absl::StrAppend(&body, "<p><a href=\"", Esc(next), "\">",
                    Esc(x.T("Already signed in? Continue to the page you asked for")), "</a></p>");
  }
  x.Html(status, x.T("Sign in"), body);
}

}  // namespace

void AddSignInPages(Router& r) {
  r.Get("/", [](Exchange& x) { x.Redirect(x.session.signed_in() ? "/rounds" : "/login"); },
        Router::Access::kAnyone);
  r.Get("/login", [](Exchange& x) { SignInForm(x, 200, ""); }, Router::Access::kAnyone);
  r.Post(
      "/login",
      [](Exchange& x) {
        std::string token(absl::StripAsciiWhitespace(x.Param("token")));
        if (token.empty()) return SignInForm(x, 422, x.T("Enter your token."));
        if (!LooksLikeToken(token)) {
          return SignInForm(x, 422, x.T("This is not a prio token (\"prio_\" and 64 hex digits)."));
        }
        x.session.token = token;  // this one call only; not signed in yet
        absl::StatusOr<v1::WhoAmIResponse> who =
            x.Call(&v1::Security::Stub::WhoAmI, v1::WhoAmIRequest());
        x.session.token.clear();
        if (!who.ok()) {
          if (absl::IsUnauthenticated(who.status())) {
            return SignInForm(x, 401, x.T("priod does not know this token (or it was revoked)."));
          }
          return x.Fail(who.status());
        }
        if (!x.session.id.empty()) x.sessions.End(x.session.id);  // signing in anew
        const Session s = x.sessions.SignIn(token, *who);
        x.SetSessionCookie(s.id);
        x.Redirect(SafeNext(x.Param("next")));
      },
      Router::Access::kAnyone);
  r.Post(
      "/logout",
      [](Exchange& x) {
        x.sessions.End(x.session.id);
        x.SetSessionCookie("");
        x.Redirect("/login?bye=1");
      },
      Router::Access::kAnyone);
  r.Get(
      "/lang",
      [](Exchange& x) {
        const Lang to = ParseLang(x.Param("to"));
        x.res.set_header("Set-Cookie", absl::StrCat("prio_lang=", ToAbsl(LangCode(to)),
                                                    "; Path=/; SameSite=Strict; Max-Age=31536000",
                                                    x.tls ? "; Secure" : ""));
        x.Redirect(SafeNext(x.Param("next")));
      },
      Router::Access::kAnyone);
}

}  // namespace prio::web
