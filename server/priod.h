// Priod: the prio server, assembled — the event store, the survey state, the gRPC
// services (prio.v1 EventStore, SurveyCommands, SurveyQueries, grpc.health.v1 Health,
// server reflection) and the worker pool.
// server/main.cc is only flag parsing around this, and tests start it in-process.
#ifndef PRIO_SERVER_PRIOD_H_
#define PRIO_SERVER_PRIOD_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/server.h"
#include "server/event_store_service.h"
#include "server/survey_command_service.h"
#include "server/survey_projection.h"
#include "server/survey_query_service.h"
#include "server/watch_hub.h"
#include "server/worker_pool.h"
#include "storage/event_store.h"

namespace prio::server {

struct PriodOptions {
  std::string data_dir;
  std::string listen = "127.0.0.1:50051";  // port 0 picks a free port
  int worker_threads = 4;
  // Server keepalive pings on idle connections, and the shortest client ping
  // interval tolerated (gRPC's default policy cuts clients that ping every 10 s).
  absl::Duration keepalive_time = absl::Seconds(30);
  absl::Duration keepalive_timeout = absl::Seconds(10);
  absl::Duration min_client_ping_interval = absl::Seconds(5);
  int max_receive_message_bytes = 18 << 20;  // one append may carry 16 MiB of events
  // The survey state is snapshotted at least every this many log positions.
  uint64_t snapshot_interval = 50'000;
};

class Priod {
 public:
  // Opens the store, rebuilds the survey state from the log and starts serving.
  // Errors: those of EventStore::Open and of the replay, and
  // UNAVAILABLE if the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Priod>> Start(const PriodOptions& options);

  // Shuts down gracefully (see Shutdown).
  ~Priod();

  // Stops accepting calls, lets in-flight calls finish for up to `grace` and then
  // cancels the rest (streams end with CANCELLED), drains queued appends (each is
  // acknowledged or fails cleanly) and closes the store. Idempotent.
  void Shutdown(absl::Duration grace = absl::Seconds(5));

  // "127.0.0.1:PORT" with the port actually bound.
  const std::string& address() const { return address_; }
  storage::EventStore* store() const { return store_.get(); }
  SurveyProjection* projection() const { return projection_.get(); }

 private:
  Priod() = default;

  std::string address_;
  std::unique_ptr<storage::EventStore> store_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<EventStoreService> service_;
  std::unique_ptr<SurveyProjection> projection_;
  std::unique_ptr<SurveyCommandService> commands_;
  std::unique_ptr<WatchHub> watch_hub_;
  std::unique_ptr<SurveyQueryService> queries_;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace prio::server

#endif  // PRIO_SERVER_PRIOD_H_
