#include "server/domain/streams.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"

namespace prio::domain {
std::string MunicipalityStream(std::string_view ags) {
  return absl::StrCat("municipality-", ToAbsl(ags));
}

std::string RoundStream(std::string_view round_id) {
  return absl::StrCat("round-", ToAbsl(round_id));
}

std::string AnswersStream(std::string_view round_id, std::string_view ags) {
  return absl::StrCat("round-", ToAbsl(round_id), "-", ToAbsl(ags));
}

bool IsDomainStream(std::string_view stream) {
  return stream == kCatalogStream || stream == kPlanningStream ||
         absl::StartsWith(ToAbsl(stream), "municipality-") ||
         absl::StartsWith(ToAbsl(stream), "round-");
}

}  // namespace prio::domain
