// Planning inputs: effort estimates per service, team capacity per quarter and
// (optionally) municipal department capacity per quarter. Each entry replaces the
// previous value for its key; unchanged entries write nothing.
#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "server/domain/commands.h"
#include "vocabulary/quarter.h"
#include "server/domain/rules.h"
#include "server/domain/streams.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"
#include "vocabulary/identifiers.h"

namespace prio::domain {
absl::StatusOr<Decision> DecideSetEffort(const SurveyState& state,
                                         const v1::SetEffortRequest& request,
                                         const CommandContext& ctx) {
  if (request.efforts().empty() ||
      static_cast<std::size_t>(request.efforts_size()) > kMaxServicesPerImport) {
    return absl::InvalidArgumentError(absl::StrCat("efforts: give 1-", kMaxServicesPerImport,
                                                   " estimates, got ", request.efforts_size()));
  }
  Decision d;
  std::set<std::string_view> seen;
  for (int i = 0; i < request.efforts_size(); ++i) {
    const v1::EffortEstimated& e = request.efforts(i);
    const std::string field = absl::StrCat("efforts[", i, "]");
    PRIO_RETURN_IF_ERROR(rules::FindCurrentService(state, field, e.service_id()).status());
    if (!seen.insert(e.service_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": service ", e.service_id(), " appears twice"));
    }
    PRIO_RETURN_IF_ERROR(rules::CheckText(absl::StrCat(field, ".team"), e.team(), 1, 100));
    PRIO_RETURN_IF_ERROR(rules::CheckPersonDays(absl::StrCat(field, ".central_person_days"),
                                                e.central_person_days()));
    PRIO_RETURN_IF_ERROR(rules::CheckPersonDays(absl::StrCat(field, ".onboarding_person_days"),
                                                e.onboarding_person_days()));
    PRIO_RETURN_IF_ERROR(rules::CheckText(absl::StrCat(field, ".onboarding_department"),
                                          e.onboarding_department(),
                                          e.onboarding_person_days() > 0 ? 1 : 0, 100));
    auto current = state.efforts().find(e.service_id());
    rules::AddPlanningChange(state, current == state.efforts().end() ? nullptr : &current->second,
                             e, d);
  }
  return d;
}

absl::StatusOr<Decision> DecideDeclareCapacity(const SurveyState& state,
                                               const v1::DeclareCapacityRequest& request,
                                               const CommandContext& ctx) {
  const std::size_t total =
      static_cast<std::size_t>(request.teams_size()) + request.departments_size();
  if (total == 0 || total > kMaxServicesPerImport) {
    return absl::InvalidArgumentError(absl::StrCat(
        "give 1-", kMaxServicesPerImport, " capacities (teams and departments), got ", total));
  }
  Decision d;
  std::set<std::pair<std::string, std::string>> seen_teams;
  for (int i = 0; i < request.teams_size(); ++i) {
    v1::CapacityDeclared c = request.teams(i);
    const std::string field = absl::StrCat("teams[", i, "]");
    PRIO_RETURN_IF_ERROR(rules::CheckText(absl::StrCat(field, ".team"), c.team(), 1, 100));
    PRIO_ASSIGN_OR_RETURN(std::string quarter,
                          rules::CanonicalQuarter(absl::StrCat(field, ".quarter"), c.quarter()));
    c.set_quarter(quarter);
    PRIO_RETURN_IF_ERROR(
        rules::CheckPersonDays(absl::StrCat(field, ".person_days"), c.person_days()));
    if (!seen_teams.insert({c.team(), c.quarter()}).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": team ", c.team(), " in ", c.quarter(), " appears twice"));
    }
    auto current = state.team_capacity().find({c.team(), c.quarter()});
    if (current != state.team_capacity().end() && current->second == c.person_days()) {
      ++d.unchanged;
      continue;
    }
    d.Add(std::string(kPlanningStream), state.planning_revision(), c);
  }
  std::set<std::tuple<std::string, std::string, std::string>> seen_departments;
  for (int i = 0; i < request.departments_size(); ++i) {
    v1::DepartmentCapacityDeclared c = request.departments(i);
    const std::string field = absl::StrCat("departments[", i, "]");
    if (absl::Status s = vocab::ValidateAgs(c.ags()); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".ags: ", s.message()));
    }
    if (state.FindMunicipality(c.ags()) == nullptr) {
      return absl::NotFoundError(
          absl::StrCat(field, ": municipality ", c.ags(), " is not registered"));
    }
    PRIO_RETURN_IF_ERROR(
        rules::CheckText(absl::StrCat(field, ".department"), c.department(), 1, 100));
    PRIO_ASSIGN_OR_RETURN(std::string quarter,
                          rules::CanonicalQuarter(absl::StrCat(field, ".quarter"), c.quarter()));
    c.set_quarter(quarter);
    PRIO_RETURN_IF_ERROR(
        rules::CheckPersonDays(absl::StrCat(field, ".person_days"), c.person_days()));
    if (!seen_departments.insert({c.ags(), c.department(), c.quarter()}).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": ", c.ags(), " ", c.department(),
                                                     " in ", c.quarter(), " appears twice"));
    }
    auto current = state.department_capacity().find({c.ags(), c.department(), c.quarter()});
    if (current != state.department_capacity().end() && current->second == c.person_days()) {
      ++d.unchanged;
      continue;
    }
    d.Add(std::string(kPlanningStream), state.planning_revision(), c);
  }
  return d;
}

}  // namespace prio::domain
