// Need levels: how the CLI, CSV files and views spell them.
#ifndef PRIO_VOCABULARY_NEED_LEVEL_H_
#define PRIO_VOCABULARY_NEED_LEVEL_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "prio/v1/events.pb.h"

namespace prio::vocab {

// "required", "erforderlich", ... -> the level; INVALID_ARGUMENT listing the choices.
absl::StatusOr<v1::NeedLevel> ParseNeedLevel(std::string_view text);
// "required", "wanted", "optional", "not-needed", "already-live".
std::string_view NeedLevelKey(v1::NeedLevel level);

}  // namespace prio::vocab

#endif  // PRIO_VOCABULARY_NEED_LEVEL_H_
