// Who calls the EventStoreDB listener. The official clients send "authorization: Basic
// base64(user:password)" over TLS (never over plaintext); prio takes the password as a
// prio token and ignores the user name. "authorization: Bearer <token>" works too.
// Without credentials a call acts as the anonymous role if one was configured
// (priod --esdb-anonymous-role), and is refused otherwise. Roles are then checked
// against prio's policy table (security/policy.h) under the prio.v1 EventStore method
// the call amounts to. Thread-safe.
#ifndef PRIO_SERVER_ESDB_AUTH_H_
#define PRIO_SERVER_ESDB_AUTH_H_

#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"
#include "server/security/principal.h"
#include "server/security/token_registry.h"

namespace prio::server::esdb {

class Authenticator {
 public:
  // `tokens` must outlive this. `anonymous`: the role of calls without credentials.
  Authenticator(const security::TokenRegistry* tokens, std::optional<v1::Role> anonymous)
      : tokens_(tokens), anonymous_(anonymous) {}

  // The caller, if it may call `method` ("EventStore/ReadStream", ...).
  // Errors (both as the protocol's access-denied, errors.h): UNAUTHENTICATED (no or bad
  // credentials), PERMISSION_DENIED (the role may not call `method`).
  absl::StatusOr<security::Principal> Authorize(const grpc::ServerContextBase& ctx,
                                                std::string_view method) const;

 private:
  const security::TokenRegistry* const tokens_;
  const std::optional<v1::Role> anonymous_;
};

}  // namespace prio::server::esdb

#endif  // PRIO_SERVER_ESDB_AUTH_H_
