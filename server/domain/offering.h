// How the plan brings a service online: its implementation path (OfferingSet) and
// effort estimate (EffortEstimated) resolved into what the scheduling rule (plan.h) and
// the equal-shares cost (plan_selection.h) read.
//
//   path         team               central effort           onboarding (per municipality)
//   own, none    estimate's team    estimate's central days  estimate's
//   efa, market  integration team   integration days         the offering's
//   live         -                  nothing to schedule      -
//
// efa and market are not scheduled before `available_from`, and carry their yearly cost
// from the rollout quarter on.
#ifndef PRIO_SERVER_DOMAIN_OFFERING_H_
#define PRIO_SERVER_DOMAIN_OFFERING_H_

#include <optional>
#include <string>
#include <string_view>

#include "server/domain/survey_state.h"
#include "vocabulary/quarter.h"

namespace prio::domain {

struct PlanInput {
  v1::ImplementationPath path = v1::IMPLEMENTATION_PATH_UNSPECIFIED;  // as declared
  std::string offered_by;
  std::string team;
  double central_days = 0;
  double onboarding_days = 0;
  std::string onboarding_department;  // may be empty (the need's department then)
  std::optional<vocab::Quarter> available_from;
  double yearly_cost_eur = 0;

  bool live() const { return path == v1::IMPLEMENTATION_PATH_LIVE; }
};

// The service's plan input; nullopt for an own build (declared or by default) without an
// effort estimate. Pure; thread-compatible (reads `state`).
std::optional<PlanInput> PlanInputOf(const SurveyState& state, std::string_view service_id);

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_OFFERING_H_
