// Which services a round's plan takes on, and in which order: the selection rule
// before the scheduling rule (plan.h).
//
//   greedy        every service in ranking order (the scheduling rule then takes what
//                 fits the teams' capacity).
//   equal-shares  the Method of Equal Shares (equal_shares.h) over the round's current
//                 ballots: voters are the participants with a current ballot, weighted
//                 by the ranking's weighting (tally.h WeightOf); a voter's utility for
//                 a service is the points it gave (points rounds) or its Borda points
//                 k, k-1, ..., 1 (ranked rounds); a service's cost is its effort for
//                 the provider (offering.h: an own build's central effort, an EfA or
//                 market product's integration effort; person-days in units of 1/1000
//                 person-day); services without an effort estimate cannot be costed
//                 and live services need nothing, and an EfA or market product
//                 available only after the window cannot be scheduled: none is
//                 selected. The budget
//                 is the teams' declared central capacity within the planning window,
//                 or the caller's. The completion step also takes services that
//                 participants need but no ballot names (as the greedy rule would).
//                 Selected services come first, in selection order; the scheduling
//                 rule plans them in that order.
#ifndef PRIO_SERVER_DOMAIN_PLAN_SELECTION_H_
#define PRIO_SERVER_DOMAIN_PLAN_SELECTION_H_

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "server/domain/equal_shares.h"
#include "server/domain/ranking.h"
#include "server/domain/survey_state.h"
#include "vocabulary/quarter.h"

namespace prio::domain {

enum class Selection { kGreedy, kEqualShares };

// "greedy" (also ""), "equal-shares"; INVALID_ARGUMENT naming both otherwise.
absl::StatusOr<Selection> ParseSelection(std::string_view text);
std::string_view SelectionName(Selection s);

inline constexpr int64_t kUnitsPerPersonDay = 1000;

struct SelectedService {
  uint32_t order = 0;          // 1, 2, ... in selection order
  bool by_completion = false;  // chosen by the greedy completion step
  // ρ in 1/1000 person-day per point, exact: "50", "100/3"; "" for the completion.
  std::string rho;
};

struct PlanSelection {
  Selection rule = Selection::kGreedy;
  double budget_days = 0;  // equal-shares only
  double spent_days = 0;
  uint32_t voters = 0;
  // The ranking rows in the order the scheduling rule takes them: all of them for
  // greedy; for equal-shares the selected ones, in selection order.
  std::vector<RankingRow> order;
  std::map<std::string, SelectedService> selected;  // equal-shares, by service id
};

// A round's planning window: `horizon` quarters from `first` (its plan start; 2027-Q1
// for a round recorded without one).
struct PlanWindow {
  vocab::Quarter first;
  int horizon = 0;
  vocab::Quarter last() const { return first.Plus(horizon - 1); }
};
PlanWindow WindowOf(const RoundState& round);

// Each team's declared central capacity per quarter of `round`'s planning window
// (index 0: its first quarter); quarters outside the window are left out. Shared by
// the scheduling rule and the equal-shares budget.
std::map<std::string, std::vector<double>> TeamCapacityInWindow(const SurveyState& state,
                                                                const RoundState& round);

// The instance equal-shares solves for `round` (the description above): the budget,
// one project per ranking row in ranking order (cost -1: no estimate, or live: never
// selected), one voter per participant with a current ballot, by AGS. SelectForPlan
// solves it; the pabulib export (prio round export) writes it out.
struct EqualSharesInstance {
  EqualSharesInput input;
  double budget_days = 0;
};
EqualSharesInstance EqualSharesInstanceFor(const SurveyState& state, const RoundState& round,
                                           const std::vector<RankingRow>& ranking,
                                           Weighting weighting,
                                           std::optional<double> budget_days);

// Selects for `round`'s plan from `ranking` (ComputeRanking's rows). `budget_days`
// overrides the capacity budget (equal-shares; >= 0, checked by the caller).
PlanSelection SelectForPlan(const SurveyState& state, const RoundState& round,
                            const std::vector<RankingRow>& ranking, Selection rule,
                            Weighting weighting, std::optional<double> budget_days);

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_PLAN_SELECTION_H_
