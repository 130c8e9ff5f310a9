#include "server/domain/survey_state.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "server/domain/compass.h"
#include "server/domain/streams.h"
#include "common/absl_compat.h"

namespace prio::domain {
namespace {

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// True if `stream` is round-<id>-<8 digits>.
bool IsAnswersStream(std::string_view stream) {
  return stream.size() > 15 && stream[stream.size() - 9] == '-' &&
         AllDigits(stream.substr(stream.size() - 8));
}

template <typename M>
absl::Status Parse(const storage::RecordedEvent& e, M* m) {
  if (!m->ParseFromString(e.data)) {
    return absl::DataLossError(absl::StrCat("event at position ", e.position, " (", e.type,
                                            ") has a payload that does not parse"));
  }
  return absl::OkStatus();
}

}  // namespace

std::string LeikaIdentity(std::string_view leika_key, std::string_view name) {
  if (AllDigits(leika_key)) return std::string(leika_key);  // a LeiKa key is unique
  return absl::StrCat(ToAbsl(leika_key), absl::string_view("\0", 1), ToAbsl(name));
}

const v1::LeikaResponsibility* ServiceState::FindResponsibility(
    const v1::LeikaEntry& entry) const {
  auto it = leika_responsibility.find(LeikaIdentity(entry.leika_key(), entry.name()));
  return it == leika_responsibility.end() ? nullptr : &it->second;
}

bool ServiceIdLess::operator()(std::string_view a, std::string_view b) const {
  const bool na = AllDigits(a);
  const bool nb = AllDigits(b);
  if (na != nb) return na;
  if (na) {
    // Compare without leading zeros: by length, then by digits.
    while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
    while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
    if (a.size() != b.size()) return a.size() < b.size();
  }
  return a < b;
}

bool ServiceState::IsResponsible(v1::SizeClass c) const {
  return std::binary_search(responsible.begin(), responsible.end(), c);
}

bool RoundState::InScope(std::string_view service_id) const {
  return !explicit_scope() || scope_services.contains(ToAbsl(service_id));
}

uint32_t RoundState::current_ballots() const {
  uint32_t n = 0;
  for (const auto& [ags, a] : answers) n += a.ballot.has_value() ? 1 : 0;
  return n;
}

std::string SerializeDeterministic(const google::protobuf::Message& m) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    m.SerializeToCodedStream(&coded);
  }
  return out;
}

absl::Status SurveyState::Apply(const storage::RecordedEvent& e) {
  position_ = e.position;
  const std::string_view stream = e.stream;
  absl::Status status;
  bool domain = true;
  if (stream == kCatalogStream) {
    status = ApplyCatalog(e);
  } else if (stream == kPlanningStream) {
    status = ApplyPlanning(e);
  } else if (absl::StartsWith(ToAbsl(stream), "municipality-")) {
    status = ApplyMunicipality(e);
  } else if (absl::StartsWith(ToAbsl(stream), "round-")) {
    status = IsAnswersStream(stream) ? ApplyAnswers(e) : ApplyRound(e);
  } else {
    domain = false;
  }
  if (domain && status.ok()) RecordRequest(e);
  return status;
}

absl::Status SurveyState::ApplyCatalog(const storage::RecordedEvent& e) {
  catalog_revision_ = static_cast<int64_t>(e.revision);
  if (e.type == "ServiceCatalogued" || e.type == "ServiceUpdated") {
    // Both carry the service's complete description.
    v1::ServiceCatalogued m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    services_[m.service().service_id()].service = m.service();
  } else if (e.type == "ServiceRetired") {
    v1::ServiceRetired m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    if (auto it = services_.find(m.service_id()); it != services_.end()) it->second.retired = true;
  } else if (e.type == "LeikaEntriesSet") {
    v1::LeikaEntriesSet m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    if (auto it = services_.find(m.service_id()); it != services_.end()) {
      CountOffices(it->second, -1);
      it->second.leika.assign(m.entries().begin(), m.entries().end());
      IndexResponsibility(&it->second);
    }
  } else if (e.type == "ResponsibilitySet") {
    v1::ResponsibilitySet m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    if (auto it = services_.find(m.service_id()); it != services_.end()) {
      SetResponsibility(&it->second, m);
      mapping_position_ = e.position;
    }
  } else if (e.type == "ResponsibilityImported") {
    v1::ResponsibilityImported m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    mapping_position_ = e.position;
    mapping_source_ = m.source();
  }
  return absl::OkStatus();
}

