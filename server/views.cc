#include "server/views.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/domain/compass.h"
#include "vocabulary/need_level.h"
#include "server/domain/equal_shares.h"
#include "server/domain/plan.h"
#include "server/domain/plan_selection.h"
#include "server/domain/streams.h"
#include "server/survey_projection.h"
#include "common/status_macros.h"
#include "vocabulary/identifiers.h"

namespace prio::server {
namespace {

using domain::SurveyState;

absl::StatusOr<const domain::RoundState*> FindRound(const SurveyState& state,
                                                    const std::string& round_id) {
  PRIO_RETURN_IF_ERROR(vocab::ValidateRoundId(round_id));
  const domain::RoundState* round = state.FindRound(round_id);
  if (round == nullptr) {
    return absl::NotFoundError(absl::StrCat("round \"", round_id, "\" does not exist"));
  }
  return round;
}

struct Choice {
  domain::Method method;
  domain::Weighting weighting;
};

absl::StatusOr<Choice> Choose(const domain::RoundState& round, const std::string& method,
                              const std::string& weighting) {
  Choice c{domain::DefaultMethod(round.round.ballot().kind()), domain::Weighting::kNone};
  if (!method.empty()) {
    PRIO_ASSIGN_OR_RETURN(c.method, domain::ParseMethod(method));
  }
  if (!weighting.empty()) {
    PRIO_ASSIGN_OR_RETURN(c.weighting, domain::ParseWeighting(weighting));
  }
  return c;
}

// The request's budget_days, if set: 0-1e9 person-days (INVALID_ARGUMENT otherwise).
template <typename Request>
absl::StatusOr<std::optional<double>> Budget(const Request& request) {
  if (!request.has_budget_days()) return std::nullopt;
  if (!(request.budget_days() >= 0 && request.budget_days() <= 1e9)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "budget_days: must be 0-1000000000 person-days, got ", request.budget_days()));
  }
  return request.budget_days();
}

}  // namespace

v1::RoundView ToRoundView(const domain::RoundState& r, int64_t now_us) {
  v1::RoundView view;
  *view.mutable_round() = r.round;
  view.set_closed_explicitly(r.closed);
  if (r.closed || now_us >= r.round.closes_at_us()) {
    view.set_phase(v1::ROUND_PHASE_CLOSED);
  } else if (now_us < r.round.opens_at_us()) {
    view.set_phase(v1::ROUND_PHASE_NOT_YET_OPEN);
  } else {
    view.set_phase(v1::ROUND_PHASE_OPEN);
  }
  uint32_t answered = 0;
  for (const auto& [ags, a] : r.answers) answered += a.answered() ? 1 : 0;
  view.set_participants_answered(answered);
  view.set_ballots(r.current_ballots());
  return view;
}

absl::StatusOr<v1::RankingResponse> RankingView(const SurveyState& state,
                                                const v1::RankingRequest& request,
                                                domain::SchulzeCache* cache) {
  PRIO_ASSIGN_OR_RETURN(const domain::RoundState* round, FindRound(state, request.round_id()));
  PRIO_ASSIGN_OR_RETURN(Choice c, Choose(*round, request.method(), request.weighting()));
  PRIO_ASSIGN_OR_RETURN(std::vector<domain::RankingRow> rows,
                        domain::ComputeRanking(state, *round, c.method, c.weighting, cache));
  v1::RankingResponse out;
  out.set_round_id(request.round_id());
  out.set_method(std::string(domain::MethodName(c.method)));
  out.set_weighting(std::string(domain::WeightingName(c.weighting)));
  out.set_position(state.position());
  out.set_results(round->round.results());
  for (const domain::RankingRow& r : rows) {
    if (request.top() > 0 && static_cast<uint32_t>(out.rows_size()) >= request.top()) break;
    v1::RankingRow* row = out.add_rows();
    row->set_rank(r.rank);
    row->set_service_id(r.service_id);
    row->set_name(r.name);
    row->set_score(r.score);
    row->set_tied(r.tied);
    row->set_supporters(r.supporters);
    row->set_required_by(r.required_by);
    row->set_population(r.population);
    row->set_cases(r.cases);
  }
  return out;
}

