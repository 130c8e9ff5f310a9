// One HTTP request of the web front end and what its handler needs: the session (its
// prio token is sent with every gRPC call to priod, so that priod's policy table
// decides what the user may see and do, exactly as for the CLI), the page context, and
// the ways to answer (a page, a redirect, an error page for a refusal).
//
// Router registers handlers on the HTTP server: every handler runs with the security
// headers set (a strict Content-Security-Policy among them), the session looked up from
// its cookie, a signed-in session required unless said otherwise, and for POST a CSRF
// token that matches the session's, or for the pages anyone may use (sign-in, sign-out)
// a valid sign-in token (SessionStore::SignInToken); otherwise 403, nothing sent to
// priod.
//
// An Exchange lives for one request on one HTTP worker thread; Router and the
// channel are shared by all workers and thread-safe.
#ifndef PRIO_WEB_EXCHANGE_H_
#define PRIO_WEB_EXCHANGE_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/unary.h"
#include "grpcpp/channel.h"
#include "httplib.h"
#include "prio/v1/commands.grpc.pb.h"
#include "web/html.h"
#include "web/session.h"

namespace prio::web {

struct Exchange {
  const httplib::Request& req;
  httplib::Response& res;
  SessionStore& sessions;
  const std::shared_ptr<grpc::Channel>& channel;
  bool tls = false;  // the front end is served over HTTPS (cookies get Secure)
  Session session;   // a copy; empty id: none yet
  PageContext ctx;

  Lang lang() const { return ctx.lang; }
  std::string_view T(std::string_view key) const { return Tr(ctx.lang, key); }
  // A form or query parameter ("" if absent).
  std::string Param(const std::string& name) const;
  // The path's N-th capture of the route's pattern.
  std::string Match(int n) const { return req.matches[n].str(); }
  bool WantsJson() const;

  // Calls a unary RPC of priod with the session's token (30 s deadline).
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Call(
      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
      const Request& request, absl::Duration timeout = absl::Seconds(30)) {
    Stub stub(channel);
    return client::Unary(&stub, method, request, timeout, session.token);
  }

  // Sends a command of SurveyCommands with the session's token (30 s deadline), again
  // when it lost a race (client::SendCommand).
  template <typename Request>
  absl::StatusOr<v1::CommandResponse> Command(
      grpc::Status (v1::SurveyCommands::Stub::*method)(grpc::ClientContext*, const Request&,
                                                        v1::CommandResponse*),
      const Request& request) {
    v1::SurveyCommands::Stub stub(channel);
    return client::SendCommand(&stub, method, request, absl::Seconds(30), session.token);
  }

  void Html(int status, std::string_view title, std::string_view body);
  void Redirect(std::string_view location);  // 303 See Other
  void Json(int status, std::string body);
  // The page for a refused or failed call: UNAUTHENTICATED ends the session ("your
  // sign-in has ended"), PERMISSION_DENIED is 403, NOT_FOUND 404, INVALID_ARGUMENT and
  // FAILED_PRECONDITION 422, anything else 502, each with priod's message.
  void Fail(const absl::Status& status);
  // Sets the session cookie (HttpOnly; SameSite=Strict; Secure and __Host- under TLS);
  // an empty id removes it.
  void SetSessionCookie(const std::string& id);
};

class Router {
 public:
  using Handler = std::function<void(Exchange&)>;
  enum class Access { kSignedIn, kAnyone };

  Router(httplib::Server& server, SessionStore& sessions, std::shared_ptr<grpc::Channel> channel,
         bool tls)
      : server_(server), sessions_(sessions), channel_(std::move(channel)), tls_(tls) {}

  void Get(const std::string& pattern, Handler h, Access access = Access::kSignedIn);
  void Post(const std::string& pattern, Handler h, Access access = Access::kSignedIn);
  httplib::Server& server() { return server_; }

 private:
  void Run(const httplib::Request& req, httplib::Response& res, const Handler& h, Access access,
           bool post);

  httplib::Server& server_;
  SessionStore& sessions_;
  std::shared_ptr<grpc::Channel> channel_;
  const bool tls_;
};

// Sets the headers every response carries (CSP, nosniff, no framing, no referrer
// beyond the origin, no caching of pages).
void SetSecurityHeaders(httplib::Response& res);

// The page sets of the front end (web/*_pages.cc).
void AddSignInPages(Router& r);
void AddMunicipalityPages(Router& r);
void AddProviderPages(Router& r);
void AddLivePages(Router& r);
void AddAuditPages(Router& r);
void AddAssets(httplib::Server& server);

}  // namespace prio::web

#endif  // PRIO_WEB_EXCHANGE_H_
