// Need levels: how the CLI, CSV files and views spell them.
#ifndef PRIO_SERVER_DOMAIN_NEED_LEVEL_H_
#define PRIO_SERVER_DOMAIN_NEED_LEVEL_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "prio/v1/events.pb.h"

namespace prio::domain {

// "required", "erforderlich", ... -> the level; INVALID_ARGUMENT listing the choices.
absl::StatusOr<v1::NeedLevel> ParseNeedLevel(std::string_view text);
// "required", "wanted", "optional", "not-needed", "already-live".
std::string_view NeedLevelKey(v1::NeedLevel level);

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_NEED_LEVEL_H_
