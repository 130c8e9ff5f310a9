// Who is calling: the principal a bearer token stands for. Its `name` is what every
// event the caller appends records as metadata "principal".
#ifndef PRIO_SERVER_SECURITY_PRINCIPAL_H_
#define PRIO_SERVER_SECURITY_PRINCIPAL_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "prio/v1/security.pb.h"

namespace prio::security {

struct Principal {
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::string ags;       // municipality tokens only
  std::string token_id;  // "" for priod itself
  // "admin/3f2a9c1e0b12", "municipality/05758004/3f2a9c1e0b12", "priod"
  std::string name;
};

// Builds a principal with its name.
Principal MakePrincipal(v1::Role role, std::string ags, std::string token_id);

// priod acting on its own (the first admin token).
Principal ServerPrincipal();

// "admin", "municipality", "service", "auditor".
std::string_view RoleName(v1::Role role);
// The reverse; INVALID_ARGUMENT naming the roles otherwise.
absl::StatusOr<v1::Role> ParseRole(std::string_view name);

}  // namespace prio::security

#endif  // PRIO_SERVER_SECURITY_PRINCIPAL_H_
