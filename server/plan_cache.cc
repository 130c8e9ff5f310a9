#include "server/plan_cache.h"

#include "server/domain/survey_state.h"

namespace prio::server {

std::string PlanCache::KeyOf(const v1::PlanRequest& request) {
  v1::PlanRequest key = request;
  key.clear_as_of();
  return domain::SerializeDeterministic(key);
}

std::shared_ptr<const v1::PlanResponse> PlanCache::Find(uint64_t position,
                                                        const std::string& key) const {
  absl::MutexLock lock(&mu_);
  if (position != position_) return nullptr;
  for (const Entry& e : entries_) {
    if (e.key == key) return e.response;
  }
  return nullptr;
}

void PlanCache::Put(uint64_t position, std::string key,
                    std::shared_ptr<const v1::PlanResponse> response, std::size_t bytes) {
  if (bytes > kMaxEntryBytes) return;
  absl::MutexLock lock(&mu_);
  if (position < position_) return;
  if (position > position_) {
    entries_.clear();
    bytes_ = 0;
    position_ = position;
  }
  for (const Entry& e : entries_) {
    if (e.key == key) return;
  }
  while (!entries_.empty() &&
         (entries_.size() >= kMaxEntries || bytes_ + bytes > kMaxBytes)) {
    bytes_ -= entries_.front().bytes;
    entries_.pop_front();
  }
  entries_.push_back({std::move(key), std::move(response), bytes});
  bytes_ += bytes;
}

}  // namespace prio::server
