// SurveyState: the survey's current state as a pure fold over the log —
// catalogue, municipalities, rounds, every municipality's current needs and ballot,
// planning inputs, and the request ids already served. Commands validate against it;
// simple queries read it.
//
//   SurveyState state;
//   for (const RecordedEvent& e : log) state.Apply(e);   // in position order
//   const RoundState* round = state.FindRound("2027");
//
// Apply is deterministic: the same events give the same state (Dump() compares two
// states byte for byte). Not thread-safe; SurveyProjection adds locking and catch-up.
#ifndef PRIO_SERVER_DOMAIN_SURVEY_STATE_H_
#define PRIO_SERVER_DOMAIN_SURVEY_STATE_H_

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/btree_map.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "prio/v1/events.pb.h"
#include "server/domain/tally.h"
#include "storage/event_store.h"

namespace prio::domain {

// A stream's last revision, or kNoRevision if it has no events.
inline constexpr int64_t kNoRevision = -1;

// Orders service ids numerically where both are numbers ("999" < "10000"), else
// bytewise; numbers come first.
struct ServiceIdLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

// Identifies a LeiKa entry within its service: its key where it is a LeiKa key (digits,
// unique), else (several entries share "nicht im LeiKa") the key and the name.
std::string LeikaIdentity(std::string_view leika_key, std::string_view name);

struct ServiceState {
  v1::Service service;
  bool retired = false;
  std::vector<v1::LeikaEntry> leika;
  // Which size classes must provide it: the union over `leika_responsibility`, or a
  // bundle-level mapping's classes. Ascending; empty: no municipality.
  std::vector<v1::SizeClass> responsible;
  bool responsibility_set = false;  // false: no mapping imported yet
  std::string responsibility_rule;  // bundle-level mapping only
  // The LeiKa-level mapping by LeikaIdentity (empty: bundle level or none).
  std::map<std::string, v1::LeikaResponsibility> leika_responsibility;
  std::vector<v1::AuthorityKind> authorities;  // union over the entries, ascending

  // By size class alone (no office exceptions; see compass.h for a municipality).
  bool IsResponsible(v1::SizeClass c) const;
  // The mapping of one of its entries, or nullptr.
  const v1::LeikaResponsibility* FindResponsibility(const v1::LeikaEntry& entry) const;
};

struct MunicipalityState {
  v1::Municipality municipality;
  int64_t revision = kNoRevision;
  // Its office exceptions by office (modes TAKES_ON and HANDS_TO_KREIS only).
  std::map<std::string, v1::OfficeExceptionSet> exceptions;
};

// One municipality's answers in one round (stream round-<id>-<ags>).
struct AnswersState {
  int64_t revision = kNoRevision;
  // Current needs by service id, each as its deterministic serialization.
  absl::btree_map<std::string, std::string, ServiceIdLess> needs;
  std::optional<std::string> ballot;  // the current ballot, serialized
  std::vector<std::string> ranked;    // the current ranked ballot, most important first
  // What the answers say per service, as the tallies count it.
  absl::flat_hash_map<std::string, ServiceFacts> facts;
  // Current needs provider staff entered (Need.entered_by: by service id), and whether
  // the current ballot is theirs.
  absl::flat_hash_map<std::string, std::string> entered_by;
  bool ballot_by_provider = false;

  bool answered() const { return !needs.empty() || ballot.has_value(); }
  bool any_by_provider() const { return ballot_by_provider || !entered_by.empty(); }
};

struct RoundState {
  v1::RoundOpened round;  // closes_at_us and ballot rules kept current
  int64_t revision = kNoRevision;
  bool closed = false;  // closed explicitly
  int64_t closed_at_us = 0;
  absl::flat_hash_set<std::string> participants;
  absl::flat_hash_set<std::string> scope_services;  // explicit scope only
  uint64_t ballots_ever_cast = 0;                    // withdrawn ones included
  absl::btree_map<std::string, AnswersState> answers;  // by AGS (no pointer stability)
  RoundTally tally;
  // How many participants have each size class (index: SizeClass value).
  std::array<uint32_t, 6> participant_classes{};
  // Set when the round was closed explicitly: the services it asked about then, which
  // later mapping changes no longer move (ScopeServices).
  std::optional<std::vector<std::string>> frozen_scope;
  // The position of the last event that changed this round's rankings (its own
  // events, its answers, a participant's population).
  uint64_t version = 0;

