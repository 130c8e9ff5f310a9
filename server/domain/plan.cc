#include "server/domain/plan.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "server/domain/business.h"
#include "server/domain/offering.h"

namespace prio::domain {
namespace {

constexpr double kEpsilon = 1e-9;

std::string Days(double d) { return absl::StrFormat("%g", d); }

// The department a municipality named in its need for the service ("" without one).
std::string NeedDepartment(const AnswersState& answers, const std::string& service_id) {
  auto n = answers.needs.find(service_id);
  if (n == answers.needs.end()) return "";
  v1::Need need;
  need.ParseFromString(n->second);
  return need.department();
}

// A team's amount in quarter `i` of the window (0 for a team the map does not hold).
double QuarterOf(const std::map<std::string, std::vector<double>>& by_team,
                 const std::string& team, int i) {
  auto it = by_team.find(team);
  return it == by_team.end() || it->second.empty() ? 0 : it->second[static_cast<std::size_t>(i)];
}

}  // namespace

Plan ComputePlan(const SurveyState& state, const RoundState& round,
                 const std::vector<RankingRow>& ranking) {
  return ComputePlan(state, round, PlanSelection{.order = ranking}, ranking);
}

Plan ComputePlan(const SurveyState& state, const RoundState& round,
                 const PlanSelection& selection, const std::vector<RankingRow>& ranking,
                 const PlanOptions& options) {
  Plan plan;
  const PlanWindow window = WindowOf(round);
  plan.first = window.first;
  plan.horizon = window.horizon;
  plan.deadlines_first = options.deadlines_first;
  const int h = plan.horizon;
  const vocab::Quarter last = window.last();

  // Supporters per service, by AGS.
  std::map<std::string, std::vector<const std::string*>> supporters;
  for (const auto& [ags, answers] : round.answers) {
    for (const auto& [service, f] : answers.facts) {
      if (f.supports()) supporters[service].push_back(&ags);
    }
  }
  // Remaining team capacity per quarter of the window.
  const std::map<std::string, std::vector<double>> capacity = TeamCapacityInWindow(state, round);
  std::map<std::string, std::vector<double>> remaining = capacity, load, running_cost;
  std::map<std::tuple<std::string, int, std::string>, double> department_load;

  std::vector<RankingRow> rows = selection.order;
  if (options.deadlines_first) {
    // Each row's deadline, parsed once (stored quarters are canonical).
    std::vector<std::pair<std::optional<vocab::Quarter>, RankingRow>> keyed;
    for (RankingRow& row : rows) {
      std::optional<vocab::Quarter> deadline;
      if (auto d = state.deadlines().find(row.service_id); d != state.deadlines().end()) {
        if (absl::StatusOr<vocab::Quarter> q = vocab::Quarter::Parse(d->second.quarter()); q.ok()) {
          deadline = *q;
        }
      }
      keyed.emplace_back(deadline, std::move(row));
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
      if (a.first.has_value() != b.first.has_value()) return a.first.has_value();
      return a.first.has_value() && *a.first < *b.first;
    });
    rows.clear();
    for (auto& [deadline, row] : keyed) rows.push_back(std::move(row));
  }
  if (selection.rule == Selection::kEqualShares) {
    for (const RankingRow& row : ranking) {
      if (!selection.selected.contains(row.service_id)) rows.push_back(row);
    }
  }
  for (const RankingRow& row : rows) {
    auto sup = supporters.find(row.service_id);
    // Nobody asked for it: not in the plan, unless it has a deadline, which it misses.
    if (sup == supporters.end() && !state.deadlines().contains(row.service_id)) continue;
    PlannedService ps;
    ps.rank = row.rank;
    ps.service_id = row.service_id;
    ps.name = row.name;
    if (sup != supporters.end()) {
      for (const std::string* ags : sup->second) ps.municipalities.push_back(*ags);
    }
    if (const ServiceState* s = state.FindService(row.service_id)) {
      ps.business = IsBusinessService(s->service);
    }
    if (auto d = state.deadlines().find(row.service_id); d != state.deadlines().end()) {
      absl::StatusOr<vocab::Quarter> q = vocab::Quarter::Parse(d->second.quarter());
      if (q.ok()) ps.deadline = *q;
      ps.deadline_kind = d->second.kind();
      ps.deadline_source = d->second.source();
    }
    // Not scheduled, for `reason`; a service with a deadline then misses it.
    auto unscheduled = [&](std::string reason, v1::PlanReason code,
                           std::vector<std::string> args) {
      ps.reason = std::move(reason);
      ps.reason_code = code;
      ps.reason_args = std::move(args);
      ps.misses_deadline = ps.deadline.has_value();
      plan.services.push_back(std::move(ps));
    };
    const std::optional<PlanInput> input = PlanInputOf(state, row.service_id);
    if (sup == supporters.end() && !(input.has_value() && input->live())) {
      unscheduled("no participant supports it", v1::PLAN_REASON_NO_SUPPORTERS, {});
      continue;
    }
    if (!input.has_value()) {
      unscheduled("no effort estimate", v1::PLAN_REASON_NO_EFFORT, {});
      continue;
    }
    ps.path = input->path;
    ps.offered_by = input->offered_by;
    if (input->live()) {
      ps.reason = "live: already available, nothing to schedule";
      ps.reason_code = v1::PLAN_REASON_LIVE;
      plan.services.push_back(std::move(ps));
      continue;
    }
    ps.available_from = input->available_from;
    ps.yearly_cost_eur = input->yearly_cost_eur;
    ps.team = input->team;
    ps.central_days = input->central_days;
    ps.onboarding_days = input->onboarding_days;
    if (selection.rule == Selection::kEqualShares) {
      auto picked = selection.selected.find(row.service_id);
      if (picked == selection.selected.end()) {
        unscheduled(absl::StrCat("not selected by equal shares (budget ",
                                 Days(selection.budget_days), " person-days, ",
                                 Days(selection.spent_days), " spent)"),
                    v1::PLAN_REASON_NOT_SELECTED,
                    {Days(selection.budget_days), Days(selection.spent_days)});
        continue;
      }
      ps.selection_order = picked->second.order;
      ps.by_completion = picked->second.by_completion;
      ps.rho = picked->second.rho;
    }

    // Earliest allowed quarter: the earliest desired start among the supporters, and the
    // product's availability.
    std::optional<vocab::Quarter> earliest_desired;
    bool as_soon_as_possible = false;
    for (const std::string* ags : sup->second) {
      const ServiceFacts& f = round.answers.at(*ags).facts.at(row.service_id);
      if (!f.has_desired_start) {
        as_soon_as_possible = true;
        break;
      }
      if (!earliest_desired || f.desired_start < *earliest_desired) {
        earliest_desired = f.desired_start;
      }
    }
    vocab::Quarter earliest = plan.first;
    if (!as_soon_as_possible && earliest_desired && *earliest_desired > earliest) {
      earliest = *earliest_desired;
    }
    if (input->available_from && *input->available_from > earliest) {
      if (*input->available_from > last) {
        unscheduled(absl::StrCat("available from ", input->available_from->ToString(),
                                 ", after the planning window (", last.ToString(), ")"),
                    v1::PLAN_REASON_AVAILABLE_AFTER_WINDOW,
                    {input->available_from->ToString(), last.ToString()});
        continue;
      }
      earliest = *input->available_from;
    }
    if (earliest > last) {
      unscheduled(absl::StrCat("its supporters want to start in ", earliest.ToString(),
                               ", after the planning window (", last.ToString(), ")"),
                  v1::PLAN_REASON_START_AFTER_WINDOW, {earliest.ToString(), last.ToString()});
      continue;
    }
    // Take the central effort from the team's remaining capacity, spilling over.
    std::vector<double>& left = remaining[ps.team];
    left.resize(h, 0);
    std::vector<double> take(h, 0);
    double needed = ps.central_days;
    int first_used = -1, last_used = -1;
    for (int i = earliest.Minus(plan.first); i < h && needed > kEpsilon; ++i) {
      take[i] = std::min(left[i], needed);
      if (take[i] > kEpsilon) {
        if (first_used < 0) first_used = i;
        last_used = i;
      }
      needed -= take[i];
    }
    if (needed > kEpsilon) {
      unscheduled(absl::StrCat("needs ", Days(needed), " more person-days than ", ps.team,
                               " has left from ", earliest.ToString(), " to ", last.ToString()),
                  v1::PLAN_REASON_NO_CAPACITY,
                  {Days(needed), ps.team, earliest.ToString(), last.ToString()});
      continue;
    }
    if (first_used < 0) first_used = last_used = earliest.Minus(plan.first);  // no effort
    std::vector<double>& team_load = load[ps.team];
    team_load.resize(h, 0);
    for (int i = 0; i < h; ++i) {
      left[i] -= take[i];
      team_load[i] += take[i];
    }
    ps.scheduled = true;
    ps.start = plan.first.Plus(first_used);
    ps.end = plan.first.Plus(last_used);
    ps.rollout = ps.end.Plus(1);
    if (ps.deadline && ps.rollout > *ps.deadline) {
      ps.misses_deadline = true;
      ps.quarters_late = static_cast<uint32_t>(ps.rollout.Minus(*ps.deadline));
    }
    if (ps.yearly_cost_eur > 0) {
      std::vector<double>& cost = running_cost[ps.team];
      cost.resize(h, 0);
      for (int i = ps.rollout.Minus(plan.first); i < h; ++i) cost[i] += ps.yearly_cost_eur / 4;
    }
    for (const std::string& ags : ps.municipalities) {
      if (!options.departments) break;
      if (!options.departments_of.empty() && ags != options.departments_of) continue;
      std::string department = input->onboarding_department;
      if (department.empty()) department = NeedDepartment(round.answers.at(ags), row.service_id);
      if (department.empty()) department = "(unassigned)";
      department_load[{ags, ps.rollout.Minus(plan.first), department}] += ps.onboarding_days;
    }
    plan.services.push_back(std::move(ps));
  }
  for (const PlannedService& ps : plan.services) plan.deadlines_missed += ps.misses_deadline;

