// The survey's stream layout (see proto/prio/v1/events.proto) and its names.
#ifndef PRIO_SERVER_DOMAIN_STREAMS_H_
#define PRIO_SERVER_DOMAIN_STREAMS_H_

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace prio::domain {

inline constexpr std::string_view kCatalogStream = "catalog";
inline constexpr std::string_view kPlanningStream = "planning";

std::string MunicipalityStream(std::string_view ags);               // municipality-<ags>
std::string RoundStream(std::string_view round_id);                 // round-<id>
std::string AnswersStream(std::string_view round_id, std::string_view ags);  // round-<id>-<ags>

// True for every stream the survey commands own. The EventStore's raw Append refuses
// them, so that only validated commands write there.
bool IsDomainStream(std::string_view stream);

// Round ids and AGS are checked by vocabulary/identifiers.h.

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_STREAMS_H_
