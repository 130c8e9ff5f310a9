// StreamsService: event_store.client.streams.Streams on prio's store, for the official
// EventStoreDB/KurrentDB clients (priod --esdb-listen; README "EventStoreDB clients").
//
//   Read         a stream, $all (optionally filtered by stream or type, prefix or
//                regex) or a subscription to either. Positions are prio's global
//                positions, sent as both commit and prepare. Reads forwards from a
//                revision or position include it; $all backwards from a position
//                excludes it; subscriptions start after the revision or position given.
//                A subscription sends confirmation, the catch-up, caught_up, then live
//                events; a filtered $all subscription also sends checkpoints (every
//                window x multiplier events examined, and when it turns live). A
//                subscriber that falls too far behind is ended with ABORTED (the
//                clients' TimeoutError).
//   Append       one atomic append (appender.h); a wrong expected version comes in
//                the response body.
//   BatchAppend  many appends on one call, each answered by its correlation id once
//                its last chunk arrived; errors as google.rpc.Status with one Any.
//   Tombstone    appends "$streamDeleted": the stream then refuses appends and reads
//                with the stream-deleted error. The log itself stays immutable.
//   Delete       (soft delete) refused with UNIMPLEMENTED: it would hide events of an
//                immutable, verifiable log; tombstone the stream instead.
//
// Calls are authorized (auth.h) as prio's own EventStore methods: reads, $all and
// subscriptions as ReadStream / ReadAll / Subscribe (readers), appends and tombstones
// as Append (admin). Streams for which `reserved` is true (written by prio's commands)
// are read-only here. Errors carry the protocol's exception trailers (errors.h).
// Thread-safe; no reaction blocks on more than a point read.
#ifndef PRIO_SERVER_ESDB_STREAMS_SERVICE_H_
#define PRIO_SERVER_ESDB_STREAMS_SERVICE_H_

#include <functional>
#include <string_view>

#include "event_store/client/streams.grpc.pb.h"
#include "server/esdb/appender.h"
#include "server/esdb/auth.h"
#include "server/esdb/events.h"
#include "server/worker_pool.h"
#include "storage/event_store.h"

namespace prio::server::esdb {

class StreamsService final : public event_store::client::streams::Streams::CallbackService {
 public:
  using ReservedStream = std::function<bool(std::string_view stream)>;

  // Everything passed must outlive the service and its server. `is_domain` says which
  // events are prio's own (delivered as JSON, events.h).
  StreamsService(storage::EventStore* store, WorkerPool* workers, const Authenticator* auth,
                 ReservedStream reserved, IsDomainEvent is_domain)
      : store_(store),
        workers_(workers),
        auth_(auth),
        reserved_(std::move(reserved)),
        is_domain_(std::move(is_domain)),
        appender_(store, workers) {}

  grpc::ServerWriteReactor<event_store::client::streams::ReadResp>* Read(
      grpc::CallbackServerContext* ctx, const event_store::client::streams::ReadReq* request) override;
  grpc::ServerReadReactor<event_store::client::streams::AppendReq>* Append(
      grpc::CallbackServerContext* ctx, event_store::client::streams::AppendResp* response) override;
  grpc::ServerBidiReactor<event_store::client::streams::BatchAppendReq,
                          event_store::client::streams::BatchAppendResp>*
  BatchAppend(grpc::CallbackServerContext* ctx) override;
  grpc::ServerUnaryReactor* Tombstone(grpc::CallbackServerContext* ctx,
                                      const event_store::client::streams::TombstoneReq* request,
                                      event_store::client::streams::TombstoneResp* response) override;
  grpc::ServerUnaryReactor* Delete(grpc::CallbackServerContext* ctx,
                                   const event_store::client::streams::DeleteReq* request,
                                   event_store::client::streams::DeleteResp* response) override;

  // The stream named by `id`, if clients may append to it.
  // Errors: INVALID_ARGUMENT (a bad name), access-denied (a reserved stream).
  absl::StatusOr<std::string> WritableStream(const event_store::client::StreamIdentifier& id) const;

  Appender& appender() { return appender_; }

 private:
  grpc::ServerWriteReactor<event_store::client::streams::ReadResp>* ReadStream(
      grpc::CallbackServerContext* ctx, const event_store::client::streams::ReadReq& request);
  grpc::ServerWriteReactor<event_store::client::streams::ReadResp>* ReadAll(
      grpc::CallbackServerContext* ctx, const event_store::client::streams::ReadReq& request);
  grpc::ServerWriteReactor<event_store::client::streams::ReadResp>* Subscribe(
      grpc::CallbackServerContext* ctx, const event_store::client::streams::ReadReq& request);

  storage::EventStore* const store_;
  WorkerPool* const workers_;
  const Authenticator* const auth_;
  const ReservedStream reserved_;
  const IsDomainEvent is_domain_;
  Appender appender_;
};

}  // namespace prio::server::esdb

#endif  // PRIO_SERVER_ESDB_STREAMS_SERVICE_H_