absl::Status SurveyState::ApplyMunicipality(const storage::RecordedEvent& e) {
  if (e.type == "OfficeExceptionSet") {
    v1::OfficeExceptionSet m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    auto it = municipalities_.find(m.ags());
    if (it == municipalities_.end()) return absl::OkStatus();
    it->second.revision = static_cast<int64_t>(e.revision);
    SetException(&it->second, m);
    mapping_position_ = e.position;
    // Every open round's scope may change with it (closed ones keep theirs).
    for (auto& [id, round] : rounds_) {
      if (!round.frozen_scope) round.version = e.position;
    }
    return absl::OkStatus();
  }
  if (e.type != "MunicipalityRegistered" && e.type != "MunicipalityUpdated") return absl::OkStatus();
  v1::MunicipalityRegistered m;  // same shape as MunicipalityUpdated
  if (auto s = Parse(e, &m); !s.ok()) return s;
  const std::string& ags = m.municipality().ags();
  const auto found = municipalities_.find(ags);
  const bool known = found != municipalities_.end();
  const int64_t before = known ? found->second.municipality.population() : 0;
  const auto class_before =
      known ? found->second.municipality.size_class() : v1::SIZE_CLASS_UNSPECIFIED;
  MunicipalityState& state = municipalities_[ags];
  if (known && !state.exceptions.empty() &&
      state.municipality.kreis_key() != m.municipality().kreis_key()) {
    // Its exceptions move to its new Kreis.
    std::vector<v1::OfficeExceptionSet> exceptions;
    for (const auto& [office, x] : state.exceptions) exceptions.push_back(x);
    for (v1::OfficeExceptionSet x : exceptions) {
      x.set_mode(v1::OFFICE_EXCEPTION_MODE_NONE);
      SetException(&state, x);
    }
    state.municipality = m.municipality();
    for (const v1::OfficeExceptionSet& x : exceptions) SetException(&state, x);
  }
  state.municipality = m.municipality();
  state.revision = static_cast<int64_t>(e.revision);
  const int64_t after = m.municipality().population();
  for (auto& [id, round] : rounds_) {
    if (!round.participants.contains(ags)) continue;
    round.version = e.position;
    --round.participant_classes[class_before];
    ++round.participant_classes[m.municipality().size_class()];
  }
  if (before == after) return absl::OkStatus();
  // The municipality's weight changed: re-count its answers in every round.
  for (auto& [id, round] : rounds_) {
    auto a = round.answers.find(ags);
    if (a == round.answers.end() || a->second.facts.empty()) continue;
    for (const auto& [service, f] : a->second.facts) {
      round.tally.Replace(service, before, f, after, f);
    }
  }
  return absl::OkStatus();
}

absl::Status SurveyState::ApplyRound(const storage::RecordedEvent& e) {
  if (e.type == "RoundOpened") {
    v1::RoundOpened m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    RoundState& round = rounds_[m.round_id()];
    round.round = m;
    round.version = e.position;
    round.revision = static_cast<int64_t>(e.revision);
    round.participants.insert(m.participants().begin(), m.participants().end());
    for (const std::string& ags : m.participants()) {
      auto it = municipalities_.find(ags);
      if (it != municipalities_.end()) ++round.participant_classes[it->second.municipality.size_class()];
    }
    if (m.scope().has_services()) {
      round.scope_services.insert(m.scope().services().service_ids().begin(),
                                  m.scope().services().service_ids().end());
    }
    return absl::OkStatus();
  }
  std::string round_id;
  if (e.type == "RoundExtended") {
    v1::RoundExtended m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    auto it = rounds_.find(m.round_id());
    if (it == rounds_.end()) return absl::OkStatus();
    it->second.round.set_closes_at_us(m.closes_at_us());
    it->second.version = e.position;
    it->second.revision = static_cast<int64_t>(e.revision);
  } else if (e.type == "BallotRulesChanged") {
    v1::BallotRulesChanged m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    auto it = rounds_.find(m.round_id());
    if (it == rounds_.end()) return absl::OkStatus();
    *it->second.round.mutable_ballot() = m.ballot();
    it->second.version = e.position;
    it->second.revision = static_cast<int64_t>(e.revision);
  } else if (e.type == "RoundClosed") {
    v1::RoundClosed m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    auto it = rounds_.find(m.round_id());
    if (it == rounds_.end()) return absl::OkStatus();
    it->second.closed = true;
    it->second.frozen_scope = ScopeServices(*this, it->second);
    it->second.version = e.position;
    it->second.closed_at_us = e.recorded_at_us;
    it->second.revision = static_cast<int64_t>(e.revision);
  }
  return absl::OkStatus();
}

