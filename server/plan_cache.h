// PlanCache: Plan responses computed at the log's newest position, by request, so
// that the same plan asked again before the next write is a copy instead of a ranking,
// a selection and a schedule. Entries of an older position are dropped when one of a
// newer position is stored; at most kMaxEntries per position (then the oldest goes).
// Thread-safe.
#ifndef PRIO_SERVER_PLAN_CACHE_H_
#define PRIO_SERVER_PLAN_CACHE_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "prio/v1/queries.pb.h"

namespace prio::server {

class PlanCache {
 public:
  static constexpr std::size_t kMaxEntries = 32;

  // The key of `request` (its deterministic serialization, as_of cleared).
  static std::string KeyOf(const v1::PlanRequest& request);

  // The response stored for (position, key), or nullptr.
  std::shared_ptr<const v1::PlanResponse> Find(uint64_t position, const std::string& key) const
      ABSL_LOCKS_EXCLUDED(mu_);
  // Stores a response; ignored if an entry of a newer position is already stored.
  void Put(uint64_t position, std::string key, std::shared_ptr<const v1::PlanResponse> response)
      ABSL_LOCKS_EXCLUDED(mu_);

 private:
  mutable absl::Mutex mu_;
  uint64_t position_ ABSL_GUARDED_BY(mu_) = 0;
  std::deque<std::pair<std::string, std::shared_ptr<const v1::PlanResponse>>> entries_
      ABSL_GUARDED_BY(mu_);
};

}  // namespace prio::server

#endif  // PRIO_SERVER_PLAN_CACHE_H_