  bool explicit_scope() const { return round.scope().has_services(); }
  // True if the service is among the round's services (explicit scope), or the round
  // asks about all responsible services.
  bool InScope(std::string_view service_id) const;
  uint32_t current_ballots() const;
};

// A command's result, kept so that a retry with the same request id can be answered.
struct RequestRecord {
  std::string request_hash;
  std::string correlation_id;
  std::string command;
  uint64_t first_position = 0;
  uint64_t last_position = 0;
  uint32_t events = 0;
  std::map<std::string, uint32_t> event_counts;
};

// Event metadata keys written by the commands.
inline constexpr std::string_view kMetaPrincipal = "principal";
inline constexpr std::string_view kMetaCorrelationId = "correlation-id";
inline constexpr std::string_view kMetaCommand = "command";
inline constexpr std::string_view kMetaRequestId = "request-id";
inline constexpr std::string_view kMetaRequestHash = "request-hash";

class SurveyState {
 public:
  // Applies the next event (e.position must be greater than position()). Events outside the domain streams, and unknown types, only advance
  // the position. A domain event whose payload does not parse is DATA_LOSS naming its
  // position; the state is then unchanged except for the position.
  absl::Status Apply(const storage::RecordedEvent& e);

  uint64_t position() const { return position_; }
  // Records that every event up to `position` was seen (a filtered replay skips the
  // events of other streams). Never moves backwards.
  void AdvanceTo(uint64_t position) {
    if (position > position_) position_ = position;
  }

  const ServiceState* FindService(std::string_view service_id) const;
  const MunicipalityState* FindMunicipality(std::string_view ags) const;
  const RoundState* FindRound(std::string_view round_id) const;
  const RequestRecord* FindRequest(std::string_view principal, std::string_view request_id) const;

  const std::map<std::string, ServiceState, ServiceIdLess>& services() const { return services_; }
  const absl::btree_map<std::string, MunicipalityState>& municipalities() const {
    return municipalities_;
  }
  const std::map<std::string, RoundState>& rounds() const { return rounds_; }
  const std::map<std::string, v1::EffortEstimated, ServiceIdLess>& efforts() const {
    return efforts_;
  }
  // Implementation paths and deadlines by service id (offering.h).
  const std::map<std::string, v1::OfferingSet, ServiceIdLess>& offerings() const {
    return offerings_;
  }
  const std::map<std::string, v1::DeadlineSet, ServiceIdLess>& deadlines() const {
    return deadlines_;
  }
  // By (team, quarter) and by (ags, department, quarter).
  const std::map<std::pair<std::string, std::string>, double>& team_capacity() const {
    return team_capacity_;
  }
  const std::map<std::tuple<std::string, std::string, std::string>, double>&
  department_capacity() const {
    return department_capacity_;
  }

  int64_t catalog_revision() const { return catalog_revision_; }
  // The responsibility mapping in force: the position of its last change (a
  // ResponsibilitySet, ResponsibilityImported or OfficeExceptionSet; 0: none) and the
  // source named by the last import.
  uint64_t mapping_position() const { return mapping_position_; }
  const std::string& mapping_source() const { return mapping_source_; }
  // How many LeiKa entries name each office.
  const std::map<std::string, uint32_t>& offices() const { return offices_; }
  // The Gemeinden of a Kreis (by Kreis key) with an exception for an office, by office
  // and mode: which AGS take it on themselves or hand it to the Kreis.
  using OfficeExceptions = std::map<std::string, std::map<v1::OfficeExceptionMode,
                                                          std::set<std::string>>>;
  const OfficeExceptions* FindKreisExceptions(std::string_view kreis_key) const;
  // The municipalities whose duties an office exception touches: Gemeinden with an
  // exception and the Kreise of such Gemeinden (by AGS). For everybody else the size
  // class decides alone.
  const std::set<std::string>& excepted() const { return excepted_; }
  int64_t planning_revision() const { return planning_revision_; }

