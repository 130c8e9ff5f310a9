// Implementation paths and deadline kinds: how the CLI, CSV files and views spell them.
#ifndef PRIO_VOCABULARY_OFFERING_H_
#define PRIO_VOCABULARY_OFFERING_H_

#include <string_view>

#include "absl/status/statusor.h"
#include "prio/v1/events.pb.h"

namespace prio::vocab {

// "own", "efa", "market", "live" (German: eigen, eigenbau, efa, markt, kauf, live,
// bereits online); case-insensitive. INVALID_ARGUMENT listing the choices otherwise.
absl::StatusOr<v1::ImplementationPath> ParseImplementationPath(std::string_view text);
// "own", "efa", "market", "live"; "" for UNSPECIFIED.
std::string_view ImplementationPathKey(v1::ImplementationPath path);

// "ozg-business", "state", "provider" (German: ozg-unternehmen, land, dienstleister);
// case-insensitive. INVALID_ARGUMENT listing the choices otherwise.
absl::StatusOr<v1::DeadlineKind> ParseDeadlineKind(std::string_view text);
// "ozg-business", "state", "provider"; "" for UNSPECIFIED.
std::string_view DeadlineKindKey(v1::DeadlineKind kind);

}  // namespace prio::vocab

#endif  // PRIO_VOCABULARY_OFFERING_H_
