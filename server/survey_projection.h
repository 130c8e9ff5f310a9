// SurveyProjection: the SurveyState kept current from the event store, shared by the
// survey commands and queries.
//
//   SurveyProjection projection(store);
//   PRIO_RETURN_IF_ERROR(projection.CatchUp());          // on start: replays the log
//   projection.Read([](const domain::SurveyState& s) { ... });
//
// Thread-safe. CatchUp applies every event after the state's position up to the
// store's head (readers wait meanwhile); Read runs a function under a reader lock.
#ifndef PRIO_SERVER_SURVEY_PROJECTION_H_
#define PRIO_SERVER_SURVEY_PROJECTION_H_

#include <cstdint>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "server/domain/survey_state.h"
#include "storage/event_store.h"

namespace prio::server {

class SurveyProjection {
 public:
  // `store` must outlive the projection.
  explicit SurveyProjection(storage::EventStore* store) : store_(store) {}

  // Applies all events up to the store's current head. Errors: those of
  // EventStore::Scan (e.g. DATA_LOSS); the state then stays at the last good
  // position and the next call resumes there. A domain event whose payload does not
  // parse is logged to stderr and skipped (it cannot come from the commands).
  absl::Status CatchUp() ABSL_LOCKS_EXCLUDED(mu_);

  // Runs `read` with the current state under a reader lock.
  void Read(absl::FunctionRef<void(const domain::SurveyState&)> read) const
      ABSL_LOCKS_EXCLUDED(mu_);

  uint64_t position() const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  storage::EventStore* const store_;
  mutable absl::Mutex mu_;
  domain::SurveyState state_ ABSL_GUARDED_BY(mu_);
};

// The stream prefixes the survey state folds (everything else only advances it).
storage::Filter SurveyStreamsFilter();

}  // namespace prio::server

#endif  // PRIO_SERVER_SURVEY_PROJECTION_H_
