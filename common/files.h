// Whole-file reads and atomic, synced writes: the one way prio reads an input file
// (PEM files, CSV, token files, --data-file, the audit state file) and writes a file
// another process or a later run relies on (secrets, checkpoint.pub, the audit state
// file, priod's ready file). Thread-compatible: concurrent writers of the same path
// share its temporary file and must be serialized by the caller.
#ifndef PRIO_COMMON_FILES_H_
#define PRIO_COMMON_FILES_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace prio {

// The file's bytes. NOT_FOUND "PATH: no such file" if it does not exist; UNAVAILABLE
// "cannot read PATH: <reason>" if it cannot be opened or read (a directory, no
// permission, an I/O error). An empty file is an empty string, not an error.
absl::StatusOr<std::string> ReadFile(const std::string& path);

// The same, with nullopt instead of NOT_FOUND: for files that may not exist yet.
absl::StatusOr<std::optional<std::string>> ReadFileIfExists(const std::string& path);

// Writes `content` to `path` via PATH.tmp, created with `mode` (so never readable
// beyond it, not even briefly), synced, renamed over `path`, and the directory synced:
// a reader sees the old file or the whole new one, also after a crash. UNAVAILABLE
// "cannot <step> PATH: <reason>" on failure; then `path` is unchanged.
absl::Status WriteFileAtomically(const std::string& path, std::string_view content,
                                 unsigned mode = 0644);

}  // namespace prio

#endif  // PRIO_COMMON_FILES_H_
