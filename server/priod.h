// Priod: the prio server, assembled. It owns the event store (RocksDB), the vault of
// personal-data keys, the token registry and authorizer, the survey projection and
// the command runner on it, the watch hub, the signed checkpoints, the worker pool,
// and the gRPC server with its services: prio.v1 EventStore, SurveyCommands,
// SurveyQueries, Security and Audit, grpc.health.v1 Health and server reflection; and,
// if asked for, the EventStoreDB protocol's listener (esdb/listener.h).
// server/main.cc is only flag parsing around this, and tests start it in-process
// (testing/in_process_priod.h). Start and Shutdown from one thread; the services are
// thread-safe.
#ifndef PRIO_SERVER_PRIOD_H_
#define PRIO_SERVER_PRIOD_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/server.h"
#include "server/audit_service.h"
#include "server/checkpoints.h"
#include "server/esdb/listener.h"
#include "server/event_store_service.h"
#include "server/security/authorizer.h"
#include "server/security/token_registry.h"
#include "server/security/vault.h"
#include "server/security_service.h"
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

  // Security (README "Security"). The master key wraps the data keys of personal
  // data; "" means DATA_DIR/master.key (created on first start).
  std::string master_key_file;
  // TLS: PEM files of the server's certificate chain and key; with a client CA,
  // clients must present a certificate it signed (mutual TLS).
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  // Without TLS priod listens only on loopback addresses, unless this is set.
  bool insecure_listen = false;
  // Per connection; more concurrent calls wait for a free stream.
  int max_concurrent_streams = 128;
  // Memory gRPC may use for all connections' buffers together.
  int64_t grpc_memory_bytes = int64_t{512} << 20;
  // A connection without calls for this long is closed.
  absl::Duration max_connection_idle = absl::Minutes(15);

  // Signed checkpoints (audit.proto): the Ed25519 key ("" : DATA_DIR/checkpoint.key,
  // created on first start; its public key goes to DATA_DIR/checkpoint.pub), and how
  // often one is issued in the background when the log has grown.
  std::string checkpoint_key_file;
  uint64_t checkpoint_every_events = 10'000;
  absl::Duration checkpoint_interval = absl::Minutes(5);

  // The EventStoreDB/KurrentDB client protocol on a second listener (server/esdb/):
  // "" is off. Same TLS and loopback rule as `listen`.
  std::string esdb_listen;
  // The role of its calls without credentials (the clients send none over plaintext);
  // nullopt refuses them.
  std::optional<v1::Role> esdb_anonymous_role;
  bool esdb_features = true;      // serve ServerFeatures
  bool esdb_batch_append = true;  // and advertise BatchAppend there
};

// True for "127.x.x.x:port", "[::1]:port" and "localhost:port".
bool IsLoopbackAddress(std::string_view listen);

class Priod {
 public:
  // Opens the store and the vault, rebuilds the survey state from the log, loads the
  // tokens (creating DATA_DIR/admin.token on a store without any) and starts serving.
  // Errors: those of EventStore::Open, the vault and the replay; FAILED_PRECONDITION
  // for a non-loopback address without TLS (and without insecure_listen) or unreadable
  // TLS files; UNAVAILABLE if the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<Priod>> Start(const PriodOptions& options);

  // Shuts down gracefully (see Shutdown).
  ~Priod();

  // Stops accepting calls, lets in-flight calls finish for up to `grace` and then
  // cancels the rest (streams end with CANCELLED), drains queued appends (each is
  // acknowledged or fails cleanly) and closes the store. Idempotent.
  void Shutdown(absl::Duration grace = absl::Seconds(5));

  // "127.0.0.1:PORT" with the port actually bound.
  const std::string& address() const { return address_; }
  // The EventStoreDB listener's "HOST:PORT", or "" if it is off.
  std::string esdb_address() const { return esdb_ == nullptr ? "" : esdb_->address(); }
  storage::EventStore* store() const { return store_.get(); }
  // DATA_DIR/admin.token: where the first admin token was written.
  const std::string& admin_token_file() const { return admin_token_file_; }
  SurveyProjection* projection() const { return projection_.get(); }
  Checkpoints* checkpoints() const { return checkpoints_.get(); }

 private:
  Priod() = default;

  std::string address_;
  std::string admin_token_file_;
  std::unique_ptr<storage::EventStore> store_;
  std::unique_ptr<security::Vault> vault_;
  std::unique_ptr<security::TokenRegistry> tokens_;
  std::unique_ptr<security::Authorizer> authorizer_;
  std::unique_ptr<SecurityService> security_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<EventStoreService> service_;
  std::unique_ptr<SurveyProjection> projection_;
  std::unique_ptr<CommandRunner> runner_;
  std::unique_ptr<SurveyCommandService> commands_;
  std::unique_ptr<WatchHub> watch_hub_;
  std::unique_ptr<SurveyQueryService> queries_;
  std::unique_ptr<Checkpoints> checkpoints_;
  std::unique_ptr<AuditService> audit_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<esdb::Listener> esdb_;
};

}  // namespace prio::server

#endif  // PRIO_SERVER_PRIOD_H_
