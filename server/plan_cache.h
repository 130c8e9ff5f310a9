// PlanCache: Plan responses computed at the log's newest position, by request, so
// that the same plan asked again before the next write is a copy instead of a ranking,
// a selection and a schedule. Entries of an older position are dropped when one of a
// newer position is stored; at most kMaxEntries per position and kMaxBytes in all
// (then the oldest go); a response over kMaxEntryBytes is not kept. Thread-safe.
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
  static constexpr std::size_t kMaxBytes = 64 << 20;
  static constexpr std::size_t kMaxEntryBytes = 4 << 20;

  // The key of `request` (its deterministic serialization, as_of cleared).
  static std::string KeyOf(const v1::PlanRequest& request);

  // The response stored for (position, key), or nullptr.
  std::shared_ptr<const v1::PlanResponse> Find(uint64_t position, const std::string& key) const
      ABSL_LOCKS_EXCLUDED(mu_);
  // Stores a response of `bytes` (its serialized size); ignored if an entry of a newer
  // position is already stored, or if it is over kMaxEntryBytes.
  void Put(uint64_t position, std::string key, std::shared_ptr<const v1::PlanResponse> response,
           std::size_t bytes) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  mutable absl::Mutex mu_;
  uint64_t position_ ABSL_GUARDED_BY(mu_) = 0;
  struct Entry {
    std::string key;
    std::shared_ptr<const v1::PlanResponse> response;
    std::size_t bytes = 0;
  };
  std::deque<Entry> entries_ ABSL_GUARDED_BY(mu_);
  std::size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace prio::server

#endif  // PRIO_SERVER_PLAN_CACHE_H_
