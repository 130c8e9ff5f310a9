// Files that hold secrets (DATA_DIR/admin.token, the master key): written with mode
// 0600 from the start (never readable by others, not even briefly), synced, and
// replaced atomically.
#ifndef PRIO_SERVER_SECURITY_SECRET_FILE_H_
#define PRIO_SERVER_SECURITY_SECRET_FILE_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"

namespace prio::security {

// Writes `content` to `path` with `mode` via a temporary file (created with that mode,
// synced) and rename, so a reader sees the old file or the whole new one.
// Errors: UNAVAILABLE naming the path and the system's reason.
absl::Status WriteFileAtomically(const std::string& path, const std::string& content,
                                 unsigned mode);

// WriteFileAtomically with mode 0600.
absl::Status WriteSecretFile(const std::string& path, const std::string& content);

// The file's content, or nullopt if it does not exist. Errors: UNAVAILABLE;
// FAILED_PRECONDITION if group or others may read it (the message says how to fix).
absl::StatusOr<std::optional<std::string>> ReadSecretFile(const std::string& path);

}  // namespace prio::security

#endif  // PRIO_SERVER_SECURITY_SECRET_FILE_H_
