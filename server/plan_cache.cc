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
  for (const auto& [k, response] : entries_) {
    if (k == key) return response;
  }
  return nullptr;
}

void PlanCache::Put(uint64_t position, std::string key,
                    std::shared_ptr<const v1::PlanResponse> response) {
  absl::MutexLock lock(&mu_);
  if (position < position_) return;
  if (position > position_) {
    entries_.clear();
    position_ = position;
  }
  for (const auto& [k, unused] : entries_) {
    if (k == key) return;
  }
  if (entries_.size() >= kMaxEntries) entries_.pop_front();
  entries_.emplace_back(std::move(key), std::move(response));
}

}  // namespace prio::server
