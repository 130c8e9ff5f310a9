// Sign-in with a prio token, sign-out, and the language switch.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/absl_compat.h"
#include "prio/v1/security.grpc.pb.h"
#include "web/exchange.h"

namespace prio::web {

namespace {

// Only paths of this site: "/..." but not "//host" (no open redirect).
std::string SafeNext(const std::string& next) {
  if (next.size() > 1 && next[0] == '/' && next[1] != '/' && next[1] != '\\') return next;
  return "/rounds";
}

void SignInForm(Exchange& x, int status, std::string_view error) {
  const std::string next = SafeNext(x.Param("next"));
  x.Html(status, x.T("Sign in"),
         absl::StrCat(
             error.empty() ? std::string() : Notice("error", error), "<p>",
             Esc(x.T("Sign in with the prio token the provider gave you (a municipality's, a "
                     "staff member's or an auditor's). It is kept on this server for your "
                     "session only.")),
             "</p><form method=\"post\" action=\"/login\">", CsrfField(x.ctx),
             "<input type=\"hidden\" name=\"next\" value=\"", Esc(next),
             "\"><p><label for=\"token\">", Esc(x.T("Token")),
             "</label><input id=\"token\" name=\"token\" type=\"password\" "
             "autocomplete=\"current-password\" required size=\"60\"",
             error.empty() ? "" : " aria-invalid=\"true\"", "></p><p><button type=\"submit\">",
             Esc(x.T("Sign in")), "</button></p></form>"));
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
        x.session.token = token;  // this one call only; the session is not signed in yet
        absl::StatusOr<v1::WhoAmIResponse> who =
            x.Call(&v1::Security::Stub::WhoAmI, v1::WhoAmIRequest());
        x.session.token.clear();
        if (!who.ok()) {
          if (absl::IsUnauthenticated(who.status())) {
            return SignInForm(x, 401, x.T("priod does not know this token (or it was revoked)."));
          }
          return x.Fail(who.status());
        }
        std::optional<Session> s = x.sessions.SignIn(x.session.id, token, *who);
        if (!s) return SignInForm(x, 401, x.T("The session expired; please try again."));
        x.SetSessionCookie(s->id);
        x.Redirect(SafeNext(x.Param("next")));
      },
      Router::Access::kAnyone);
  r.Post(
      "/logout",
      [](Exchange& x) {
        x.sessions.End(x.session.id);
        Session fresh = x.sessions.Create();
        x.SetSessionCookie(fresh.id);
        x.sessions.SetFlash(fresh.id, std::string(x.T("You are signed out.")));
        x.Redirect("/login");
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