absl::StatusOr<v1::PlanResponse> PlanView(const SurveyState& state, const v1::PlanRequest& request,
                                          domain::SchulzeCache* cache) {
  PRIO_ASSIGN_OR_RETURN(const domain::RoundState* round, FindRound(state, request.round_id()));
  PRIO_ASSIGN_OR_RETURN(Choice c, Choose(*round, request.method(), request.weighting()));
  PRIO_ASSIGN_OR_RETURN(domain::Selection rule, domain::ParseSelection(request.selection()));
  if (!request.ags().empty()) {
    if (absl::Status s = vocab::ValidateAgs(request.ags()); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("ags: ", s.message()));
    }
  }
  PRIO_ASSIGN_OR_RETURN(std::optional<double> budget, Budget(request));
  PRIO_ASSIGN_OR_RETURN(std::vector<domain::RankingRow> rows,
                        domain::ComputeRanking(state, *round, c.method, c.weighting, cache));
  const domain::PlanSelection selection =
      domain::SelectForPlan(state, *round, rows, rule, c.weighting, budget);
  const domain::Plan plan = domain::ComputePlan(
      state, *round, selection, rows,
      {.deadlines_first = request.deadlines_first(),
       .departments = !request.skip_departments(),
       .departments_of = request.ags()});
  v1::PlanResponse out;
  out.set_selection(std::string(domain::SelectionName(rule)));
  if (rule == domain::Selection::kEqualShares) {
    out.set_budget_days(selection.budget_days);
    out.set_spent_days(selection.spent_days);
    out.set_voters(selection.voters);
  }
  out.set_round_id(request.round_id());
  out.set_method(std::string(domain::MethodName(c.method)));
  out.set_weighting(std::string(domain::WeightingName(c.weighting)));
  out.set_position(state.position());
  out.set_deadlines_first(plan.deadlines_first);
  out.set_deadlines_missed(plan.deadlines_missed);
  for (const domain::PlannedService& s : plan.services) {
    if (!request.ags().empty() && std::find(s.municipalities.begin(), s.municipalities.end(),
                                            request.ags()) == s.municipalities.end()) {
      continue;
    }
    v1::PlannedService* p = out.add_services();
    p->set_rank(s.rank);
    p->set_service_id(s.service_id);
    p->set_name(s.name);
    p->set_team(s.team);
    p->set_scheduled(s.scheduled);
    p->set_reason(s.reason);
    p->set_reason_code(s.reason_code);
    for (const std::string& a : s.reason_args) p->add_reason_args(a);
    if (s.scheduled) {
      p->set_start(s.start.ToString());
      p->set_end(s.end.ToString());
      p->set_rollout(s.rollout.ToString());
    }
    p->set_central_days(s.central_days);
    p->set_onboarding_days(s.onboarding_days);
    p->set_supporters(static_cast<uint32_t>(s.municipalities.size()));
    if (!request.ags().empty()) {
      p->add_municipalities(request.ags());
    } else if (!request.skip_municipalities()) {
      for (const std::string& ags : s.municipalities) p->add_municipalities(ags);
    }
    p->set_selection_order(s.selection_order);
    p->set_by_completion(s.by_completion);
    p->set_rho(s.rho);
    p->set_path(s.path);
    p->set_offered_by(s.offered_by);
    if (s.available_from) p->set_available_from(s.available_from->ToString());
    p->set_yearly_cost_eur(s.yearly_cost_eur);
    p->set_business(s.business);
    if (s.deadline) {
      p->set_deadline(s.deadline->ToString());
      p->set_deadline_kind(s.deadline_kind);
      p->set_deadline_source(s.deadline_source);
    }
    p->set_quarters_late(s.quarters_late);
    p->set_misses_deadline(s.misses_deadline);
  }
  if (!request.ags().empty()) {  // of the services shown
    uint32_t missed = 0;
    for (const v1::PlannedService& p : out.services()) missed += p.misses_deadline() ? 1 : 0;
    out.set_deadlines_missed(missed);
  }
  for (const domain::TeamQuarter& t : plan.teams) {
    v1::TeamQuarter* q = out.add_teams();
    q->set_team(t.team);
    q->set_quarter(t.quarter.ToString());
    q->set_capacity(t.capacity);
    q->set_load(t.load);
    q->set_utilisation(t.utilisation);
    q->set_over_allocated(t.over_allocated);
    q->set_running_cost_eur(t.running_cost_eur);
  }
  for (const domain::DepartmentQuarter& d : plan.departments) {
    if (request.skip_departments()) break;
    if (!request.ags().empty() && d.ags != request.ags()) continue;
    v1::DepartmentQuarter* q = out.add_departments();
    q->set_ags(d.ags);
    q->set_name(d.name);
    q->set_quarter(d.quarter.ToString());
    q->set_department(d.department);
    q->set_load(d.load);
    if (d.capacity) q->set_capacity(*d.capacity);
    q->set_over_capacity(d.over_capacity);
  }
  return out;
}

