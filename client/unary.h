// One helper for every unary prio RPC: a deadline, and the server's status as an
// absl::Status with its code and message.
//
//   auto stub = v1::SurveyCommands::NewStub(channel);
//   absl::StatusOr<v1::CommandResponse> r =
//       client::Unary(stub.get(), &v1::SurveyCommands::Stub::OpenRound, request);
#ifndef PRIO_CLIENT_UNARY_H_
#define PRIO_CLIENT_UNARY_H_

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/store_client.h"
#include "grpcpp/client_context.h"

namespace prio::client {

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Unary(Stub* stub,
                               grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                            Response*),
                               const Request& request, absl::Duration timeout = absl::Minutes(2)) {
  grpc::ClientContext ctx;
  ctx.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  Response response;
  grpc::Status s = (stub->*method)(&ctx, request, &response);
  if (!s.ok()) return FromGrpcStatus(s);
  return response;
}

}  // namespace prio::client

#endif  // PRIO_CLIENT_UNARY_H_
