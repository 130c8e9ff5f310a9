#include "storage/subscription_hub.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace prio::storage {

class SubscriptionImpl final : public Subscription {
 public:
  SubscriptionImpl(std::shared_ptr<SubscriptionHub> hub, std::shared_ptr<const LogDb> db,
                   SubscribeOptions options)
      : hub_(std::move(hub)),
        db_(std::move(db)),
        options_(std::move(options)),
        cursor_(options_.after_position + 1),
        scanned_(options_.after_position),
        last_emitted_(options_.after_position),
        last_delivered_(options_.after_position) {}

  ~SubscriptionImpl() override { hub_->Forget(this); }

  absl::StatusOr<std::vector<SubscriptionMessage>> Poll(size_t max) override {
    if (max == 0) max = 1;
    uint64_t cursor = 0;
    {
      absl::MutexLock lock(&mu_);
      if (!error_.ok()) return error_;
      if (live_) return TakeLocked(max);
      cursor = cursor_;
    }
    // Catching up: read without holding any lock, never past the committed head.
    const uint64_t head = hub_->head().position;
    std::vector<SubscriptionMessage> out;
    uint64_t scanned = cursor - 1;
    if (cursor <= head) {
      ReadAllOptions ro;
      ro.from_position = cursor;
      ro.to_position = head;
      ro.max_count = max;
      // Scanning at most a checkpoint interval per call keeps checkpoints periodic.
      ro.max_scan = std::max<uint64_t>(max, options_.checkpoint_interval);
      ro.filter = options_.filter;
      absl::StatusOr<ReadAllResult> r = db_->ReadAll(ro);
      if (!r.ok()) return Fail(r.status());
      for (RecordedEvent& e : r->events) {
        const uint64_t p = e.position;
        out.push_back({SubscriptionMessage::Kind::kEvent, p,
                       std::make_shared<const RecordedEvent>(std::move(e))});
      }
      if (r->last_scanned != 0) scanned = r->last_scanned;
    }
    absl::MutexLock lock(&mu_);
    if (!error_.ok()) return error_;
    if (!out.empty()) last_emitted_ = out.back().position;
    cursor_ = scanned + 1;
    scanned_ = scanned;
    MaybeCheckpointLocked(&out);
    if (!out.empty()) last_delivered_ = out.back().position;
    if (scanned == head) {
      // Everything up to the head we saw was read; go live if it has not moved.
      mu_.Unlock();
      const bool live = hub_->TryGoLive(this, scanned);
      mu_.Lock();
      if (live) out.push_back({SubscriptionMessage::Kind::kCaughtUp, scanned, nullptr});
    }
    return out;
  }