int64_t SurveyState::PopulationOf(const std::string& ags) const {
  auto it = municipalities_.find(ags);
  return it == municipalities_.end() ? 0 : it->second.municipality.population();
}

void SurveyState::SetFacts(RoundState& round, const std::string& ags, AnswersState& answers,
                           const std::string& service, const ServiceFacts& facts) {
  const int64_t population = PopulationOf(ags);
  auto it = answers.facts.find(service);
  const ServiceFacts before = it == answers.facts.end() ? ServiceFacts() : it->second;
  round.tally.Replace(service, population, before, population, facts);
  if (!facts.on_ballot && !facts.has_need && facts.ballot_points == 0) {
    answers.facts.erase(service);
  } else {
    answers.facts[service] = facts;
  }
}

void SurveyState::SetNeed(RoundState& round, const std::string& ags, AnswersState& a,
                          const v1::Need& need, std::string serialized) {
  const std::string& service = need.service_id();
  a.needs[service] = std::move(serialized);
  if (need.entered_by().empty()) {
    a.entered_by.erase(service);
  } else {
    a.entered_by[service] = need.entered_by();
  }
  auto it = a.facts.find(service);
  ServiceFacts f = it == a.facts.end() ? ServiceFacts() : it->second;
  f.has_need = true;
  f.level = need.level();
  f.cases = need.has_yearly_cases() ? need.yearly_cases() : 0;
  absl::StatusOr<vocab::Quarter> start = vocab::Quarter::Parse(need.desired_start_quarter());
  f.has_desired_start = start.ok();
  f.desired_start = start.value_or(vocab::Quarter());
  SetFacts(round, ags, a, service, f);
}

void SurveyState::ClearNeed(RoundState& round, const std::string& ags, AnswersState& a,
                            const std::string& service) {
  a.needs.erase(service);
  a.entered_by.erase(service);
  auto it = a.facts.find(service);
  ServiceFacts f = it == a.facts.end() ? ServiceFacts() : it->second;
  f.has_need = false;
  f.level = v1::NEED_LEVEL_UNSPECIFIED;
  f.cases = 0;
  f.has_desired_start = false;
  SetFacts(round, ags, a, service, f);
}

void SurveyState::SetBallot(RoundState& round, const std::string& ags, AnswersState& a,
                            const v1::Ballot* ballot) {
  // Take the old ballot out of every service it touched, then put the new one in.
  absl::flat_hash_map<std::string, uint32_t> points;
  std::vector<std::string> ranked;
  if (ballot != nullptr) {
    for (const v1::PointsAllocation& p : ballot->points()) points[p.service_id()] = p.points();
    const auto k = static_cast<uint32_t>(ballot->ranked_size());
    for (uint32_t i = 0; i < k; ++i) {
      points[ballot->ranked(static_cast<int>(i))] = k - i;
      ranked.push_back(ballot->ranked(static_cast<int>(i)));
    }
    a.ballot = SerializeDeterministic(*ballot);
    a.ballot_by_provider = !ballot->entered_by().empty();
  } else {
    a.ballot.reset();
    a.ballot_by_provider = false;
  }
  std::vector<std::string> touched;
  for (const auto& [service, f] : a.facts) {
    if (f.on_ballot || f.ballot_points > 0) touched.push_back(service);
  }
  for (const auto& [service, p] : points) touched.push_back(service);
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  const bool is_ranked = !ranked.empty();
  for (const std::string& service : touched) {
    auto it = a.facts.find(service);
    ServiceFacts f = it == a.facts.end() ? ServiceFacts() : it->second;
    auto p = points.find(service);
    f.ballot_points = p == points.end() ? 0 : p->second;
    f.on_ballot = p != points.end() && (is_ranked || p->second > 0);
    SetFacts(round, ags, a, service, f);
  }
  a.ranked = std::move(ranked);
}

