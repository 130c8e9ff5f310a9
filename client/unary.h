// One helper for every unary prio RPC: a deadline, and the server's status as an
// absl::Status with its code and message. `bearer`, if not empty, is sent as this
// call's "authorization: Bearer" (the web front end's per-session tokens; the CLI sets
// its token on the channel instead).
//
//   auto stub = v1::SurveyCommands::NewStub(channel);
//   absl::StatusOr<v1::CommandResponse> r =
//       client::Unary(stub.get(), &v1::SurveyCommands::Stub::OpenRound, request);
#ifndef PRIO_CLIENT_UNARY_H_
#define PRIO_CLIENT_UNARY_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/store_client.h"
#include "grpcpp/client_context.h"

namespace prio::client {

// True if `value` can travel in a gRPC header: printable ASCII only (gRPC aborts the
// process on anything else).
inline bool HeaderSafe(std::string_view value) {
  for (char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Unary(Stub* stub,
                               grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                            Response*),
                               const Request& request, absl::Duration timeout = absl::Minutes(2),
                               std::string_view bearer = {}) {
  if (!HeaderSafe(bearer)) {
    return absl::UnauthenticatedError("the token holds characters a request header cannot carry");
  }
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  if (!bearer.empty()) ctx.AddMetadata("authorization", std::string("Bearer ").append(bearer));
  Response response;
  grpc::Status s = (stub->*method)(&ctx, request, &response);
  if (!s.ok()) return FromGrpcStatus(s);
  return response;
}

// Unary for a command of SurveyCommands: a command that lost a race (ABORTED: another
// writer changed the stream first, nothing was written) is sent again, up to 5 times in
// all; priod validates it anew each time. Returns the last answer.
template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> SendCommand(Stub* stub,
                                     grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                                  const Request&, Response*),
                                     const Request& request,
                                     absl::Duration timeout = absl::Minutes(2),
                                     std::string_view bearer = {}) {
  absl::StatusOr<Response> r;
  for (int attempt = 0; attempt < 5; ++attempt) {
    r = Unary(stub, method, request, timeout, bearer);
    if (!absl::IsAborted(r.status())) break;
  }
  return r;
}

}  // namespace prio::client

#endif  // PRIO_CLIENT_UNARY_H_
