#include "server/event_store_service.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/grpc_status.h"
#include "server/store_convert.h"

namespace prio::server {
namespace {

using storage::RecordedEvent;

// Writes batches of `Item`s to the client one message at a time. When a batch is
// written, Refill() (which must not block) arranges for the next WriteBatch() or
// Finish(). A failed write finishes the call with CANCELLED.
template <typename Response, typename Item>
class BatchWriteReactor : public grpc::ServerWriteReactor<Response> {
 public:
  void OnWriteDone(bool ok) override {
    if (!ok) {
      this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
    } else if (index_ < batch_.size()) {
      WriteNext();
    } else {
      Refill();
    }
  }
  void OnDone() override { delete this; }

 protected:
  virtual void Refill() = 0;
  virtual void ToMessage(const Item& item, Response* msg) = 0;

  // `batch` must not be empty.
  void WriteBatch(std::vector<Item> batch) {
    batch_ = std::move(batch);
    index_ = 0;
    WriteNext();
  }

 private:
  void WriteNext() {
    msg_.Clear();
    ToMessage(batch_[index_++], &msg_);
    this->StartWrite(&msg_);
  }

  std::vector<Item> batch_;
  size_t index_ = 0;
  Response msg_;
};

// Streams pages of events produced by `next_page(max)` (which runs on the worker
// pool and returns at most `max` events, or nullopt when done) to the client, until
// `limit` events are sent (0: no limit).
class PagedReadReactor final : public BatchWriteReactor<v1::RecordedEvent, RecordedEvent> {
 public:
  using Page = absl::StatusOr<std::optional<std::vector<RecordedEvent>>>;
  using NextPage = absl::AnyInvocable<Page(uint64_t max)>;

  PagedReadReactor(grpc::CallbackServerContext* ctx, WorkerPool* workers, uint64_t limit,
                   NextPage next_page)
      : ctx_(ctx), workers_(workers), limit_(limit), next_page_(std::move(next_page)) {
    Refill();
  }

 private:
  void Refill() override {
    workers_->Schedule([this] {
      for (;;) {
        if (ctx_->IsCancelled()) {
          Finish(grpc::Status(grpc::StatusCode::CANCELLED, "read cancelled"));
          return;
        }
        if (limit_ != 0 && sent_ >= limit_) {
          Finish(grpc::Status::OK);
          return;
        }
        const uint64_t max = limit_ == 0 ? EventStoreService::kPageSize
                                         : std::min(EventStoreService::kPageSize, limit_ - sent_);
        Page page = next_page_(max);
        if (!page.ok()) {
          Finish(ToGrpcStatus(page.status()));
          return;
        }
        if (!page->has_value()) {
          Finish(grpc::Status::OK);
          return;
        }
        if (!(*page)->empty()) {
          sent_ += (*page)->size();
          WriteBatch(std::move(**page));
          return;
        }
        // An empty page that is not the end: a filter skipped a stretch. Go on.
      }
    });
  }

  void ToMessage(const RecordedEvent& e, v1::RecordedEvent* msg) override { ToProto(e, msg); }

