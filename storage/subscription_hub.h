// SubscriptionHub: the store's committed head and its live subscribers
// (storage-internal).
//
// A subscription first catches up by reading the log, bounded by the committed head.
// When it has read exactly up to the head, it registers as live under the hub's
// mutex — the same mutex under which the writer advances the head and hands each
// committed batch to the live subscribers — so no event falls between catch-up and
// live, and none is delivered twice.
//
// Lock order: SubscriptionHub::mu_ before SubscriptionImpl::mu_. Wake callbacks run
// after both are released.
#ifndef PRIO_STORAGE_SUBSCRIPTION_HUB_H_
#define PRIO_STORAGE_SUBSCRIPTION_HUB_H_

#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "storage/event_store.h"
#include "storage/log_db.h"

namespace prio::storage {

class SubscriptionImpl;
using EventBatch = std::vector<std::shared_ptr<const RecordedEvent>>;

class SubscriptionHub : public std::enable_shared_from_this<SubscriptionHub> {
 public:
  explicit SubscriptionHub(Head head) : head_(head) {}

  Head head() const ABSL_LOCKS_EXCLUDED(mu_);

  // Called by the writer after `batch` is durable: advances the head and queues the
  // batch to every live subscriber. Never blocks on a subscriber.
  void Publish(const EventBatch& batch, Head new_head) ABSL_LOCKS_EXCLUDED(mu_);

  // Creates a subscription (OUT_OF_RANGE past the head, FAILED_PRECONDITION once
  // closed).
  // A subscription keeps the hub and `db` alive, so it may outlive the store (it
  // then only returns CANCELLED).
  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(std::shared_ptr<const LogDb> db,
                                                          const SubscribeOptions& options)
      ABSL_LOCKS_EXCLUDED(mu_);

  // Ends every subscription with CANCELLED; later Subscribe calls fail.
  void CloseAll() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  friend class SubscriptionImpl;

  // Registers `sub` as live if the head is still `read_up_to`; returns whether it did.
  bool TryGoLive(SubscriptionImpl* sub, uint64_t read_up_to) ABSL_LOCKS_EXCLUDED(mu_);
  void Forget(SubscriptionImpl* sub) ABSL_LOCKS_EXCLUDED(mu_);
  void StopLive(SubscriptionImpl* sub) ABSL_LOCKS_EXCLUDED(mu_);

  mutable absl::Mutex mu_;
  Head head_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_set<SubscriptionImpl*> all_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<SubscriptionImpl*> live_ ABSL_GUARDED_BY(mu_);
};

}  // namespace prio::storage

#endif  // PRIO_STORAGE_SUBSCRIPTION_HUB_H_
