#include "server/domain/plan_selection.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "server/domain/equal_shares.h"
#include "server/domain/offering.h"
#include "vocabulary/quarter.h"

namespace prio::domain {

absl::StatusOr<Selection> ParseSelection(std::string_view text) {
  if (text.empty() || text == "greedy") return Selection::kGreedy;
  if (text == "equal-shares") return Selection::kEqualShares;
  return absl::InvalidArgumentError(absl::StrCat(
      "selection \"", ToAbsl(text.substr(0, 40)), "\" is not one of greedy, equal-shares"));
}

std::string_view SelectionName(Selection s) {
  return s == Selection::kEqualShares ? "equal-shares" : "greedy";
}

namespace {

int64_t Units(double days) { return std::llround(days * kUnitsPerPersonDay); }
double Days(int64_t units) { return static_cast<double>(units) / kUnitsPerPersonDay; }

// The teams' declared central capacity within the round's planning window.
double CapacityBudget(const SurveyState& state, const RoundState& round) {
  double total = 0;
  for (const auto& [team, quarters] : TeamCapacityInWindow(state, round)) {
    for (double days : quarters) total += days;
  }
  return total;
}

}  // namespace

PlanWindow WindowOf(const RoundState& round) {
  return {.first = vocab::Quarter::Parse(round.round.plan_start_quarter())
                       .value_or(vocab::Quarter(2027, 1)),
          .horizon = static_cast<int>(round.round.horizon_quarters())};
}

std::map<std::string, std::vector<double>> TeamCapacityInWindow(const SurveyState& state,
                                                                const RoundState& round) {
  const PlanWindow window = WindowOf(round);
  std::map<std::string, std::vector<double>> capacity;
  for (const auto& [key, days] : state.team_capacity()) {
    absl::StatusOr<vocab::Quarter> q = vocab::Quarter::Parse(key.second);
    if (!q.ok()) continue;
    const int i = q->Minus(window.first);
    if (i < 0 || i >= window.horizon) continue;
    capacity[key.first].resize(window.horizon, 0);
    capacity[key.first][i] = days;
  }
  return capacity;
}

EqualSharesInstance EqualSharesInstanceFor(const SurveyState& state, const RoundState& round,
                                           const std::vector<RankingRow>& ranking,
                                           Weighting weighting,
                                           std::optional<double> budget_days) {
  EqualSharesInstance instance;
  instance.budget_days = budget_days.has_value() ? *budget_days : CapacityBudget(state, round);
  EqualSharesInput& in = instance.input;
  in.budget = Units(instance.budget_days);
  const vocab::Quarter last = WindowOf(round).last();
  std::map<std::string, std::size_t> index;
  for (const RankingRow& row : ranking) {
    const std::optional<PlanInput> input = PlanInputOf(state, row.service_id);
    index[row.service_id] = in.projects.size();
    // A service without an estimate cannot be costed, a live one needs nothing, and a
    // product available only after the window cannot be scheduled: none is a project.
    const bool project = input.has_value() && !input->live() &&
                         !(input->available_from && *input->available_from > last);
    in.projects.push_back(
        {.id = row.service_id, .cost = project ? Units(input->central_days) : int64_t{-1}});
  }
  const bool ranked = round.round.ballot().kind() == v1::BALLOT_KIND_RANKED;
  for (const auto& [ags, answers] : round.answers) {
    // Services a participant needs but no ballot names: the completion may take them,
    // as the greedy rule would.
    for (const auto& [service, facts] : answers.facts) {
      auto it = index.find(service);
      if (it != index.end() && facts.supports()) in.projects[it->second].wanted = true;
    }
    if (!answers.ballot.has_value()) continue;
    const MunicipalityState* m = state.FindMunicipality(ags);
    EqualSharesVoter v{.id = ags,
                       .weight = static_cast<int64_t>(WeightOf(
                           weighting, m == nullptr ? int64_t{0} : m->municipality.population()))};
    if (ranked) {
      const int64_t k = static_cast<int64_t>(answers.ranked.size());
      for (int64_t r = 0; r < k; ++r) {
        auto it = index.find(answers.ranked[static_cast<std::size_t>(r)]);
        if (it != index.end()) v.utilities.push_back({it->second, k - r});
      }
    } else {
      v1::Ballot ballot;
      ballot.ParseFromString(*answers.ballot);
      for (const v1::PointsAllocation& p : ballot.points()) {
        auto it = index.find(p.service_id());
        if (it != index.end() && p.points() > 0) v.utilities.push_back({it->second, p.points()});
      }
    }
    in.voters.push_back(std::move(v));
  }
  return instance;
}

PlanSelection SelectForPlan(const SurveyState& state, const RoundState& round,
                            const std::vector<RankingRow>& ranking, Selection rule,
                            Weighting weighting, std::optional<double> budget_days) {
  PlanSelection out;
  out.rule = rule;
  if (rule == Selection::kGreedy) {
    out.order = ranking;
    return out;
  }
  const EqualSharesInstance instance =
      EqualSharesInstanceFor(state, round, ranking, weighting, budget_days);
  const EqualSharesInput& in = instance.input;
  out.budget_days = instance.budget_days;
  out.voters = static_cast<uint32_t>(in.voters.size());

  const EqualSharesResult result = SelectEqualShares(in);
  out.spent_days = Days(result.spent);
  uint32_t order = 0;
  for (const EqualSharesPick& pick : result.selected) {
    const RankingRow& row = ranking[pick.project];
    SelectedService s{.order = ++order, .by_completion = pick.by_completion};
    if (!pick.by_completion) {
      s.rho = pick.rho_denominator == 1
                  ? absl::StrCat(pick.rho_numerator)
                  : absl::StrCat(pick.rho_numerator, "/", pick.rho_denominator);
    }
    out.selected[row.service_id] = s;
    out.order.push_back(row);
  }
  return out;
}

}  // namespace prio::domain