absl::Status SurveyState::ApplyAnswers(const storage::RecordedEvent& e) {
  // The round, and the municipality's answers in it (nullptr if the round is unknown).
  auto find = [&](const std::string& round_id, const std::string& ags)
      -> std::pair<RoundState*, AnswersState*> {
    auto it = rounds_.find(round_id);
    if (it == rounds_.end()) return {nullptr, nullptr};
    AnswersState* a = &it->second.answers[ags];
    a->revision = static_cast<int64_t>(e.revision);
    it->second.version = e.position;
    return {&it->second, a};
  };
  if (e.type == "NeedSubmitted" || e.type == "NeedAmended") {
    v1::NeedSubmitted m;  // same shape as NeedAmended
    if (auto s = Parse(e, &m); !s.ok()) return s;
    auto [round, a] = find(m.round_id(), m.ags());
    if (a != nullptr) SetNeed(*round, m.ags(), *a, m.need(), SerializeDeterministic(m.need()));
  } else if (e.type == "NeedWithdrawn") {
    v1::NeedWithdrawn m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    auto [round, a] = find(m.round_id(), m.ags());
    if (a != nullptr) ClearNeed(*round, m.ags(), *a, m.service_id());
  } else if (e.type == "BallotCast") {
    v1::BallotCast m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    auto [round, a] = find(m.round_id(), m.ags());
    if (a == nullptr) return absl::OkStatus();
    SetBallot(*round, m.ags(), *a, &m.ballot());
    ++round->ballots_ever_cast;
  } else if (e.type == "BallotWithdrawn") {
    v1::BallotWithdrawn m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    auto [round, a] = find(m.round_id(), m.ags());
    if (a != nullptr) SetBallot(*round, m.ags(), *a, nullptr);
  }
  return absl::OkStatus();
}

absl::Status SurveyState::ApplyPlanning(const storage::RecordedEvent& e) {
  planning_revision_ = static_cast<int64_t>(e.revision);
  if (e.type == "EffortEstimated") {
    v1::EffortEstimated m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    efforts_[m.service_id()] = m;
  } else if (e.type == "OfferingSet") {
    v1::OfferingSet m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    offerings_[m.service_id()] = m;
  } else if (e.type == "DeadlineSet") {
    v1::DeadlineSet m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    if (m.quarter().empty()) {
      deadlines_.erase(m.service_id());
    } else {
      deadlines_[m.service_id()] = m;
    }
  } else if (e.type == "CapacityDeclared") {
    v1::CapacityDeclared m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    team_capacity_[{m.team(), m.quarter()}] = m.person_days();
  } else if (e.type == "DepartmentCapacityDeclared") {
    v1::DepartmentCapacityDeclared m;
    if (auto s = Parse(e, &m); !s.ok()) return s;
    department_capacity_[{m.ags(), m.department(), m.quarter()}] = m.person_days();
  }
  return absl::OkStatus();
}

void SurveyState::RecordRequest(const storage::RecordedEvent& e) {
  auto id = e.metadata.find(std::string(kMetaRequestId));
  if (id == e.metadata.end()) return;
  auto principal = e.metadata.find(std::string(kMetaPrincipal));
  const std::string key = absl::StrCat(
      principal == e.metadata.end() ? "" : principal->second, absl::string_view("\0", 1), id->second);
  RequestRecord& r = requests_[key];
  if (r.events == 0) {
    auto field = [&](std::string_view k) {
      auto it = e.metadata.find(std::string(k));
      return it == e.metadata.end() ? std::string() : it->second;
    };
    r.request_hash = field(kMetaRequestHash);
    r.correlation_id = field(kMetaCorrelationId);
    r.command = field(kMetaCommand);
    r.first_position = e.position;
  }
  r.last_position = e.position;
  ++r.events;
  ++r.event_counts[e.type];
}

const ServiceState* SurveyState::FindService(std::string_view service_id) const {
  auto it = services_.find(service_id);
  return it == services_.end() ? nullptr : &it->second;
}

const MunicipalityState* SurveyState::FindMunicipality(std::string_view ags) const {
  auto it = municipalities_.find(std::string(ags));
  return it == municipalities_.end() ? nullptr : &it->second;
}

const RoundState* SurveyState::FindRound(std::string_view round_id) const {
  auto it = rounds_.find(std::string(round_id));
  return it == rounds_.end() ? nullptr : &it->second;
}

const RequestRecord* SurveyState::FindRequest(std::string_view principal,
                                              std::string_view request_id) const {
  auto it = requests_.find(
      absl::StrCat(ToAbsl(principal), absl::string_view("\0", 1), ToAbsl(request_id)));
  return it == requests_.end() ? nullptr : &it->second;
}