  absl::StatusOr<std::vector<SubscriptionMessage>> Next(size_t max,
                                                        absl::Duration timeout) override {
    const absl::Time deadline = absl::Now() + timeout;
    for (;;) {
      absl::StatusOr<std::vector<SubscriptionMessage>> r = Poll(max);
      if (!r.ok() || !r->empty()) return r;
      absl::MutexLock lock(&mu_);
      if (live_) {
        auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
          return !queue_.empty() || !error_.ok();
        };
        if (!mu_.AwaitWithDeadline(absl::Condition(&ready), deadline)) return r;
      } else if (absl::Now() >= deadline) {
        return r;
      }
    }
  }

  bool NotifyWhenReady(std::function<void()> wake) override {
    absl::MutexLock lock(&mu_);
    if (!error_.ok() || !queue_.empty() || !live_) return false;
    wake_ = std::move(wake);
    return true;
  }

  void Cancel() override {
    std::function<void()> wake;
    {
      absl::MutexLock lock(&mu_);
      if (error_.ok()) error_ = absl::CancelledError("subscription cancelled");
      queue_.clear();
      wake = std::exchange(wake_, nullptr);
    }
    hub_->StopLive(this);
    if (wake) wake();
  }

  uint64_t last_delivered() const override {
    absl::MutexLock lock(&mu_);
    return last_delivered_;
  }

  // Hub side, under the hub's mutex: queue a committed batch. Returns false if the
  // subscriber overflowed (it must then leave the live set). *wake receives the
  // callback to run after the locks are released.
  bool Deliver(const EventBatch& batch, std::function<void()>* wake) {
    absl::MutexLock lock(&mu_);
    if (!error_.ok()) return false;
    for (const auto& e : batch) {
      if (e->position <= scanned_) continue;
      scanned_ = e->position;
      if (options_.filter.empty() || options_.filter.Matches(*e)) {
        queue_.push_back({SubscriptionMessage::Kind::kEvent, e->position, e});
        last_emitted_ = e->position;
      }
    }
    std::vector<SubscriptionMessage> checkpoint;
    MaybeCheckpointLocked(&checkpoint);
    for (auto& m : checkpoint) queue_.push_back(std::move(m));
    bool keep = true;
    if (queue_.size() > options_.max_queue) {
      error_ = absl::ResourceExhaustedError(absl::StrCat(
          "subscriber fell behind by more than ", options_.max_queue,
          " messages; resume after position ", last_delivered_));
      queue_.clear();
      keep = false;
    }
    if (!queue_.empty() || !keep) *wake = std::exchange(wake_, nullptr);
    return keep;
  }

  // Hub side: the hub is closing.
  std::function<void()> Close() {
    absl::MutexLock lock(&mu_);
    if (error_.ok()) error_ = absl::CancelledError("the event store is closing");
    queue_.clear();
    return std::exchange(wake_, nullptr);
  }

  void SetLive() {
    absl::MutexLock lock(&mu_);
    live_ = true;
  }

 private:
  std::vector<SubscriptionMessage> TakeLocked(size_t max) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    std::vector<SubscriptionMessage> out;
    while (!queue_.empty() && out.size() < max) {
      out.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    if (!out.empty()) last_delivered_ = out.back().position;
    return out;
  }

  // Adds a checkpoint if the filter has skipped at least checkpoint_interval
  // positions since the last message.
  void MaybeCheckpointLocked(std::vector<SubscriptionMessage>* out)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (options_.checkpoint_interval != 0 &&
        scanned_ - last_emitted_ >= options_.checkpoint_interval) {
      out->push_back({SubscriptionMessage::Kind::kCheckpoint, scanned_, nullptr});
      last_emitted_ = scanned_;
    }
  }

  absl::Status Fail(absl::Status s) {
    absl::MutexLock lock(&mu_);
    if (error_.ok()) error_ = std::move(s);
    return error_;
  }

  const std::shared_ptr<SubscriptionHub> hub_;
  const std::shared_ptr<const LogDb> db_;
  const SubscribeOptions options_;

  mutable absl::Mutex mu_;
  bool live_ ABSL_GUARDED_BY(mu_) = false;
  uint64_t cursor_ ABSL_GUARDED_BY(mu_);        // next position to read while catching up
  uint64_t scanned_ ABSL_GUARDED_BY(mu_);       // last position seen, matched or not
  uint64_t last_emitted_ ABSL_GUARDED_BY(mu_);  // last position of a queued message
  uint64_t last_delivered_ ABSL_GUARDED_BY(mu_);
  std::deque<SubscriptionMessage> queue_ ABSL_GUARDED_BY(mu_);
  absl::Status error_ ABSL_GUARDED_BY(mu_);
  std::function<void()> wake_ ABSL_GUARDED_BY(mu_);
};

Head SubscriptionHub::head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

void SubscriptionHub::Publish(const EventBatch& batch, Head new_head) {
  std::vector<std::function<void()>> wakes;
  {
    absl::MutexLock lock(&mu_);
    head_ = new_head;
    for (auto it = live_.begin(); it != live_.end();) {
      std::function<void()> wake;
      const bool keep = (*it)->Deliver(batch, &wake);
      if (wake) wakes.push_back(std::move(wake));
      if (keep) {
        ++it;
      } else {
        live_.erase(it++);
      }
    }
  }
  for (auto& w : wakes) w();
}

absl::StatusOr<std::unique_ptr<Subscription>> SubscriptionHub::Subscribe(
    std::shared_ptr<const LogDb> db, const SubscribeOptions& options) {
  absl::MutexLock lock(&mu_);
  if (closed_) return absl::FailedPreconditionError("the event store is closing");
  if (options.after_position > head_.position) {
    return absl::OutOfRangeError(absl::StrCat("cannot subscribe after position ",
                                              options.after_position, ": the log ends at ",
                                              head_.position));
  }
  auto sub = std::make_unique<SubscriptionImpl>(shared_from_this(), std::move(db), options);
  all_.insert(sub.get());
  return sub;
}

bool SubscriptionHub::TryGoLive(SubscriptionImpl* sub, uint64_t read_up_to) {
  absl::MutexLock lock(&mu_);
  if (closed_ || head_.position != read_up_to || !all_.contains(sub)) return false;
  live_.insert(sub);
  sub->SetLive();
  return true;
}

void SubscriptionHub::StopLive(SubscriptionImpl* sub) {
  absl::MutexLock lock(&mu_);
  live_.erase(sub);
}

void SubscriptionHub::Forget(SubscriptionImpl* sub) {
  absl::MutexLock lock(&mu_);
  live_.erase(sub);
  all_.erase(sub);
}

void SubscriptionHub::CloseAll() {
  std::vector<std::function<void()>> wakes;
  {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    for (SubscriptionImpl* sub : all_) {
      if (auto w = sub->Close()) wakes.push_back(std::move(w));
    }
    live_.clear();
  }
  for (auto& w : wakes) w();
}

}  // namespace prio::storage
