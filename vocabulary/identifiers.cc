#include "vocabulary/identifiers.h"

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"

namespace prio::vocab {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

absl::Status ValidateRoundId(std::string_view id) {
  constexpr std::size_t kMax = 63;
  auto bad = [&](std::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("round id \"", ToAbsl(id.substr(0, 80)), "\" ", ToAbsl(why)));
  };
  if (id.empty() || id.size() > kMax) return bad("must be 1-63 characters");
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
      return bad("may contain only a-z, 0-9 and '-'");
    }
  }
  if (id.front() == '-') return bad("must start with a letter or digit");
  if (id.size() >= 9 && id[id.size() - 9] == '-' && AllDigits(id.substr(id.size() - 8))) {
    return bad("must not end in '-' followed by 8 digits (reserved for municipality streams)");
  }
  return absl::OkStatus();
}

absl::Status ValidateAgs(std::string_view ags) {
  if (ags.size() != 8 || !AllDigits(ags)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "AGS \"", ToAbsl(ags.substr(0, 40)), "\" must be exactly 8 digits (e.g. 05758004)"));
  }
  return absl::OkStatus();
}

}  // namespace prio::vocab
