#include "server/security/secret_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/files.h"

namespace prio::security {

absl::Status WriteSecretFile(const std::string& path, const std::string& content) {
  return WriteFileAtomically(path, content, 0600);
}

absl::StatusOr<std::optional<std::string>> ReadSecretFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return std::nullopt;
    return absl::UnavailableError(absl::StrCat("cannot stat ", path, ": ", std::strerror(errno)));
  }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, " may be read by group or others (mode ",
        absl::StrFormat("%04o", st.st_mode & 0777), "); it holds a secret: chmod 600 ", path));
  }
  return ReadFileIfExists(path);
}

}  // namespace prio::security
