#include "server/event_store_service.h"

#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "server/grpc_status.h"
#include "server/store_convert.h"
#include "server/stream_reactors.h"

namespace prio::server {
namespace {

using storage::RecordedEvent;

std::vector<v1::RecordedEvent> ToProto(const std::vector<RecordedEvent>& events) {
  std::vector<v1::RecordedEvent> out(events.size());
  for (size_t i = 0; i < events.size(); ++i) server::ToProto(events[i], &out[i]);
  return out;
}

// A subscription falling behind says where to resume in the trailing metadata.
grpc::Status SubscriptionError(grpc::CallbackServerContext* ctx, const absl::Status& s,
                               const storage::Subscription& sub) {
  if (s.code() == absl::StatusCode::kResourceExhausted) {
    ctx->AddTrailingMetadata("prio-last-position", std::to_string(sub.last_delivered()));
  }
  return ToGrpcStatus(s);
}

std::vector<v1::SubscribeResponse> ToProto(std::vector<storage::SubscriptionMessage> batch) {
  std::vector<v1::SubscribeResponse> out(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    const storage::SubscriptionMessage& m = batch[i];
    switch (m.kind) {
      case storage::SubscriptionMessage::Kind::kEvent:
        server::ToProto(*m.event, out[i].mutable_event());
        break;
      case storage::SubscriptionMessage::Kind::kCheckpoint:
        out[i].set_checkpoint(m.position);
        break;
      case storage::SubscriptionMessage::Kind::kCaughtUp:
        out[i].set_caught_up(m.position);
        break;
    }
  }
  return out;
}

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
  using Reactor = PagedReadReactor<v1::RecordedEvent>;
  auto next_page = [store = store_, options, done](uint64_t max) mutable -> Reactor::Page {
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
    return std::optional(ToProto(*events));
  };
  return new Reactor(ctx, workers_, request->max_count(), std::move(next_page));
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
  using Reactor = PagedReadReactor<v1::RecordedEvent>;
  auto next_page = [store = store_, options, done](uint64_t max) mutable -> Reactor::Page {
    if (done) return std::nullopt;
    options.max_count = max;
    absl::StatusOr<storage::ReadAllResult> r = store->ReadAll(options);
    if (!r.ok()) return r.status();
    done = r->next_position == 0;
    options.from_position = r->next_position;
    options.from_end = false;
    if (done && r->events.empty()) return std::nullopt;
    return std::optional(ToProto(r->events));
  };
  return new Reactor(ctx, workers_, request->max_count(), std::move(next_page));
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
  return new SubscriptionReactor<v1::SubscribeResponse>(
      workers_, *std::move(sub),
      [](std::vector<storage::SubscriptionMessage> batch)
          -> absl::StatusOr<std::vector<v1::SubscribeResponse>> { return ToProto(std::move(batch)); },
      [ctx](const absl::Status& s, const storage::Subscription& sub) {
        return SubscriptionError(ctx, s, sub);
      });
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
