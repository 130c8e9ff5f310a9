// Files that hold secrets (DATA_DIR/admin.token, the master key): written with mode
// 0600 from the start (never readable by others, not even briefly), synced, and
// replaced atomically (common/files.h); refused when read if others may read them.
#ifndef PRIO_SERVER_SECURITY_SECRET_FILE_H_
#define PRIO_SERVER_SECURITY_SECRET_FILE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace prio::security {

// WriteFileAtomically with mode 0600. Errors as WriteFileAtomically's.
absl::Status WriteSecretFile(const std::string& path, const std::string& content);

// The file's content, or nullopt if it does not exist. Errors: UNAVAILABLE;
// FAILED_PRECONDITION if group or others may read it (the message says how to fix).
absl::StatusOr<std::optional<std::string>> ReadSecretFile(const std::string& path);

}  // namespace prio::security

#endif  // PRIO_SERVER_SECURITY_SECRET_FILE_H_