absl::StatusOr<v1::ExportRoundResponse> ExportRoundView(const SurveyState& state,
                                                        const v1::ExportRoundRequest& request,
                                                        domain::SchulzeCache* cache) {
  PRIO_ASSIGN_OR_RETURN(const domain::RoundState* round, FindRound(state, request.round_id()));
  PRIO_ASSIGN_OR_RETURN(Choice c, Choose(*round, request.method(), request.weighting()));
  PRIO_ASSIGN_OR_RETURN(std::optional<double> budget, Budget(request));
  PRIO_ASSIGN_OR_RETURN(std::vector<domain::RankingRow> rows,
                        domain::ComputeRanking(state, *round, c.method, c.weighting, cache));
  const domain::EqualSharesInstance instance =
      domain::EqualSharesInstanceFor(state, *round, rows, c.weighting, budget);
  const domain::EqualSharesInput& in = instance.input;
  const domain::EqualSharesResult result = domain::SelectEqualShares(in);
  v1::ExportRoundResponse out;
  out.set_position(state.position());
  *out.mutable_round() = round->round;
  out.set_method(std::string(domain::MethodName(c.method)));
  out.set_weighting(std::string(domain::WeightingName(c.weighting)));
  out.set_budget_units(in.budget);
  out.set_spent_units(result.spent);
  std::vector<uint32_t> supporters(in.projects.size(), 0);
  for (const domain::EqualSharesVoter& v : in.voters) {
    for (const auto& [project, utility] : v.utilities) ++supporters[project];
  }
  std::vector<const domain::EqualSharesPick*> pick(in.projects.size(), nullptr);
  for (const domain::EqualSharesPick& p : result.selected) pick[p.project] = &p;
  for (std::size_t j = 0; j < in.projects.size(); ++j) {
    if (in.projects[j].cost < 0) {
      out.set_projects_left_out(out.projects_left_out() + 1);
      continue;
    }
    v1::ExportedProject* p = out.add_projects();
    p->set_service_id(rows[j].service_id);
    p->set_name(rows[j].name);
    p->set_cost_units(in.projects[j].cost);
    p->set_rank(rows[j].rank);
    p->set_selected(pick[j] != nullptr && !pick[j]->by_completion);
    p->set_by_completion(pick[j] != nullptr && pick[j]->by_completion);
    p->set_supporters(supporters[j]);
  }
  for (const domain::EqualSharesVoter& v : in.voters) {
    v1::ExportedVote* vote = out.add_votes();
    vote->set_ags(v.id);
    vote->set_weight(v.weight);
    for (const auto& [project, utility] : v.utilities) {
      if (in.projects[project].cost < 0) continue;  // not in the instance's projects
      vote->add_service_ids(in.projects[project].id);
      vote->add_points(utility);
    }
  }
  return out;
}

