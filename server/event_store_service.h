// EventStoreService: the prio.v1.EventStore gRPC service over a storage::EventStore.
//
// Callback API throughout; no reaction ever blocks:
//   Append     hands the request to the store's group commit and finishes from the
//              store's writer thread once the events are durable. Streams owned by
//              the survey commands are refused (PERMISSION_DENIED).
//   ReadStream / ReadAll
//              read pages on the worker pool and write them one by one; the next
//              page is read only after the last write (stream_reactors.h).
//   Subscribe  polls the subscription on the worker pool; when it is live and idle
//              the reactor parks on Subscription::NotifyWhenReady. A subscriber that
//              falls behind is finished with RESOURCE_EXHAUSTED; the message and the
//              trailing metadata "prio-last-position" say where to resume.
#ifndef PRIO_SERVER_EVENT_STORE_SERVICE_H_
#define PRIO_SERVER_EVENT_STORE_SERVICE_H_

#include <functional>
#include <string_view>

#include "prio/v1/store.grpc.pb.h"
#include "server/security/authorizer.h"
#include "server/worker_pool.h"
#include "storage/event_store.h"

namespace prio::server {

class EventStoreService final : public v1::EventStore::CallbackService {
 public:
  static constexpr uint64_t kMaxScanPerPage = 10'000;

  // True for streams that raw appends must not touch (they belong to a service
  // that validates what it writes there).
  using ReservedStream = std::function<bool(std::string_view stream)>;

  // `store`, `workers` and `authorizer` must outlive the service (and the server it
  // is in). Every call is authorized first (policy.h). Append refuses streams for which
  // `reserved` is true with PERMISSION_DENIED, and records the caller's principal in
  // each event's metadata "principal" (whatever the client sent there).
  EventStoreService(storage::EventStore* store, WorkerPool* workers,
                    const security::Authorizer* authorizer, ReservedStream reserved = nullptr)
      : store_(store),
        workers_(workers),
        authorizer_(authorizer),
        reserved_(std::move(reserved)) {}

  grpc::ServerUnaryReactor* Append(grpc::CallbackServerContext* ctx,
                                   const v1::AppendRequest* request,
                                   v1::AppendResponse* response) override;
  grpc::ServerWriteReactor<v1::RecordedEvent>* ReadStream(
      grpc::CallbackServerContext* ctx, const v1::ReadStreamRequest* request) override;
  grpc::ServerWriteReactor<v1::RecordedEvent>* ReadAll(
      grpc::CallbackServerContext* ctx, const v1::ReadAllRequest* request) override;
  grpc::ServerWriteReactor<v1::SubscribeResponse>* Subscribe(
      grpc::CallbackServerContext* ctx, const v1::SubscribeRequest* request) override;
  grpc::ServerUnaryReactor* Head(grpc::CallbackServerContext* ctx,
                                 const v1::HeadRequest* request,
                                 v1::HeadResponse* response) override;

 private:
  storage::EventStore* const store_;
  WorkerPool* const workers_;
  const security::Authorizer* const authorizer_;
  const ReservedStream reserved_;
};

}  // namespace prio::server

#endif  // PRIO_SERVER_EVENT_STORE_SERVICE_H_
