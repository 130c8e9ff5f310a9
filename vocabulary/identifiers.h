// The wire's identifiers that both sides check: round ids and AGS
// (Amtlicher Gemeindeschlüssel). Pure functions; thread-safe.
#ifndef PRIO_VOCABULARY_IDENTIFIERS_H_
#define PRIO_VOCABULARY_IDENTIFIERS_H_

#include <string_view>

#include "absl/status/status.h"

namespace prio::vocab {

// Round ids: 1-63 of [a-z0-9-], starting with a letter or digit, and not ending in
// "-" + 8 digits (that suffix names a municipality's answers stream). INVALID_ARGUMENT
// naming the rule otherwise.
absl::Status ValidateRoundId(std::string_view round_id);

// AGS: exactly 8 digits. INVALID_ARGUMENT naming the value otherwise.
absl::Status ValidateAgs(std::string_view ags);

}  // namespace prio::vocab

#endif  // PRIO_VOCABULARY_IDENTIFIERS_H_
