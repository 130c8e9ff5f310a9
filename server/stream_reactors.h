// The two shapes of prio's server-streaming calls over the event store, shared by
// prio.v1.EventStore (event_store_service.h) and the EventStoreDB listener
// (esdb/streams_service.h), which differ only in their messages:
//
//   PagedReadReactor          a bounded read: pages produced on the worker pool,
//                             written one message at a time, the next page read only
//                             after the last write.
//   SubscriptionReactor       a subscription: polled on the worker pool; when it is
//                             live and idle the reactor parks on
//                             Subscription::NotifyWhenReady until there is news.
//
// No reaction ever blocks: disk reads run on the WorkerPool. A failed write finishes
// the call with CANCELLED. Each reactor deletes itself when the call is done.
#ifndef PRIO_SERVER_STREAM_REACTORS_H_
#define PRIO_SERVER_STREAM_REACTORS_H_

#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"
#include "server/grpc_status.h"
#include "server/worker_pool.h"
#include "storage/event_store.h"

namespace prio::server {

// Writes batches of messages one at a time. When a batch is written, Refill() (which
// must not block) arranges for the next WriteBatch() or Finish().
template <typename Response>
class BatchWriteReactor : public grpc::ServerWriteReactor<Response> {
 public:
  void OnWriteDone(bool ok) override {
    if (!ok) {
      this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    } else if (index_ < batch_.size()) {
      this->StartWrite(&batch_[index_++]);
    } else {
      Refill();
    }
  }
  void OnDone() override { delete this; }

 protected:
  virtual void Refill() = 0;

  // `batch` must not be empty.
  void WriteBatch(std::vector<Response> batch) {
    batch_ = std::move(batch);
    index_ = 1;
    this->StartWrite(&batch_[0]);
  }

 private:
  std::vector<Response> batch_;
  size_t index_ = 0;
};

// Streams pages produced by `next_page(max)` (run on the worker pool; at most `max`
// messages, nullopt when done, an error to end the call with it) until `limit`
// messages are sent (0: no limit). `error` turns an error into the call's status (and
// may add trailing metadata); by default ToGrpcStatus.
template <typename Response>
class PagedReadReactor final : public BatchWriteReactor<Response> {
 public:
  static constexpr uint64_t kPageSize = 256;
  using Page = absl::StatusOr<std::optional<std::vector<Response>>>;
  using NextPage = absl::AnyInvocable<Page(uint64_t max)>;
  using MapError = absl::AnyInvocable<grpc::Status(const absl::Status&)>;

  PagedReadReactor(grpc::CallbackServerContext* ctx, WorkerPool* workers, uint64_t limit,
                   NextPage next_page, MapError error = nullptr)
      : ctx_(ctx),
        workers_(workers),
        limit_(limit),
        next_page_(std::move(next_page)),
        error_(std::move(error)) {
    Refill();
  }

 private:
  void Refill() override {
    workers_->Schedule([this] {
      for (;;) {
        if (ctx_->IsCancelled()) {
          this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "read cancelled"));
          return;
        }
        if (limit_ != 0 && sent_ >= limit_) {
          this->Finish(grpc::Status::OK);
          return;
        }
        const uint64_t max = limit_ == 0 ? kPageSize : std::min(kPageSize, limit_ - sent_);
        Page page = next_page_(max);
        if (!page.ok()) {
          this->Finish(error_ ? error_(page.status()) : ToGrpcStatus(page.status()));
          return;
        }
        if (!page->has_value()) {
          this->Finish(grpc::Status::OK);
          return;
        }
        if (!(*page)->empty()) {
          sent_ += (*page)->size();
          this->WriteBatch(std::move(**page));
          return;
        }
        // An empty page that is not the end: a filter skipped a stretch. Go on.
      }
    });
  }

  grpc::CallbackServerContext* const ctx_;
  WorkerPool* const workers_;
  const uint64_t limit_;
  uint64_t sent_ = 0;
  NextPage next_page_;
  MapError error_;
};

// Streams a subscription. `translate` (run on the worker pool, one call at a time)
// turns each polled batch into messages (possibly none) or an error that ends the
// call; `error` turns a subscription's or translate's error into the call's status
// (it may add trailing metadata). `first`, if not empty, is written before anything
// else (e.g. a confirmation).
template <typename Response>
class SubscriptionReactor final : public BatchWriteReactor<Response> {
 public:
  static constexpr size_t kBatch = 64;
  using Translate = absl::AnyInvocable<absl::StatusOr<std::vector<Response>>(
      std::vector<storage::SubscriptionMessage>)>;
  using MapError =
      absl::AnyInvocable<grpc::Status(const absl::Status&, const storage::Subscription&)>;

  SubscriptionReactor(WorkerPool* workers, std::unique_ptr<storage::Subscription> sub,
                      Translate translate, MapError error, std::vector<Response> first = {})
      : workers_(workers),
        sub_(std::move(sub)),
        translate_(std::move(translate)),
        error_(std::move(error)) {
    if (first.empty()) {
      Refill();
    } else {
      this->WriteBatch(std::move(first));
    }
  }

  // Wakes a parked pump, which then finishes with CANCELLED.
  void OnCancel() override { sub_->Cancel(); }

 private:
  void Refill() override {
    workers_->Schedule([this] {
      for (;;) {
        absl::StatusOr<std::vector<storage::SubscriptionMessage>> r = sub_->Poll(kBatch);
        const bool polled = r.ok() && !r->empty();
        absl::StatusOr<std::vector<Response>> out =
            r.ok() ? translate_(*std::move(r)) : r.status();
        if (!out.ok()) {
          this->Finish(error_(out.status(), *sub_));
          return;
        }
        if (!out->empty()) {
          this->WriteBatch(*std::move(out));
          return;
        }
        if (polled) continue;  // everything polled was filtered out
        if (sub_->NotifyWhenReady([this] { Refill(); })) return;  // parked until news
      }
    });
  }

  WorkerPool* const workers_;
  const std::unique_ptr<storage::Subscription> sub_;
  Translate translate_;
  MapError error_;
};

}  // namespace prio::server

#endif  // PRIO_SERVER_STREAM_REACTORS_H_
