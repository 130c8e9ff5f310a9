// Authorizer: authenticates a call's bearer token and checks the policy (policy.h) of
// the RPC it makes. Every handler of prio's services calls it first:
//
//   PRIO_ASSIGN_OR_RETURN(Principal caller,
//                         authorizer.Authorize(*ctx, "SurveyCommands/SubmitNeeds", *request));
//
// Errors: UNAUTHENTICATED (no "authorization: Bearer <token>" metadata, or a token that
// is malformed, unknown or revoked); PERMISSION_DENIED (the token's role may not call
// the RPC, or a municipality token names another municipality), naming what the
// caller may do. Thread-safe.
#ifndef PRIO_SERVER_SECURITY_AUTHORIZER_H_
#define PRIO_SERVER_SECURITY_AUTHORIZER_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "grpcpp/server_context.h"
#include "server/security/principal.h"
#include "server/security/token_registry.h"

namespace prio::security {

class Authorizer {
 public:
  explicit Authorizer(const TokenRegistry* tokens) : tokens_(tokens) {}

  absl::StatusOr<Principal> Authorize(const grpc::ServerContextBase& ctx,
                                      std::string_view method,
                                      const google::protobuf::Message& request) const;

  // The same for a caller already known (the checks without authentication).
  static absl::Status Check(const Principal& caller, std::string_view method,
                            const google::protobuf::Message& request);

 private:
  const TokenRegistry* const tokens_;
};

// The bearer token of the call's "authorization" metadata.
// Errors: UNAUTHENTICATED (absent or not "Bearer <token>").
absl::StatusOr<std::string_view> BearerToken(const grpc::ServerContextBase& ctx);

}  // namespace prio::security

#endif  // PRIO_SERVER_SECURITY_AUTHORIZER_H_
