#include "vocabulary/offering.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"

namespace prio::vocab {
namespace {

std::string Normal(std::string_view s) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(ToAbsl(s)));
}

}  // namespace

absl::StatusOr<v1::ImplementationPath> ParseImplementationPath(std::string_view text) {
  const std::string v = Normal(text);
  if (v == "own" || v == "eigen" || v == "eigenbau") return v1::IMPLEMENTATION_PATH_OWN;
  if (v == "efa") return v1::IMPLEMENTATION_PATH_EFA;
  if (v == "market" || v == "markt" || v == "kauf") return v1::IMPLEMENTATION_PATH_MARKET;
  if (v == "live" || v == "bereits online") return v1::IMPLEMENTATION_PATH_LIVE;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown implementation path \"", ToAbsl(text.substr(0, 60)),
      "\"; expected own, efa, market or live (or eigen, efa, markt, bereits online)"));
}

std::string_view ImplementationPathKey(v1::ImplementationPath path) {
  switch (path) {
    case v1::IMPLEMENTATION_PATH_OWN:
      return "own";
    case v1::IMPLEMENTATION_PATH_EFA:
      return "efa";
    case v1::IMPLEMENTATION_PATH_MARKET:
      return "market";
    case v1::IMPLEMENTATION_PATH_LIVE:
      return "live";
    default:
      return "";
  }
}

absl::StatusOr<v1::DeadlineKind> ParseDeadlineKind(std::string_view text) {
  const std::string v = Normal(text);
  if (v == "ozg-business" || v == "ozg-unternehmen") return v1::DEADLINE_KIND_OZG_BUSINESS;
  if (v == "state" || v == "land") return v1::DEADLINE_KIND_STATE;
  if (v == "provider" || v == "dienstleister") return v1::DEADLINE_KIND_PROVIDER;
  return absl::InvalidArgumentError(absl::StrCat(
      "unknown deadline kind \"", ToAbsl(text.substr(0, 60)),
      "\"; expected ozg-business, state or provider (or ozg-unternehmen, land, dienstleister)"));
}

std::string_view DeadlineKindKey(v1::DeadlineKind kind) {
  switch (kind) {
    case v1::DEADLINE_KIND_OZG_BUSINESS:
      return "ozg-business";
    case v1::DEADLINE_KIND_STATE:
      return "state";
    case v1::DEADLINE_KIND_PROVIDER:
      return "provider";
    default:
      return "";
  }
}

}  // namespace prio::vocab