  std::set<std::string> teams;
  for (const auto& [team, unused] : capacity) teams.insert(team);
  for (const auto& [team, unused] : load) teams.insert(team);
  for (const auto& [team, unused] : running_cost) teams.insert(team);
  for (const std::string& team : teams) {
    for (int i = 0; i < h; ++i) {
      TeamQuarter t;
      t.team = team;
      t.quarter = plan.first.Plus(i);
      t.capacity = QuarterOf(capacity, team, i);
      t.load = QuarterOf(load, team, i);
      t.running_cost_eur = QuarterOf(running_cost, team, i);
      t.utilisation = t.capacity > 0 ? t.load / t.capacity : 0;
      t.over_allocated = t.load > t.capacity + kEpsilon;
      plan.teams.push_back(t);
    }
  }
  for (const auto& [key, days] : department_load) {
    DepartmentQuarter d;
    d.ags = std::get<0>(key);
    if (const MunicipalityState* m = state.FindMunicipality(d.ags)) d.name = m->municipality.name();
    d.quarter = plan.first.Plus(std::get<1>(key));
    d.department = std::get<2>(key);
    d.load = days;
    auto c = state.department_capacity().find({d.ags, d.department, d.quarter.ToString()});
    if (c != state.department_capacity().end()) {
      d.capacity = c->second;
      d.over_capacity = d.load > c->second + kEpsilon;
    }
    plan.departments.push_back(std::move(d));
  }
  return plan;
}

}  // namespace prio::domain
