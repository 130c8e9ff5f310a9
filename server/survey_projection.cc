#include "server/survey_projection.h"

#include <iostream>

#include "server/domain/streams.h"

namespace prio::server {

storage::Filter SurveyStreamsFilter() {
  storage::Filter f;
  f.stream_prefixes = {std::string(domain::kCatalogStream), std::string(domain::kPlanningStream),
                       "municipality-", "round-"};
  return f;
}

absl::Status SurveyProjection::CatchUp() {
  const uint64_t head = store_->GetHead().position;
  absl::MutexLock lock(&mu_);
  if (state_.position() >= head) return absl::OkStatus();
  storage::ReadAllOptions options;
  options.from_position = state_.position() + 1;
  options.to_position = head;
  options.filter = SurveyStreamsFilter();
  absl::StatusOr<storage::ReadAllResult> result =
      store_->Scan(options, [this](const storage::RecordedEvent& e) {
        mu_.AssertHeld();
        if (absl::Status s = state_.Apply(e); !s.ok()) {
          std::cerr << "priod: survey state skips an event: " << s.message() << "\n";
        }
        return true;
      });
  if (!result.ok()) return result.status();
  // Events the filter skipped still count as seen.
  state_.AdvanceTo(head);
  return absl::OkStatus();
}

void SurveyProjection::Read(absl::FunctionRef<void(const domain::SurveyState&)> read) const {
  absl::ReaderMutexLock lock(&mu_);
  read(state_);
}

uint64_t SurveyProjection::position() const {
  absl::ReaderMutexLock lock(&mu_);
  return state_.position();
}

}  // namespace prio::server
