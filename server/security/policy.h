// Who may call what: one row per RPC of prio's gRPC services. The server enforces it
// (authorizer.h) and the authorization matrix test is generated from it, so that a
// new RPC without a row fails that test.
#ifndef PRIO_SERVER_SECURITY_POLICY_H_
#define PRIO_SERVER_SECURITY_POLICY_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "prio/v1/security.pb.h"

namespace prio::security {

// How far a municipality token reaches in an RPC its role may call.
enum class MunicipalityScope {
  kAny,      // reference data everybody may read
  kOwnAgs,   // the request's "ags" field must be the token's municipality
  kResults,  // only rounds it takes part in, as the round's results visibility allows
             // (checked by the handler, which knows the round)
};

struct MethodPolicy {
  std::string_view method;  // "Service/Method" of package prio.v1
  uint32_t roles;           // bits RoleBit(role) that may call it
  MunicipalityScope municipality = MunicipalityScope::kAny;
};

constexpr uint32_t RoleBit(v1::Role role) { return 1u << static_cast<int>(role); }

// Every RPC's row, in the order of the .proto files.
std::span<const MethodPolicy> Policies();
// The row of `method`, or nullptr.
const MethodPolicy* FindPolicy(std::string_view method);
// What a role may do, in one sentence (for PERMISSION_DENIED messages and the README).
std::string_view RoleSummary(v1::Role role);

}  // namespace prio::security

#endif  // PRIO_SERVER_SECURITY_POLICY_H_
