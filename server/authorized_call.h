// The shape of prio's unary RPC handlers: authorize the caller (policy.h), then run
// the work on the worker pool (which may read from disk or block briefly, which a
// reaction must not do) and finish the call with its status.
//
//   return RunAuthorized(ctx, *authorizer_, *workers_, "Security/ListTokens", *request,
//                        [&](const security::Principal& caller) -> absl::Status { ... });
#ifndef PRIO_SERVER_AUTHORIZED_CALL_H_
#define PRIO_SERVER_AUTHORIZED_CALL_H_

#include <string_view>
#include <utility>

#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "server/grpc_status.h"
#include "server/security/authorizer.h"
#include "server/worker_pool.h"

namespace prio::server {

// `work(const security::Principal&) -> absl::Status` runs only for an authorized
// caller; otherwise the call finishes with UNAUTHENTICATED or PERMISSION_DENIED.
template <typename Request, typename Work>
grpc::ServerUnaryReactor* RunAuthorized(grpc::CallbackServerContext* ctx,
                                        const security::Authorizer& authorizer,
                                        WorkerPool& workers, std::string_view method,
                                        const Request& request, Work work) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::StatusOr<security::Principal> caller = authorizer.Authorize(*ctx, method, request);
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  workers.Schedule([reactor, caller = *std::move(caller), work = std::move(work)]() mutable {
    reactor->Finish(ToGrpcStatus(work(caller)));
  });
  return reactor;
}

}  // namespace prio::server

#endif  // PRIO_SERVER_AUTHORIZED_CALL_H_