  // A deterministic text rendering of the whole state, for comparing two states.
  std::string Dump() const;

  // The state as a snapshot (proto/prio/v1/snapshot.proto, version kSnapshotVersion),
  // and back. FromSnapshot recomputes the tallies; FAILED_PRECONDITION for another
  // version, DATA_LOSS for bytes that do not parse. (survey_snapshot.cc)
  static constexpr uint32_t kSnapshotVersion = 4;
  std::string ToSnapshot() const;
  static absl::StatusOr<SurveyState> FromSnapshot(std::string_view bytes);

 private:
  absl::Status ApplyCatalog(const storage::RecordedEvent& e);
  absl::Status ApplyMunicipality(const storage::RecordedEvent& e);
  absl::Status ApplyRound(const storage::RecordedEvent& e);
  absl::Status ApplyAnswers(const storage::RecordedEvent& e);
  absl::Status ApplyPlanning(const storage::RecordedEvent& e);
  void RecordRequest(const storage::RecordedEvent& e);
  // A municipality's answers change; the tally follows.
  // `serialized` is `need`'s deterministic serialization.
  void SetNeed(RoundState& round, const std::string& ags, AnswersState& a, const v1::Need& need,
               std::string serialized);
  void ClearNeed(RoundState& round, const std::string& ags, AnswersState& a,
                 const std::string& service);
  void SetBallot(RoundState& round, const std::string& ags, AnswersState& a,
                 const v1::Ballot* ballot);  // nullptr: withdrawn
  // Sets what `ags`'s answers say about `service` in `round`, updating the tally.
  void SetFacts(RoundState& round, const std::string& ags, AnswersState& answers,
                const std::string& service, const ServiceFacts& facts);
  int64_t PopulationOf(const std::string& ags) const;
  void SetResponsibility(ServiceState* s, const v1::ResponsibilitySet& r);
  // Drops mappings of entries the catalogue no longer lists and recomputes the
  // service's classes, authorities and the office counts.
  void IndexResponsibility(ServiceState* s);
  void CountOffices(const ServiceState& s, int delta);
  void SetException(MunicipalityState* m, const v1::OfficeExceptionSet& e);

  uint64_t position_ = 0;
  int64_t catalog_revision_ = kNoRevision;
  int64_t planning_revision_ = kNoRevision;
  uint64_t mapping_position_ = 0;
  std::string mapping_source_;
  std::map<std::string, uint32_t> offices_;
  std::map<std::string, OfficeExceptions> kreis_exceptions_;  // by Kreis key
  std::set<std::string> excepted_;
  std::map<std::string, ServiceState, ServiceIdLess> services_;
  absl::btree_map<std::string, MunicipalityState> municipalities_;
  std::map<std::string, RoundState> rounds_;
  std::map<std::string, v1::EffortEstimated, ServiceIdLess> efforts_;
  std::map<std::string, v1::OfferingSet, ServiceIdLess> offerings_;
  std::map<std::string, v1::DeadlineSet, ServiceIdLess> deadlines_;  // set ones only
  std::map<std::pair<std::string, std::string>, double> team_capacity_;
  std::map<std::tuple<std::string, std::string, std::string>, double> department_capacity_;
  absl::flat_hash_map<std::string, RequestRecord> requests_;  // principal '\0' request id
};

// Serializes `m` deterministically (map fields sorted), for storing and comparing.
std::string SerializeDeterministic(const google::protobuf::Message& m);

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_SURVEY_STATE_H_
