// The projections' views as protobuf responses: rankings, plan, round status and
// compass, computed from a SurveyState (current or as of a past position). Pure
// functions; the query service and the watch stream share them.
#ifndef PRIO_SERVER_VIEWS_H_
#define PRIO_SERVER_VIEWS_H_

#include "absl/status/statusor.h"
#include "prio/v1/queries.pb.h"
#include "server/domain/ranking.h"
#include "server/domain/survey_state.h"

namespace prio::server {

// Errors: INVALID_ARGUMENT (bad round id, method, weighting, or a method that does not
// fit the round), NOT_FOUND (no such round or municipality).
absl::StatusOr<v1::RankingResponse> RankingView(const domain::SurveyState& state,
                                                const v1::RankingRequest& request,
                                                domain::SchulzeCache* cache);
absl::StatusOr<v1::PlanResponse> PlanView(const domain::SurveyState& state,
                                          const v1::PlanRequest& request,
                                          domain::SchulzeCache* cache);
absl::StatusOr<v1::ExportRoundResponse> ExportRoundView(const domain::SurveyState& state,
                                                        const v1::ExportRoundRequest& request,
                                                        domain::SchulzeCache* cache);
absl::StatusOr<v1::RoundStatusResponse> RoundStatusView(const domain::SurveyState& state,
                                                        const v1::RoundStatusRequest& request);
absl::StatusOr<v1::CompassResponse> CompassView(const domain::SurveyState& state,
                                                const v1::CompassRequest& request);

// The round as the query layer shows it (phase at `now_us`).
v1::RoundView ToRoundView(const domain::RoundState& r, int64_t now_us);

}  // namespace prio::server

#endif  // PRIO_SERVER_VIEWS_H_
