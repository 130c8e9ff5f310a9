// Who is calling: the principal recorded in the metadata of every event a command
// appends.
//
// priod has no authentication yet (bearer tokens and roles are the security issue's
// work): every caller acts as the local operator "local", with every permission.
// Until then priod must only listen where every client is trusted (its default is
// loopback). This is the one function that changes when tokens arrive.
#ifndef PRIO_SERVER_PRINCIPAL_H_
#define PRIO_SERVER_PRINCIPAL_H_

#include <string>

#include "grpcpp/server_context.h"

namespace prio::server {

inline std::string CallerPrincipal(const grpc::CallbackServerContext& ctx) { return "local"; }

}  // namespace prio::server

#endif  // PRIO_SERVER_PRINCIPAL_H_
