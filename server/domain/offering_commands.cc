// Planning decisions per service: its implementation path (OfferingSet) and its
// deadline (DeadlineSet). Each entry replaces the service's previous value; unchanged
// entries write nothing.
#include <set>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"
#include "server/domain/commands.h"
#include "server/domain/rules.h"
#include "server/domain/streams.h"
#include "vocabulary/offering.h"
#include "vocabulary/quarter.h"

namespace prio::domain {
namespace {

absl::Status MustBeEmpty(const std::string& field, bool empty, std::string_view path) {
  if (empty) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      field, " applies to efa and market only, not to ", ToAbsl(path),
      path == "own" ? " (an own build's effort is its estimate: prio effort set)" : ""));
}

absl::Status CheckOffering(const std::string& field, v1::OfferingSet& o) {
  if (o.path() == v1::IMPLEMENTATION_PATH_UNSPECIFIED || !v1::ImplementationPath_IsValid(o.path())) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".path: give own, efa, market or live"));
  }
  PRIO_RETURN_IF_ERROR(rules::CheckText(absl::StrCat(field, ".offered_by"), o.offered_by(), 0, 200));
  PRIO_RETURN_IF_ERROR(rules::CheckText(absl::StrCat(field, ".source"), o.source(), 0, 500));
  PRIO_RETURN_IF_ERROR(rules::CheckPersonDays(absl::StrCat(field, ".integration_person_days"),
                                              o.integration_person_days()));
  PRIO_RETURN_IF_ERROR(rules::CheckPersonDays(absl::StrCat(field, ".onboarding_person_days"),
                                              o.onboarding_person_days()));
  PRIO_RETURN_IF_ERROR(
      rules::CheckEuros(absl::StrCat(field, ".yearly_cost_eur"), o.yearly_cost_eur()));
  const bool product =
      o.path() == v1::IMPLEMENTATION_PATH_EFA || o.path() == v1::IMPLEMENTATION_PATH_MARKET;
  if (!product) {
    const std::string_view path = vocab::ImplementationPathKey(o.path());
    PRIO_RETURN_IF_ERROR(MustBeEmpty(absl::StrCat(field, ".available_from"),
                                     o.available_from().empty(), path));
    PRIO_RETURN_IF_ERROR(MustBeEmpty(absl::StrCat(field, ".integration_team"),
                                     o.integration_team().empty(), path));
    PRIO_RETURN_IF_ERROR(MustBeEmpty(absl::StrCat(field, ".integration_person_days"),
                                     o.integration_person_days() == 0, path));
    PRIO_RETURN_IF_ERROR(MustBeEmpty(absl::StrCat(field, ".onboarding_person_days"),
                                     o.onboarding_person_days() == 0, path));
    PRIO_RETURN_IF_ERROR(MustBeEmpty(absl::StrCat(field, ".onboarding_department"),
                                     o.onboarding_department().empty(), path));
    PRIO_RETURN_IF_ERROR(MustBeEmpty(absl::StrCat(field, ".yearly_cost_eur"),
                                     o.yearly_cost_eur() == 0, path));
    return absl::OkStatus();
  }
  PRIO_RETURN_IF_ERROR(
      rules::CheckText(absl::StrCat(field, ".integration_team"), o.integration_team(), 1, 100));
  PRIO_RETURN_IF_ERROR(rules::CheckText(absl::StrCat(field, ".onboarding_department"),
                                        o.onboarding_department(),
                                        o.onboarding_person_days() > 0 ? 1 : 0, 100));
  if (!o.available_from().empty()) {
    PRIO_ASSIGN_OR_RETURN(std::string q, rules::CanonicalQuarter(absl::StrCat(field, ".available_from"),
                                                          o.available_from()));
    o.set_available_from(q);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Decision> DecideSetOfferings(const SurveyState& state,
                                            const v1::SetOfferingsRequest& request,
                                            const CommandContext& ctx) {
  if (request.offerings().empty() ||
      static_cast<std::size_t>(request.offerings_size()) > kMaxServicesPerImport) {
    return absl::InvalidArgumentError(absl::StrCat(
        "offerings: give 1-", kMaxServicesPerImport, " offerings, got ", request.offerings_size()));
  }
  Decision d;
  std::set<std::string> seen;
  for (int i = 0; i < request.offerings_size(); ++i) {
    v1::OfferingSet o = request.offerings(i);
    const std::string field = absl::StrCat("offerings[", i, "]");
    PRIO_RETURN_IF_ERROR(rules::FindCurrentService(state, field, o.service_id()).status());
    if (!seen.insert(o.service_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": service ", o.service_id(), " appears twice"));
    }
    PRIO_RETURN_IF_ERROR(CheckOffering(field, o));
    auto current = state.offerings().find(o.service_id());
    rules::AddPlanningChange(
        state, current == state.offerings().end() ? nullptr : &current->second, o, d);
  }
  return d;
}

absl::StatusOr<Decision> DecideSetDeadlines(const SurveyState& state,
                                            const v1::SetDeadlinesRequest& request,
                                            const CommandContext& ctx) {
  if (request.deadlines().empty() ||
      static_cast<std::size_t>(request.deadlines_size()) > kMaxServicesPerImport) {
    return absl::InvalidArgumentError(absl::StrCat(
        "deadlines: give 1-", kMaxServicesPerImport, " deadlines, got ", request.deadlines_size()));
  }
  Decision d;
  std::set<std::string> seen;
  for (int i = 0; i < request.deadlines_size(); ++i) {
    v1::DeadlineSet dl = request.deadlines(i);
    const std::string field = absl::StrCat("deadlines[", i, "]");
    PRIO_RETURN_IF_ERROR(rules::FindCurrentService(state, field, dl.service_id()).status());
    if (!seen.insert(dl.service_id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": service ", dl.service_id(), " appears twice"));
    }
    auto current = state.deadlines().find(dl.service_id());
    if (dl.quarter().empty()) {  // removes the deadline
      if (dl.kind() != v1::DEADLINE_KIND_UNSPECIFIED || !dl.source().empty()) {
        return absl::InvalidArgumentError(absl::StrCat(
            field, ": a deadline without a quarter removes it; give no kind or source then"));
      }
      if (current == state.deadlines().end()) {
        ++d.unchanged;
        continue;
      }
      d.Add(std::string(kPlanningStream), state.planning_revision(), dl);
      continue;
    }
    PRIO_ASSIGN_OR_RETURN(std::string q,
                          rules::CanonicalQuarter(absl::StrCat(field, ".quarter"), dl.quarter()));
    dl.set_quarter(q);
    if (dl.kind() == v1::DEADLINE_KIND_UNSPECIFIED || !v1::DeadlineKind_IsValid(dl.kind())) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".kind: give ozg-business, state or provider"));
    }
    PRIO_RETURN_IF_ERROR(rules::CheckText(absl::StrCat(field, ".source"), dl.source(), 1, 500));
    rules::AddPlanningChange(
        state, current == state.deadlines().end() ? nullptr : &current->second, dl, d);
  }
  return d;
}

}  // namespace prio::domain
