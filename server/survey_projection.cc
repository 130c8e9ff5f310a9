#include "server/survey_projection.h"

#include <iostream>

#include "absl/time/clock.h"

#include "server/domain/streams.h"
#include "common/status_macros.h"

namespace prio::server {

storage::Filter SurveyStreamsFilter() {
  storage::Filter f;
  f.stream_prefixes = {std::string(domain::kCatalogStream), std::string(domain::kPlanningStream),
                       "municipality-", "round-"};
  return f;
}

absl::Status SurveyProjection::Apply(domain::SurveyState& state, uint64_t to, bool snapshot) {
  if (state.position() >= to) return absl::OkStatus();
  storage::ReadAllOptions options;
  options.from_position = state.position() + 1;
  options.to_position = to;
  options.filter = SurveyStreamsFilter();
  absl::Status snapshot_status;
  absl::StatusOr<storage::ReadAllResult> result =
      store_->Scan(options, [&](const storage::RecordedEvent& e) ABSL_NO_THREAD_SAFETY_ANALYSIS {
        if (absl::Status s = state.Apply(e); !s.ok()) {
          std::cerr << "priod: survey state skips an event: " << s.message() << "\n";
        }
        if (snapshot && e.position >= last_snapshot_ + snapshot_interval_) {
          snapshot_status.Update(WriteSnapshot(state));
        }
        return true;
      });
  if (!result.ok()) return result.status();
  state.AdvanceTo(to);  // events the filter skipped count as seen
  if (!snapshot_status.ok()) {
    std::cerr << "priod: a survey snapshot was not written: " << snapshot_status.message() << "\n";
  }
  return absl::OkStatus();
}

absl::Status SurveyProjection::WriteSnapshot(const domain::SurveyState& state)
    ABSL_NO_THREAD_SAFETY_ANALYSIS {  // called with mu_ held
  last_snapshot_ = state.position();
  return store_->PutSnapshot(kSnapshotName, state.position(), state.ToSnapshot());
}

absl::Status SurveyProjection::Start() {
  const uint64_t head = store_->GetHead().position;
  const absl::Time start = absl::Now();
  {
    absl::MutexLock lock(&mu_);
    absl::StatusOr<std::optional<storage::StoredSnapshot>> snap =
        store_->GetSnapshot(kSnapshotName, head);
    if (snap.ok() && snap->has_value()) {
      absl::StatusOr<domain::SurveyState> loaded = domain::SurveyState::FromSnapshot((*snap)->data);
      if (loaded.ok()) {
        state_ = *std::move(loaded);
        last_snapshot_ = state_.position();
        std::cerr << "priod: survey snapshot at position " << state_.position() << " ("
                  << (*snap)->data.size() / 1000 << " kB) loaded in "
                  << absl::FormatDuration(absl::Trunc(absl::Now() - start, absl::Milliseconds(1)))
                  << "\n";
      } else {
        std::cerr << "priod: survey snapshot at position " << (*snap)->position
                  << " discarded (" << loaded.status().message() << "); rebuilding from the log\n";
      }
    } else if (!snap.ok()) {
      std::cerr << "priod: survey snapshot unreadable (" << snap.status().message()
                << "); rebuilding from the log\n";
    }
  }
  const uint64_t from = position();
  const absl::Time tail_start = absl::Now();
  PRIO_RETURN_IF_ERROR(CatchUp());
  std::cerr << "priod: survey state at position " << position() << " (" << position() - from
            << " positions applied in "
            << absl::FormatDuration(absl::Trunc(absl::Now() - tail_start, absl::Milliseconds(1)))
            << ")\n";
  return absl::OkStatus();
}

absl::Status SurveyProjection::CatchUp() {
  const uint64_t head = store_->GetHead().position;
  absl::MutexLock lock(&mu_);
  return Apply(state_, head, /*snapshot=*/true);
}

absl::Status SurveyProjection::Close() {
  absl::MutexLock lock(&mu_);
  if (state_.position() == last_snapshot_) return absl::OkStatus();
  return WriteSnapshot(state_);
}

absl::Status SurveyProjection::Rebuild() {
  PRIO_RETURN_IF_ERROR(store_->DeleteSnapshots(kSnapshotName));
  {
    absl::MutexLock lock(&as_of_mu_);
    as_of_.reset();
  }
  const uint64_t head = store_->GetHead().position;
  absl::MutexLock lock(&mu_);
  state_ = domain::SurveyState();
  last_snapshot_ = 0;
  return Apply(state_, head, /*snapshot=*/true);
}

void SurveyProjection::Read(absl::FunctionRef<void(const domain::SurveyState&)> read) const {
  absl::ReaderMutexLock lock(&mu_);
  read(state_);
}

absl::Status SurveyProjection::ReadAt(uint64_t position,
                                      absl::FunctionRef<void(const domain::SurveyState&)> read) {
  PRIO_RETURN_IF_ERROR(CatchUp());
  {
    absl::ReaderMutexLock lock(&mu_);
    if (position >= state_.position()) {
      read(state_);
      return absl::OkStatus();
    }
  }
  absl::MutexLock lock(&as_of_mu_);
  // Step forward from the last as-of state when that is close; otherwise start from
  // the newest snapshot at or before `position` (or from nothing).
  const bool cache_usable = as_of_.has_value() && as_of_->position() <= position &&
                            position - as_of_->position() <= snapshot_interval_;
  if (!cache_usable) {
    domain::SurveyState base;
    absl::StatusOr<std::optional<storage::StoredSnapshot>> snap =
        store_->GetSnapshot(kSnapshotName, position);
    if (snap.ok() && snap->has_value()) {
      absl::StatusOr<domain::SurveyState> loaded = domain::SurveyState::FromSnapshot((*snap)->data);
      if (loaded.ok()) base = *std::move(loaded);
    }
    if (as_of_.has_value() && as_of_->position() <= position &&
        as_of_->position() > base.position()) {
      // The cached state is nearer than any snapshot.
    } else {
      as_of_ = std::move(base);
    }
  }
  PRIO_RETURN_IF_ERROR(Apply(*as_of_, position, /*snapshot=*/false));
  read(*as_of_);
  return absl::OkStatus();
}

uint64_t SurveyProjection::position() const {
  absl::ReaderMutexLock lock(&mu_);
  return state_.position();
}

}  // namespace prio::server