std::string SurveyState::Dump() const {
  std::string out = absl::StrCat("position ", position_, "\ncatalog ", catalog_revision_,
                                 "\nplanning ", planning_revision_, "\nmapping ",
                                 mapping_position_, " ", mapping_source_, "\n");
  for (const auto& [office, n] : offices_) absl::StrAppend(&out, "office ", office, "=", n, "\n");
  for (const auto& [kreis, offices] : kreis_exceptions_) {
    for (const auto& [office, modes] : offices) {
      for (const auto& [mode, ags] : modes) {
        if (ags.empty()) continue;
        absl::StrAppend(&out, "kreis ", kreis, " ", office, " ", static_cast<int>(mode), ":",
                        absl::StrJoin(ags, ","), "\n");
      }
    }
  }
  for (const auto& [id, s] : services_) {
    absl::StrAppend(&out, "service ", id, " ", s.service.ShortDebugString(), " retired=",
                    s.retired, " leika=", s.leika.size(), " set=", s.responsibility_set,
                    " rule=", s.responsibility_rule, " classes=");
    for (auto c : s.responsible) absl::StrAppend(&out, static_cast<int>(c), ",");
    for (const auto& l : s.leika) absl::StrAppend(&out, "\n  leika ", l.ShortDebugString());
    for (const auto& [key, r] : s.leika_responsibility) {
      absl::StrAppend(&out, "\n  responsibility ", r.ShortDebugString());
    }
    out += "\n";
  }
  for (const auto& [ags, m] : municipalities_) {
    absl::StrAppend(&out, "municipality ", ags, "@", m.revision, " ",
                    m.municipality.ShortDebugString(), "\n");
    for (const auto& [office, e] : m.exceptions) {
      absl::StrAppend(&out, "  exception ", e.ShortDebugString(), "\n");
    }
  }
  for (const auto& [id, r] : rounds_) {
    absl::StrAppend(&out, "round ", id, "@", r.revision, " ", r.round.ShortDebugString(),
                    " closed=", r.closed, "/", r.closed_at_us, " ballots_ever=",
                    r.ballots_ever_cast, "\n");
    if (r.frozen_scope) absl::StrAppend(&out, "  frozen scope ", absl::StrJoin(*r.frozen_scope, ","), "\n");
    std::map<std::string, const ServiceTally*> tallies;
    for (const auto& [service, t] : r.tally.services()) {
      bool zero = t.cases == 0 && t.supporters == 0 && t.required_by == 0 && t.population == 0;
      for (int w = 0; w < kWeightings; ++w) zero = zero && t.ballot[w] == 0 && t.need[w] == 0;
      if (!zero) tallies[service] = &t;  // a residue of withdrawn answers is no difference
    }
    for (const auto& [service, t] : tallies) {
      absl::StrAppend(&out, "  tally ", service, " cases=", t->cases, " supporters=",
                      t->supporters, " required=", t->required_by, " population=",
                      t->population);
      for (int w = 0; w < kWeightings; ++w) {
        absl::StrAppend(&out, " b", w, "=", ToDouble(t->ballot[w]), " n", w, "=",
                        ToDouble(t->need[w]));
      }
      out += "\n";
    }
    for (const auto& [ags, a] : r.answers) {
      absl::StrAppend(&out, "  answers ", ags, "@", a.revision, "\n");
      for (const auto& [service, need] : a.needs) {
        v1::Need n;
        n.ParseFromString(need);
        absl::StrAppend(&out, "    need ", n.ShortDebugString(), "\n");
      }
      if (a.ballot) {
        v1::Ballot b;
        b.ParseFromString(*a.ballot);
        absl::StrAppend(&out, "    ballot ", b.ShortDebugString(), "\n");
      }
    }
  }
  for (const auto& [id, effort] : efforts_) {
    absl::StrAppend(&out, "effort ", effort.ShortDebugString(), "\n");
  }
  for (const auto& [id, offering] : offerings_) {
    absl::StrAppend(&out, "offering ", offering.ShortDebugString(), "\n");
  }
  for (const auto& [id, deadline] : deadlines_) {
    absl::StrAppend(&out, "deadline ", deadline.ShortDebugString(), "\n");
  }
  for (const auto& [key, days] : team_capacity_) {
    absl::StrAppend(&out, "capacity ", key.first, " ", key.second, " ", days, "\n");
  }
  for (const auto& [key, days] : department_capacity_) {
    absl::StrAppend(&out, "department ", std::get<0>(key), " ", std::get<1>(key), " ",
                    std::get<2>(key), " ", days, "\n");
  }
  std::map<std::string, const RequestRecord*> requests;
  for (const auto& [key, r] : requests_) requests[key] = &r;
  for (const auto& [key, r] : requests) {
    absl::StrAppend(&out, "request ", absl::CEscape(key), " ", r->request_hash, " ",
                    r->first_position, "-", r->last_position, " ", r->events, "\n");
  }
  return out;
}

}  // namespace prio::domain