absl::StatusOr<v1::RoundStatusResponse> RoundStatusView(const SurveyState& state,
                                                        const v1::RoundStatusRequest& request) {
  PRIO_ASSIGN_OR_RETURN(const domain::RoundState* round, FindRound(state, request.round_id()));
  v1::RoundStatusResponse out;
  out.set_position(state.position());
  *out.mutable_round() = ToRoundView(*round, absl::ToUnixMicros(absl::Now()));
  uint32_t answered = 0;
  for (const std::string& ags : round->round.participants()) {
    auto a = round->answers.find(ags);
    if (a != round->answers.end() && a->second.answered()) {
      ++answered;
      if (a->second.any_by_provider()) {
        if (const domain::MunicipalityState* m = state.FindMunicipality(ags)) {
          *out.add_entered_by_provider() = m->municipality;
        }
      }
    } else if (const domain::MunicipalityState* m = state.FindMunicipality(ags)) {
      *out.add_missing() = m->municipality;
    }
  }
  out.set_participants(static_cast<uint32_t>(round->round.participants_size()));
  out.set_answered(answered);
  out.set_response_rate(out.participants() == 0 ? 0 : double(answered) / out.participants());
  return out;
}

absl::StatusOr<v1::CompassResponse> CompassView(const SurveyState& state,
                                                const v1::CompassRequest& request) {
  PRIO_RETURN_IF_ERROR(vocab::ValidateAgs(request.ags()));
  const domain::MunicipalityState* m = state.FindMunicipality(request.ags());
  if (m == nullptr) {
    return absl::NotFoundError(absl::StrCat("municipality ", request.ags(), " is not registered"));
  }
  const domain::RoundState* round = nullptr;
  const domain::AnswersState* answers = nullptr;
  if (!request.round_id().empty()) {
    PRIO_ASSIGN_OR_RETURN(round, FindRound(state, request.round_id()));
    if (!round->participants.contains(request.ags())) {
      return absl::FailedPreconditionError(absl::StrCat("municipality ", request.ags(),
                                                        " does not take part in round \"",
                                                        request.round_id(), "\""));
    }
    auto a = round->answers.find(request.ags());
    if (a != round->answers.end()) answers = &a->second;
  }
  v1::CompassResponse out;
  out.set_position(state.position());
  *out.mutable_municipality() = m->municipality;
  out.set_mapping_position(state.mapping_position());
  out.set_mapping_source(state.mapping_source());
  for (const auto& [office, x] : m->exceptions) *out.add_exceptions() = x;
  for (const auto& [id, s] : state.services()) {
    if (s.retired || !domain::MustProvide(state, *m, s)) continue;
    v1::CompassEntry* e = out.add_services();
    e->set_service_id(id);
    e->set_name(s.service.name());
    e->set_themenfeld(s.service.themenfeld());
    for (const domain::LeikaDuty& duty :
         request.skip_leika() ? std::vector<domain::LeikaDuty>() : domain::DutiesOf(state, *m, s)) {
      v1::CompassLeika* l = e->add_leika();
      l->set_leika_key(duty.entry->leika_key());
      l->set_name(duty.entry->name());
      l->mutable_authorities()->CopyFrom(duty.responsibility->authorities());
      l->set_office(duty.responsibility->office());
      l->set_rule(duty.responsibility->rule());
      l->set_exception(duty.exception);
    }
    if (round == nullptr) continue;
    e->set_in_round(round->InScope(id));
    if (answers != nullptr) {
      auto n = answers->needs.find(id);
      if (n != answers->needs.end()) {
        v1::Need need;
        need.ParseFromString(n->second);
        e->set_answered(true);
        e->set_level(std::string(vocab::NeedLevelKey(need.level())));
        e->set_entered_by(need.entered_by());
      }
    }
    if (e->in_round()) {
      if (e->answered()) {
        out.set_answered(out.answered() + 1);
      } else {
        out.set_missing(out.missing() + 1);
      }
    }
  }
  return out;
}

}  // namespace prio::server
