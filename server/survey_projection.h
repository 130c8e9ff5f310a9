// SurveyProjection: the SurveyState kept current from the event store, shared by the
// survey commands and queries.
//
//   SurveyProjection projection(store);
//   PRIO_RETURN_IF_ERROR(projection.CatchUp());          // on start: replays the log
//   projection.Read([](const domain::SurveyState& s) { ... });
//
// Thread-safe. CatchUp applies every event after the state's position up to the
// store's head (readers wait meanwhile); Read runs a function under a reader lock.
//
// History: the state is snapshotted to the store (EventStore::PutSnapshot, name
// "survey") whenever it has moved `snapshot_interval` positions past the last
// snapshot, and once more on Close. Start loads the newest snapshot (one of another
// version is discarded) and applies the tail. ReadAt answers as of any past position
// from the nearest snapshot at or before it plus the tail — never by replaying from
// position 1 — and keeps the last such state to step forward from cheaply.
#ifndef PRIO_SERVER_SURVEY_PROJECTION_H_
#define PRIO_SERVER_SURVEY_PROJECTION_H_

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include <optional>
#include <string_view>

#include "server/domain/ranking.h"
#include "server/domain/survey_state.h"
#include "storage/event_store.h"

namespace prio::server {

class SurveyProjection {
 public:
  static constexpr std::string_view kSnapshotName = "survey";

  // `store` must outlive the projection.
  explicit SurveyProjection(storage::EventStore* store, uint64_t snapshot_interval = 50'000)
      : store_(store), snapshot_interval_(snapshot_interval) {}

  // Loads the newest usable snapshot, then catches up. Errors: those of CatchUp.
  absl::Status Start() ABSL_LOCKS_EXCLUDED(mu_);
  // Writes a snapshot of the current state if it moved since the last one.
  absl::Status Close() ABSL_LOCKS_EXCLUDED(mu_);
  // Deletes every snapshot and rebuilds the state from position 1.
  absl::Status Rebuild() ABSL_LOCKS_EXCLUDED(mu_, as_of_mu_);

  // Applies all events up to the store's current head. Errors: those of
  // EventStore::Scan (e.g. DATA_LOSS); the state then stays at the last good
  // position and the next call resumes there. A domain event whose payload does not
  // parse is logged to stderr and skipped (it cannot come from the commands).
  absl::Status CatchUp() ABSL_LOCKS_EXCLUDED(mu_);

  // Runs `read` with the current state under a reader lock.
  void Read(absl::FunctionRef<void(const domain::SurveyState&)> read) const
      ABSL_LOCKS_EXCLUDED(mu_);

  // Runs `read` with the state as of `position` (every event <= position applied).
  // A position at or past the head reads the current state. Errors: those of the
  // store's reads; a snapshot that cannot be read is skipped (replay from an earlier
  // one).
  absl::Status ReadAt(uint64_t position,
                      absl::FunctionRef<void(const domain::SurveyState&)> read)
      ABSL_LOCKS_EXCLUDED(mu_, as_of_mu_);

  uint64_t position() const ABSL_LOCKS_EXCLUDED(mu_);
  domain::SchulzeCache* schulze() { return &schulze_; }

 private:
  // Applies events (from, to] to `state`; writes snapshots on the way if `snapshot`.
  absl::Status Apply(domain::SurveyState& state, uint64_t to, bool snapshot);
  absl::Status WriteSnapshot(const domain::SurveyState& state);

  storage::EventStore* const store_;
  const uint64_t snapshot_interval_;
  domain::SchulzeCache schulze_;
  mutable absl::Mutex mu_;
  domain::SurveyState state_ ABSL_GUARDED_BY(mu_);
  uint64_t last_snapshot_ ABSL_GUARDED_BY(mu_) = 0;
  absl::Mutex as_of_mu_;
  std::optional<domain::SurveyState> as_of_ ABSL_GUARDED_BY(as_of_mu_);
};

// The stream prefixes the survey state folds (everything else only advances it).
storage::Filter SurveyStreamsFilter();

}  // namespace prio::server

#endif  // PRIO_SERVER_SURVEY_PROJECTION_H_
