// Building the web front end's pages: the frame every page shares (language, skip
// link, navigation, sign-out form, the strict CSP's assets) and small pieces that
// recur (escaped text, links, the CSRF field, a refusal beside a field).
//
// Pages are plain HTML rendered on the server; everything works without JavaScript
// except live updates. No function here fails; all are thread-safe.
#ifndef PRIO_WEB_HTML_H_
#define PRIO_WEB_HTML_H_

#include <string>
#include <string_view>

#include "web/session.h"
#include "client/text.h"

namespace prio::web {

using client::Lang;
using client::LangCode;
using client::LevelName;
using client::ParseLang;
using client::PhaseName;
using client::SizeClassName;
using client::Tr;
using client::TrF;

// What every page needs to know about the request.
struct PageContext {
  Lang lang = Lang::kDe;
  const Session* session = nullptr;  // null when not signed in
  std::string csrf;  // the forms' CSRF token: the session's, or the sign-in form's
  std::string path;                  // the request's path and query (the language switch returns here)
};

// HTML-escaped `s` (text and attribute values).
std::string Esc(std::string_view s);
// `s` for a URL's query value or path segment (RFC 3986 unreserved kept).
std::string UrlEncode(std::string_view s);

// The whole page: <title>TITLE – prio</title>, the header with navigation for the
// session's role, <main id="main"> with <h1>TITLE</h1>, BODY (already HTML), and the
// flash message of the session, if any (shown above the body, role="status").
std::string Layout(const PageContext& ctx, std::string_view title, std::string_view body,
                   std::string_view flash = {});

// <input type="hidden" name="csrf" ...> for the page's forms (PageContext.csrf).
std::string CsrfField(const PageContext& ctx);
// A message box: kind "error" (role="alert") or "ok" (role="status").
std::string Notice(std::string_view kind, std::string_view message);

}  // namespace prio::web

#endif  // PRIO_WEB_HTML_H_