  grpc::CallbackServerContext* const ctx_;
  WorkerPool* const workers_;
  const uint64_t limit_;
  uint64_t sent_ = 0;
  NextPage next_page_;
};

class SubscribeReactor final
    : public BatchWriteReactor<v1::SubscribeResponse, storage::SubscriptionMessage> {
 public:
  static constexpr size_t kBatch = 64;

  SubscribeReactor(grpc::CallbackServerContext* ctx, WorkerPool* workers,
                   std::unique_ptr<storage::Subscription> sub)
      : ctx_(ctx), workers_(workers), sub_(std::move(sub)) {
    Refill();
  }

  // Wakes a parked pump, which then finishes with CANCELLED.
  void OnCancel() override { sub_->Cancel(); }

 private:
  void Refill() override {
    workers_->Schedule([this] {
      for (;;) {
        absl::StatusOr<std::vector<storage::SubscriptionMessage>> r = sub_->Poll(kBatch);
        if (!r.ok()) {
          if (r.status().code() == absl::StatusCode::kResourceExhausted) {
            ctx_->AddTrailingMetadata("prio-last-position",
                                      std::to_string(sub_->last_delivered()));
          }
          Finish(ToGrpcStatus(r.status()));
          return;
        }
        if (!r->empty()) {
          WriteBatch(*std::move(r));
          return;
        }
        if (sub_->NotifyWhenReady([this] { Refill(); })) return;  // parked until news
      }
    });
  }

  void ToMessage(const storage::SubscriptionMessage& m, v1::SubscribeResponse* msg) override {
    switch (m.kind) {
      case storage::SubscriptionMessage::Kind::kEvent:
        ToProto(*m.event, msg->mutable_event());
        break;
      case storage::SubscriptionMessage::Kind::kCheckpoint:
        msg->set_checkpoint(m.position);
        break;
      case storage::SubscriptionMessage::Kind::kCaughtUp:
        msg->set_caught_up(m.position);
        break;
    }
  }

  grpc::CallbackServerContext* const ctx_;
  WorkerPool* const workers_;
  const std::unique_ptr<storage::Subscription> sub_;
};

}  // namespace

grpc::ServerUnaryReactor* EventStoreService::Append(grpc::CallbackServerContext* ctx,
                                                    const v1::AppendRequest* request,
                                                    v1::AppendResponse* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::StatusOr<security::Principal> caller =
      authorizer_->Authorize(*ctx, "EventStore/Append", *request);
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  if (reserved_) {
    for (const v1::StreamAppend& a : request->appends()) {
      if (reserved_(a.stream())) {
        reactor->Finish(ToGrpcStatus(absl::PermissionDeniedError(absl::StrCat(
            "stream \"", a.stream(),
            "\" is written only by prio's commands (prio.v1.SurveyCommands, "
            "prio.v1.Security, prio.v1.Audit), which validate what they write; use those, or another "
            "stream name"))));
        return reactor;
      }
    }
  }
  // Runs on the store's writer thread once durable (or at once for bad input);
  // Finish never blocks.
  storage::AppendRequest append = FromProto(*request);
  for (storage::StreamAppend& sa : append.appends) {
    for (storage::ProposedEvent& e : sa.events) e.metadata["principal"] = caller->name;
  }
  store_->AppendAsync(std::move(append),
                      [reactor, response](absl::StatusOr<storage::AppendResult> r) {
                        if (r.ok()) ToProto(*r, response);
                        reactor->Finish(ToGrpcStatus(r.status()));
                      });
  return reactor;
}

grpc::ServerWriteReactor<v1::RecordedEvent>* EventStoreService::ReadStream(
    grpc::CallbackServerContext* ctx, const v1::ReadStreamRequest* request) {
  if (absl::StatusOr<security::Principal> caller =
          authorizer_->Authorize(*ctx, "EventStore/ReadStream", *request);
      !caller.ok()) {
    return new ErrorWriteReactor<v1::RecordedEvent>(caller.status());
  }
  storage::ReadStreamOptions options = FromProto(*request);
  bool done = false;
  auto next_page = [store = store_, options,
                    done](uint64_t max) mutable -> PagedReadReactor::Page {
    if (done) return std::nullopt;
    options.max_count = max;
    absl::StatusOr<std::vector<RecordedEvent>> events = store->ReadStream(options);
    if (!events.ok()) return events.status();
    if (events->empty()) return std::nullopt;
    const uint64_t last = events->back().revision;
    done = events->size() < max ||
           (options.direction == storage::Direction::kBackwards && last == 0);
    options.from_revision =
        options.direction == storage::Direction::kForwards ? last + 1 : last - 1;
    options.from_end = false;
    return std::optional<std::vector<RecordedEvent>>(*std::move(events));
  };
  return new PagedReadReactor(ctx, workers_, request->max_count(), std::move(next_page));
}

grpc::ServerWriteReactor<v1::RecordedEvent>* EventStoreService::ReadAll(
    grpc::CallbackServerContext* ctx, const v1::ReadAllRequest* request) {
  if (absl::StatusOr<security::Principal> caller =
          authorizer_->Authorize(*ctx, "EventStore/ReadAll", *request);
      !caller.ok()) {
    return new ErrorWriteReactor<v1::RecordedEvent>(caller.status());
  }
  storage::ReadAllOptions options = FromProto(*request);
  options.max_scan = kMaxScanPerPage;
  bool done = false;
  auto next_page = [store = store_, options,
                    done](uint64_t max) mutable -> PagedReadReactor::Page {
    if (done) return std::nullopt;
    options.max_count = max;
    absl::StatusOr<storage::ReadAllResult> r = store->ReadAll(options);
    if (!r.ok()) return r.status();
    done = r->next_position == 0;
    options.from_position = r->next_position;
    options.from_end = false;
    if (done && r->events.empty()) return std::nullopt;
    return std::optional<std::vector<RecordedEvent>>(std::move(r->events));
  };
  return new PagedReadReactor(ctx, workers_, request->max_count(), std::move(next_page));
}

grpc::ServerWriteReactor<v1::SubscribeResponse>* EventStoreService::Subscribe(
    grpc::CallbackServerContext* ctx, const v1::SubscribeRequest* request) {
  if (absl::StatusOr<security::Principal> caller =
          authorizer_->Authorize(*ctx, "EventStore/Subscribe", *request);
      !caller.ok()) {
    return new ErrorWriteReactor<v1::SubscribeResponse>(caller.status());
  }
  storage::SubscribeOptions options;
  options.after_position = request->after_position();
  options.filter = FromProto(request->filter());
  absl::StatusOr<std::unique_ptr<storage::Subscription>> sub = store_->Subscribe(options);
  if (!sub.ok()) return new ErrorWriteReactor<v1::SubscribeResponse>(sub.status());
  return new SubscribeReactor(ctx, workers_, *std::move(sub));
}

grpc::ServerUnaryReactor* EventStoreService::Head(grpc::CallbackServerContext* ctx,
                                                  const v1::HeadRequest* request,
                                                  v1::HeadResponse* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  if (absl::StatusOr<security::Principal> caller =
          authorizer_->Authorize(*ctx, "EventStore/Head", *request);
      !caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  const storage::Head head = store_->GetHead();
  response->set_last_position(head.position);
  response->set_last_hash(head.hash.data(), head.hash.size());
  response->set_last_recorded_at_us(head.recorded_at_us);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace prio::server
