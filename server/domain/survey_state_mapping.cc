// SurveyState's index of the responsibility mapping (the OZG-Kompass): the LeiKa-level
// mapping of each service, the office counts and the office exceptions by Kreis.
#include <algorithm>
#include <set>

#include "server/domain/survey_state.h"

namespace prio::domain {
namespace {

template <typename T>
void SortUnique(std::vector<T>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

}  // namespace

void SurveyState::SetResponsibility(ServiceState* s, const v1::ResponsibilitySet& r) {
  CountOffices(*s, -1);
  s->leika_responsibility.clear();
  s->responsible.clear();
  for (int c : r.size_classes()) s->responsible.push_back(static_cast<v1::SizeClass>(c));
  for (const v1::LeikaResponsibility& l : r.leika()) {
    s->leika_responsibility[LeikaIdentity(l.leika_key(), l.name())] = l;
  }
  s->responsibility_set = true;
  s->responsibility_rule = r.rule();
  IndexResponsibility(s);
}

void SurveyState::IndexResponsibility(ServiceState* s) {
  // Only the entries the catalogue still lists count (a re-imported catalogue may
  // have dropped some); a bundle-level mapping keeps its classes.
  if (!s->leika_responsibility.empty()) {
    std::set<std::string> listed;
    for (const v1::LeikaEntry& e : s->leika) listed.insert(LeikaIdentity(e.leika_key(), e.name()));
    std::erase_if(s->leika_responsibility, [&](const auto& kv) { return !listed.contains(kv.first); });
    s->responsible.clear();
  }
  s->authorities.clear();
  for (const auto& [id, l] : s->leika_responsibility) {
    for (int c : l.size_classes()) s->responsible.push_back(static_cast<v1::SizeClass>(c));
    for (int k : l.authorities()) s->authorities.push_back(static_cast<v1::AuthorityKind>(k));
  }
  SortUnique(&s->responsible);
  SortUnique(&s->authorities);
  CountOffices(*s, +1);
}

void SurveyState::CountOffices(const ServiceState& s, int delta) {
  for (const auto& [id, l] : s.leika_responsibility) {
    if (l.office().empty()) continue;
    auto it = offices_.try_emplace(l.office(), 0).first;
    it->second += delta;
    if (it->second == 0) offices_.erase(it);
  }
}

void SurveyState::SetException(MunicipalityState* m, const v1::OfficeExceptionSet& e) {
  const std::string& kreis = m->municipality.kreis_key();
  if (auto old = m->exceptions.find(e.office()); old != m->exceptions.end()) {
    // Remove it from the Kreis's index, and the index's entries that become empty, so
    // that a replay and a snapshot leave the same index.
    auto k = kreis_exceptions_.find(kreis);
    if (k != kreis_exceptions_.end()) {
      auto o = k->second.find(e.office());
      if (o != k->second.end()) {
        auto mode = o->second.find(old->second.mode());
        if (mode != o->second.end()) {
          mode->second.erase(m->municipality.ags());
          if (mode->second.empty()) o->second.erase(mode);
        }
        if (o->second.empty()) k->second.erase(o);
      }
      if (k->second.empty()) kreis_exceptions_.erase(k);
    }
    m->exceptions.erase(old);
  }
  if (e.mode() == v1::OFFICE_EXCEPTION_MODE_TAKES_ON ||
      e.mode() == v1::OFFICE_EXCEPTION_MODE_HANDS_TO_KREIS) {
    m->exceptions[e.office()] = e;
    kreis_exceptions_[kreis][e.office()][e.mode()].insert(m->municipality.ags());
  }
  if (m->exceptions.empty()) {
    excepted_.erase(m->municipality.ags());
  } else {
    excepted_.insert(m->municipality.ags());
  }
  // Its Kreis stays excepted while any of its Gemeinden has an exception.
  const bool kreis_excepted = kreis_exceptions_.contains(kreis);
  if (!kreis.empty()) {
    if (kreis_excepted) {
      excepted_.insert(kreis + "000");
    } else {
      excepted_.erase(kreis + "000");
    }
  }
}

const SurveyState::OfficeExceptions* SurveyState::FindKreisExceptions(
    std::string_view kreis_key) const {
  auto it = kreis_exceptions_.find(std::string(kreis_key));
  return it == kreis_exceptions_.end() ? nullptr : &it->second;
}

}  // namespace prio::domain
