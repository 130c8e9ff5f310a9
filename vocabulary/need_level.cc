#include "vocabulary/need_level.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"

namespace prio::vocab {
namespace {

std::string Lower(std::string_view s) { return absl::AsciiStrToLower(ToAbsl(s)); }

}  // namespace

absl::StatusOr<v1::NeedLevel> ParseNeedLevel(std::string_view text) {
  const std::string v = Lower(ToStd(absl::StripAsciiWhitespace(ToAbsl(text))));
  if (v == "required" || v == "erforderlich" || v == "pflicht") return v1::NEED_LEVEL_REQUIRED;
  if (v == "wanted" || v == "gewünscht" || v == "gewuenscht") return v1::NEED_LEVEL_WANTED;
  if (v == "optional") return v1::NEED_LEVEL_OPTIONAL;
  if (v == "not-needed" || v == "nicht benötigt" || v == "nicht benoetigt" ||
      v == "kein bedarf") {
    return v1::NEED_LEVEL_NOT_NEEDED;
  }
  if (v == "already-live" || v == "bereits online" || v == "bereits live") {
    return v1::NEED_LEVEL_ALREADY_LIVE;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown need level \"", ToAbsl(text.substr(0, 60)),
      "\"; expected required, wanted, optional, not-needed or already-live (or erforderlich, "
      "gewünscht, optional, nicht benötigt, bereits online)"));
}

std::string_view NeedLevelKey(v1::NeedLevel level) {
  switch (level) {
    case v1::NEED_LEVEL_REQUIRED:
      return "required";
    case v1::NEED_LEVEL_WANTED:
      return "wanted";
    case v1::NEED_LEVEL_OPTIONAL:
      return "optional";
    case v1::NEED_LEVEL_NOT_NEEDED:
      return "not-needed";
    case v1::NEED_LEVEL_ALREADY_LIVE:
      return "already-live";
    default:
      return "unspecified";
  }
}

}  // namespace prio::vocab
