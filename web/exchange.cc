#include "web/exchange.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "client/messages.h"
#include "client/output.h"
#include "common/absl_compat.h"

namespace prio::web {

namespace {

// Over TLS the __Host- prefix: the browser then takes the cookie only from this host,
// Secure, for Path=/ (no sibling subdomain can plant one).
std::string_view SessionCookie(bool tls) { return tls ? "__Host-prio_session" : "prio_session"; }
constexpr char kLangCookie[] = "prio_lang";

std::string CookieValue(const httplib::Request& req, std::string_view name) {
  const std::string header = req.get_header_value("Cookie");
  for (absl::string_view part : absl::StrSplit(header, ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, ToAbsl(name)) && absl::ConsumePrefix(&part, "=")) {
      return std::string(part);
    }
  }
  return "";
}

}  // namespace

void SetSecurityHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                 "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                 "base-uri 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "same-origin");
}

std::string Exchange::Param(const std::string& name) const {
  if (req.has_param(name.c_str())) return req.get_param_value(name.c_str());
  // multipart/form-data (the CSV upload): every field arrives as a "file"
  if (req.has_file(name.c_str())) return req.get_file_value(name.c_str()).content;
  return "";
}

bool Exchange::WantsJson() const {
  return absl::StrContains(req.get_header_value("Accept"), "application/json");
}

void Exchange::Html(int status, std::string_view title, std::string_view body) {
  res.status = status;
  const std::string flash = session.id.empty() ? "" : sessions.TakeFlash(session.id);
  res.set_header("Cache-Control", "no-store");
  res.set_content(Layout(ctx, title, body, flash), "text/html; charset=utf-8");
}

void Exchange::Redirect(std::string_view location) {
  res.status = 303;
  res.set_header("Location", std::string(location));
}

void Exchange::Json(int status, std::string body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(std::move(body), "application/json");
}

void Exchange::SetSessionCookie(const std::string& id) {
  res.set_header("Set-Cookie", absl::StrCat(ToAbsl(SessionCookie(tls)), "=", id,
                                            "; Path=/; HttpOnly; SameSite=Strict",
                                            tls ? "; Secure" : "", id.empty() ? "; Max-Age=0" : ""));
}

void Exchange::Fail(const absl::Status& status) {
  const std::string message = client::RefusalText(ctx.lang, ToStd(status.message()));
  const bool ended = status.code() == absl::StatusCode::kUnauthenticated;
  if (ended) {
    sessions.End(session.id);
    session = Session();
    ctx.session = nullptr;
    ctx.csrf = sessions.SignInToken();
  }
  if (WantsJson()) {  // a save from the page's script: it goes to the sign-in if ended
    const int code = ended ? 401
                     : status.code() == absl::StatusCode::kPermissionDenied ? 403
                     : status.code() == absl::StatusCode::kNotFound         ? 404
                                                                            : 502;
    return Json(code, absl::StrCat("{\"ok\":false,\"field\":\"\",\"message\":",
                                   client::JsonString(message),
                                   ",\"session_ended\":", ended ? "true" : "false", "}"));
  }
  switch (status.code()) {
    case absl::StatusCode::kUnauthenticated:
      Html(401, T("Your sign-in has ended"),
           absl::StrCat(Notice("error", message), "<p>",
                        Esc(T("The token was revoked, or priod no longer knows it. Sign in "
                              "again with a valid token.")),
                        "</p><p><a href=\"/login\">", Esc(T("Sign in")), "</a></p>"));
      return;
    case absl::StatusCode::kPermissionDenied:
      Html(403, T("Not allowed"), Notice("error", message));
      return;
    case absl::StatusCode::kNotFound:
      Html(404, T("Not found"), Notice("error", message));
      return;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
      Html(422, T("Refused"), Notice("error", message));
      return;
    default:
      Html(502, T("priod did not answer"),
           Notice("error", absl::StrCat(absl::StatusCodeToString(status.code()), ": ", message)));
  }
}

void Router::Get(const std::string& pattern, Handler h, Access access) {
  server_.Get(pattern, [this, h = std::move(h), access](const httplib::Request& req,
                                                         httplib::Response& res) {
    Run(req, res, h, access, false);
  });
}

void Router::Post(const std::string& pattern, Handler h, Access access) {
  server_.Post(pattern, [this, h = std::move(h), access](const httplib::Request& req,
                                                          httplib::Response& res) {
    Run(req, res, h, access, true);
  });
}

void Router::Run(const httplib::Request& req, httplib::Response& res, const Handler& h,
                 Access access, bool post) {
  SetSecurityHeaders(res);
  Exchange x{.req = req, .res = res, .sessions = sessions_, .channel = channel_, .tls = tls_};
  x.ctx.lang = ParseLang(CookieValue(req, kLangCookie));
  x.ctx.path = req.target.empty() ? req.path : req.target;
  // No session is made before sign-in: a visitor without one costs nothing, and a
  // link followed from another site (which brings no SameSite=Strict cookie) does not
  // replace the browser's session.
  const std::string id = CookieValue(req, SessionCookie(tls_));
  if (std::optional<Session> s = id.empty() ? std::nullopt : sessions_.Find(id)) {
    x.session = *std::move(s);
    x.ctx.session = &x.session;
    x.ctx.csrf = x.session.csrf;
  } else {
    x.ctx.csrf = sessions_.SignInToken();
  }
  const std::string csrf = x.Param("csrf");
  const bool csrf_ok = (x.ctx.session != nullptr && SameSecret(csrf, x.session.csrf)) ||
                       (access == Access::kAnyone && sessions_.SignInTokenValid(csrf));
  if (post && !csrf_ok) {
    x.Html(403, x.T("The form has expired"),
           Notice("error", x.T("The form was not sent from this session's page (CSRF check "
                               "failed); nothing was saved. Reload the page and send it again.")));
    return;
  }
  if (access == Access::kSignedIn && !x.session.signed_in()) {
    if (post) {
      x.Html(401, x.T("Please sign in"), Notice("error", x.T("You are not signed in.")));
    } else {
      x.Redirect(absl::StrCat("/login?next=", UrlEncode(x.ctx.path)));
    }
    return;
  }
  h(x);
}

}  // namespace prio::web
