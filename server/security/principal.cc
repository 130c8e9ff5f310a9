#include "server/security/principal.h"

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"

namespace prio::security {

Principal MakePrincipal(v1::Role role, std::string ags, std::string token_id) {
  Principal p{.role = role, .ags = std::move(ags), .token_id = std::move(token_id)};
  p.name = p.ags.empty() ? absl::StrCat(ToAbsl(RoleName(role)), "/", p.token_id)
                         : absl::StrCat(ToAbsl(RoleName(role)), "/", p.ags, "/", p.token_id);
  return p;
}

Principal ServerPrincipal() {
  return Principal{.role = v1::ROLE_ADMIN, .name = "priod"};
}

std::string_view RoleName(v1::Role role) {
  switch (role) {
    case v1::ROLE_ADMIN:
      return "admin";
    case v1::ROLE_MUNICIPALITY:
      return "municipality";
    case v1::ROLE_SERVICE:
      return "service";
    case v1::ROLE_AUDITOR:
      return "auditor";
    default:
      return "none";
  }
}

absl::StatusOr<v1::Role> ParseRole(std::string_view name) {
  for (v1::Role r : {v1::ROLE_ADMIN, v1::ROLE_MUNICIPALITY, v1::ROLE_SERVICE, v1::ROLE_AUDITOR}) {
    if (name == RoleName(r)) return r;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "role \"", ToAbsl(name.substr(0, 40)),
      "\" does not exist; roles are admin, municipality, service, auditor"));
}

}  // namespace prio::security
