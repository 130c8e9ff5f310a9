#include "server/domain/compass.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "vocabulary/authority.h"
#include "vocabulary/size_class.h"

namespace prio::domain {
namespace {

bool Names(const v1::LeikaResponsibility& r, v1::SizeClass c) {
  return std::find(r.size_classes().begin(), r.size_classes().end(), c) !=
         r.size_classes().end();
}

std::string Kreis(const v1::Municipality& m) {
  return m.size_class() == v1::SIZE_CLASS_KREIS ? m.ags().substr(0, 5) : m.kreis_key();
}

const std::set<std::string>* Members(const SurveyState& state, const v1::Municipality& kreis,
                                     const std::string& office, v1::OfficeExceptionMode mode) {
  const SurveyState::OfficeExceptions* x = state.FindKreisExceptions(Kreis(kreis));
  if (x == nullptr) return nullptr;
  auto o = x->find(office);
  if (o == x->end()) return nullptr;
  auto m = o->second.find(mode);
  return m == o->second.end() || m->second.empty() ? nullptr : &m->second;
}

std::string NamesOf(const SurveyState& state, const std::set<std::string>& ags) {
  std::vector<std::string> names;
  for (const std::string& a : ags) {
    const MunicipalityState* m = state.FindMunicipality(a);
    names.push_back(m == nullptr ? a : absl::StrCat(a, " (", m->municipality.name(), ")"));
  }
  return absl::StrJoin(names, ", ");
}

// Whether `m` provides the entry, and why where an exception decides.
bool Provides(const SurveyState& state, const MunicipalityState& m,
              const v1::LeikaResponsibility& r, std::string* why) {
  const v1::SizeClass c = m.municipality.size_class();
  const bool by_class = Names(r, c);
  if (r.office().empty()) return by_class;
  if (c == v1::SIZE_CLASS_KREIS) {
    const auto* handed =
        Members(state, m.municipality, r.office(), v1::OFFICE_EXCEPTION_MODE_HANDS_TO_KREIS);
    const auto* taken =
        Members(state, m.municipality, r.office(), v1::OFFICE_EXCEPTION_MODE_TAKES_ON);
    std::vector<std::string> notes;
    if (handed != nullptr) notes.push_back(absl::StrCat("handed over by ", NamesOf(state, *handed)));
    if (taken != nullptr && by_class) {
      notes.push_back(absl::StrCat("taken on for their own area by ", NamesOf(state, *taken)));
    }
    if (why != nullptr) *why = absl::StrJoin(notes, "; ");
    return by_class || handed != nullptr;
  }
  auto x = m.exceptions.find(r.office());
  if (x == m.exceptions.end()) return by_class;
  if (why != nullptr) *why = vocab::DescribeOfficeException(x->second);
  return x->second.mode() == v1::OFFICE_EXCEPTION_MODE_TAKES_ON;
}

// True if no exception can touch `m`'s duties: its class decides alone.
bool Plain(const SurveyState& state, const MunicipalityState& m) {
  return !state.excepted().contains(m.municipality.ags());
}

}  // namespace

bool MustProvide(const SurveyState& state, const MunicipalityState& m,
                 const ServiceState& service) {
  if (service.leika_responsibility.empty()) {
    return service.IsResponsible(m.municipality.size_class());
  }
  if (Plain(state, m)) return service.IsResponsible(m.municipality.size_class());
  for (const auto& [id, r] : service.leika_responsibility) {
    if (Provides(state, m, r, nullptr)) return true;
  }
  return false;
}

std::vector<LeikaDuty> DutiesOf(const SurveyState& state, const MunicipalityState& m,
                                const ServiceState& service) {
  std::vector<LeikaDuty> out;
  for (const v1::LeikaEntry& e : service.leika) {
    const v1::LeikaResponsibility* r = service.FindResponsibility(e);
    if (r == nullptr) continue;
    std::string why;
    if (Provides(state, m, *r, &why)) out.push_back({&e, r, std::move(why)});
  }
  return out;
}

std::string DescribeExecutor(const ServiceState& service) {
  if (service.leika_responsibility.empty()) {
    return absl::StrCat("responsible: ", vocab::JoinSizeClassNames(service.responsible));
  }
  std::set<std::string> rules;
  for (const auto& [id, r] : service.leika_responsibility) rules.insert(r.rule());
  return absl::StrCat("executed by ", vocab::JoinAuthorityNames(service.authorities), " (rule",
                      rules.size() == 1 ? " " : "s ", absl::StrJoin(rules, ", "),
                      "); size classes: ", vocab::JoinSizeClassNames(service.responsible));
}

std::vector<std::string> ScopeServices(const SurveyState& state, const RoundState& round) {
  if (round.frozen_scope) return *round.frozen_scope;
  std::vector<std::string> out;
  if (round.explicit_scope()) {
    out.assign(round.round.scope().services().service_ids().begin(),
               round.round.scope().services().service_ids().end());
    std::sort(out.begin(), out.end(), ServiceIdLess());
    return out;
  }
  // Participants whose class decides alone are counted by class (the round keeps the
  // counts); the few that exceptions touch are asked one by one.
  std::array<uint32_t, 6> plain = round.participant_classes;
  std::vector<const MunicipalityState*> special;
  for (const std::string& ags : state.excepted()) {
    if (!round.participants.contains(ags)) continue;
    const MunicipalityState* m = state.FindMunicipality(ags);
    if (m == nullptr) continue;
    if (plain[m->municipality.size_class()] > 0) --plain[m->municipality.size_class()];
    special.push_back(m);
  }
  std::vector<v1::SizeClass> classes;
  for (v1::SizeClass c : vocab::AllSizeClasses()) {
    if (plain[c] > 0) classes.push_back(c);
  }
  for (const auto& [id, service] : state.services()) {  // already in ServiceIdLess order
    bool in = false;
    for (std::size_t i = 0; !in && i < classes.size(); ++i) in = service.IsResponsible(classes[i]);
    for (std::size_t i = 0; !in && i < special.size(); ++i) {
      in = MustProvide(state, *special[i], service);
    }
    if (in) out.push_back(id);
  }
  return out;
}

}  // namespace prio::domain
