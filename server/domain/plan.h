// The resource plan of a round, by DESIGN's default rule:
//
// In selection order (plan_selection.h; with deadlines first: services with a deadline
// first, earliest deadline first, ties in selection order), each service with at least
// one supporter takes its central effort (person-days: an own build's estimate, an EfA
// or market product's integration effort, offering.h) from its team's remaining
// capacity, quarter by quarter, starting at the earliest allowed quarter and spilling
// into the following ones. The earliest allowed quarter is the round's first planning
// quarter, or the earliest desired start among the service's supporters if that is
// later (a supporter without a desired quarter means "as early as possible"), or an EfA
// or market product's availability if that is later still. What does not fit within
// the horizon is unscheduled, and takes no capacity. A live service is listed and not
// scheduled. The rollout quarter is the quarter after the last central quarter; in it
// every supporting municipality's department carries the onboarding effort. The
// department is the plan input's onboarding department, else the department the
// municipality named in its need, else "(unassigned)". Rollouts after the horizon are
// still listed. A yearly cost (EfA fee, licence) counts a quarter of itself in its
// team's view for every quarter from the rollout on. A service with a deadline misses it
// when its rollout falls after the deadline quarter, or when it is not scheduled and not
// live; a service with a deadline that no participant supports is listed (and misses it).
//
// Views: per service; per team × quarter (capacity, load, utilisation,
// over-allocated); per municipality × quarter × department (load, and over capacity
// where a capacity was declared).
#ifndef PRIO_SERVER_DOMAIN_PLAN_H_
#define PRIO_SERVER_DOMAIN_PLAN_H_

#include <optional>
#include <string>
#include <vector>

#include "prio/v1/queries.pb.h"
#include "vocabulary/quarter.h"
#include "server/domain/plan_selection.h"
#include "server/domain/ranking.h"
#include "server/domain/survey_state.h"

namespace prio::domain {

struct PlannedService {
  uint32_t rank = 0;
  std::string service_id;
  std::string name;
  std::string team;
  bool scheduled = false;
  std::string reason;  // why not scheduled
  v1::PlanReason reason_code = v1::PLAN_REASON_UNSPECIFIED;
  std::vector<std::string> reason_args;  // PlanReason's values
  vocab::Quarter start, end, rollout;
  double central_days = 0;
  double onboarding_days = 0;  // per municipality
  std::vector<std::string> municipalities;  // supporters, by AGS
  // Equal-shares: 1, 2, ... in selection order (0: greedy), whether the completion
  // step chose it, and its ρ (plan_selection.h).
  uint32_t selection_order = 0;
  bool by_completion = false;
  std::string rho;
  v1::ImplementationPath path = v1::IMPLEMENTATION_PATH_UNSPECIFIED;
  std::string offered_by;
  std::optional<vocab::Quarter> available_from;
  double yearly_cost_eur = 0;
  bool business = false;  // business.h
  std::optional<vocab::Quarter> deadline;
  v1::DeadlineKind deadline_kind = v1::DEADLINE_KIND_UNSPECIFIED;
  std::string deadline_source;
  uint32_t quarters_late = 0;
  bool misses_deadline = false;
};

struct TeamQuarter {
  std::string team;
  vocab::Quarter quarter;
  double capacity = 0;
  double load = 0;
  double utilisation = 0;  // load / capacity; 0 without capacity
  bool over_allocated = false;
  double running_cost_eur = 0;
};

struct DepartmentQuarter {
  std::string ags;
  std::string name;
  vocab::Quarter quarter;
  std::string department;
  double load = 0;
  std::optional<double> capacity;  // if declared
  bool over_capacity = false;
};

struct Plan {
  vocab::Quarter first;  // the round's planning window
  int horizon = 0;
  std::vector<PlannedService> services;      // in selection order, unscheduled ones included
  std::vector<TeamQuarter> teams;            // by team, then quarter
  std::vector<DepartmentQuarter> departments;  // by AGS, quarter, department
  bool deadlines_first = false;
  uint32_t deadlines_missed = 0;
};

struct PlanOptions {
  bool deadlines_first = false;
  // The departments view: computed for every municipality, for one AGS only, or (false)
  // not at all (the other views are the same either way).
  bool departments = true;
  std::string departments_of;  // "": every municipality
};

// Plans `ranking` (rows of ComputeRanking for `round`) in that order.
Plan ComputePlan(const SurveyState& state, const RoundState& round,
                 const std::vector<RankingRow>& ranking);

// Plans `selection.order`; with equal-shares the ranking's other services with
// supporters follow, unscheduled: "not selected by equal shares".
Plan ComputePlan(const SurveyState& state, const RoundState& round,
                 const PlanSelection& selection, const std::vector<RankingRow>& ranking,
                 const PlanOptions& options = {});

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_PLAN_H_
