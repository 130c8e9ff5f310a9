// SurveyState <-> prio.v1.SurveySnapshot.
#include "absl/strings/str_cat.h"
#include "prio/v1/snapshot.pb.h"
#include "server/domain/survey_state.h"

namespace prio::domain {

std::string SurveyState::ToSnapshot() const {
  v1::SurveySnapshot s;
  s.set_version(kSnapshotVersion);
  s.set_position(position_);
  s.set_catalog_revision(catalog_revision_);
  s.set_planning_revision(planning_revision_);
  for (const auto& [id, service] : services_) {
    v1::ServiceSnapshot* out = s.add_services();
    *out->mutable_service() = service.service;
    out->set_retired(service.retired);
    for (const v1::LeikaEntry& l : service.leika) *out->add_leika() = l;
    for (v1::SizeClass c : service.responsible) out->add_responsible(c);
    out->set_responsibility_set(service.responsibility_set);
    out->set_responsibility_rule(service.responsibility_rule);
    for (const auto& [key, r] : service.leika_responsibility) *out->add_leika_responsibility() = r;
  }
  s.set_mapping_position(mapping_position_);
  s.set_mapping_source(mapping_source_);
  for (const auto& [ags, m] : municipalities_) {
    v1::MunicipalitySnapshot* out = s.add_municipalities();
    *out->mutable_municipality() = m.municipality;
    out->set_revision(m.revision);
    for (const auto& [office, e] : m.exceptions) *out->add_exceptions() = e;
  }
  for (const auto& [id, round] : rounds_) {
    v1::RoundSnapshot* out = s.add_rounds();
    *out->mutable_round() = round.round;
    out->set_revision(round.revision);
    out->set_closed(round.closed);
    out->set_closed_at_us(round.closed_at_us);
    out->set_ballots_ever_cast(round.ballots_ever_cast);
    out->set_version(round.version);
    out->set_scope_frozen(round.frozen_scope.has_value());
    if (round.frozen_scope) {
      for (const std::string& id : *round.frozen_scope) out->add_frozen_scope(id);
    }
    for (const auto& [ags, a] : round.answers) {
      v1::AnswersSnapshot* as = out->add_answers();
      as->set_ags(ags);
      as->set_revision(a.revision);
      for (const auto& [service, need] : a.needs) as->add_needs(need);
      if (a.ballot) as->set_ballot(*a.ballot);
    }
  }
  for (const auto& [id, e] : efforts_) *s.add_efforts() = e;
  for (const auto& [id, o] : offerings_) *s.add_offerings() = o;
  for (const auto& [id, d] : deadlines_) *s.add_deadlines() = d;
  for (const auto& [key, days] : team_capacity_) {
    v1::CapacityDeclared* c = s.add_team_capacity();
    c->set_team(key.first);
    c->set_quarter(key.second);
    c->set_person_days(days);
  }
  for (const auto& [key, days] : department_capacity_) {
    v1::DepartmentCapacityDeclared* c = s.add_department_capacity();
    c->set_ags(std::get<0>(key));
    c->set_department(std::get<1>(key));
    c->set_quarter(std::get<2>(key));
    c->set_person_days(days);
  }
  for (const auto& [key, r] : requests_) {
    v1::RequestSnapshot* out = s.add_requests();
    out->set_key(key);
    out->set_request_hash(r.request_hash);
    out->set_correlation_id(r.correlation_id);
    out->set_command(r.command);
    out->set_first_position(r.first_position);
    out->set_last_position(r.last_position);
    out->set_events(r.events);
    for (const auto& [type, n] : r.event_counts) (*out->mutable_event_counts())[type] = n;
  }
  return SerializeDeterministic(s);
}

absl::StatusOr<SurveyState> SurveyState::FromSnapshot(std::string_view bytes) {
  v1::SurveySnapshot s;
  if (!s.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("the survey snapshot does not parse");
  }
  if (s.version() != kSnapshotVersion) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the survey snapshot has version ", s.version(), ", this priod reads ", kSnapshotVersion));
  }
  SurveyState state;
  state.position_ = s.position();
  state.catalog_revision_ = s.catalog_revision();
  state.planning_revision_ = s.planning_revision();
  for (const v1::ServiceSnapshot& in : s.services()) {
    ServiceState& service = state.services_[in.service().service_id()];
    service.service = in.service();
    service.retired = in.retired();
    service.leika.assign(in.leika().begin(), in.leika().end());
    if (in.responsibility_set()) {
      v1::ResponsibilitySet r;
      r.mutable_size_classes()->CopyFrom(in.responsible());
      r.set_rule(in.responsibility_rule());
      r.mutable_leika()->CopyFrom(in.leika_responsibility());
      state.SetResponsibility(&service, r);
    }
  }
  state.mapping_position_ = s.mapping_position();
  state.mapping_source_ = s.mapping_source();
  for (const v1::MunicipalitySnapshot& in : s.municipalities()) {
    MunicipalityState& m = state.municipalities_[in.municipality().ags()];
    m.municipality = in.municipality();
    m.revision = in.revision();
    for (const v1::OfficeExceptionSet& e : in.exceptions()) state.SetException(&m, e);
  }
  for (const v1::RoundSnapshot& in : s.rounds()) {
    RoundState& round = state.rounds_[in.round().round_id()];
    round.round = in.round();
    round.revision = in.revision();
    round.closed = in.closed();
    round.closed_at_us = in.closed_at_us();
    round.ballots_ever_cast = in.ballots_ever_cast();
    round.version = in.version();
    if (in.scope_frozen()) {
      round.frozen_scope.emplace(in.frozen_scope().begin(), in.frozen_scope().end());
    }
    round.participants.insert(in.round().participants().begin(), in.round().participants().end());
    if (in.round().scope().has_services()) {
      round.scope_services.insert(in.round().scope().services().service_ids().begin(),
                                  in.round().scope().services().service_ids().end());
    }
    for (const std::string& ags : in.round().participants()) {
      auto m = state.municipalities_.find(ags);
      if (m != state.municipalities_.end()) {
        ++round.participant_classes[m->second.municipality.size_class()];
      }
    }
    for (const v1::AnswersSnapshot& as : in.answers()) {
      AnswersState& a = round.answers[as.ags()];
      a.revision = as.revision();
      v1::Need need;
      for (const std::string& bytes : as.needs()) {
        if (!need.ParseFromString(bytes)) return absl::DataLossError("a need does not parse");
        state.SetNeed(round, as.ags(), a, need, bytes);
      }
      if (as.has_ballot()) {
        v1::Ballot ballot;
        if (!ballot.ParseFromString(as.ballot())) return absl::DataLossError("a ballot does not parse");
        state.SetBallot(round, as.ags(), a, &ballot);
      }
    }
  }
  for (const v1::EffortEstimated& e : s.efforts()) state.efforts_[e.service_id()] = e;
  for (const v1::OfferingSet& o : s.offerings()) state.offerings_[o.service_id()] = o;
  for (const v1::DeadlineSet& d : s.deadlines()) state.deadlines_[d.service_id()] = d;
  for (const v1::CapacityDeclared& c : s.team_capacity()) {
    state.team_capacity_[{c.team(), c.quarter()}] = c.person_days();
  }
  for (const v1::DepartmentCapacityDeclared& c : s.department_capacity()) {
    state.department_capacity_[{c.ags(), c.department(), c.quarter()}] = c.person_days();
  }
  for (const v1::RequestSnapshot& in : s.requests()) {
    RequestRecord& r = state.requests_[in.key()];
    r.request_hash = in.request_hash();
    r.correlation_id = in.correlation_id();
    r.command = in.command();
    r.first_position = in.first_position();
    r.last_position = in.last_position();
    r.events = in.events();
    r.event_counts.insert(in.event_counts().begin(), in.event_counts().end());
  }
  return state;
}

}  // namespace prio::domain
