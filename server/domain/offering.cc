#include "server/domain/offering.h"

namespace prio::domain {

std::optional<PlanInput> PlanInputOf(const SurveyState& state, std::string_view service_id) {
  PlanInput in;
  auto o = state.offerings().find(service_id);
  const v1::OfferingSet* offering = o == state.offerings().end() ? nullptr : &o->second;
  if (offering != nullptr) {
    in.path = offering->path();
    in.offered_by = offering->offered_by();
  }
  switch (in.path) {
    case v1::IMPLEMENTATION_PATH_LIVE:
      return in;
    case v1::IMPLEMENTATION_PATH_EFA:
    case v1::IMPLEMENTATION_PATH_MARKET: {
      in.team = offering->integration_team();
      in.central_days = offering->integration_person_days();
      in.onboarding_days = offering->onboarding_person_days();
      in.onboarding_department = offering->onboarding_department();
      absl::StatusOr<vocab::Quarter> q = vocab::Quarter::Parse(offering->available_from());
      if (q.ok()) in.available_from = *q;
      in.yearly_cost_eur = offering->yearly_cost_eur();
      return in;
    }
    default: {
      auto e = state.efforts().find(service_id);
      if (e == state.efforts().end()) return std::nullopt;
      in.team = e->second.team();
      in.central_days = e->second.central_person_days();
      in.onboarding_days = e->second.onboarding_person_days();
      in.onboarding_department = e->second.onboarding_department();
      return in;
    }
  }
}

}  // namespace prio::domain
