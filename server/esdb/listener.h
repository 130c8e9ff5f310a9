// EsdbListener: priod's second gRPC server, speaking the EventStoreDB/KurrentDB v1
// client protocol on the same store (README "EventStoreDB and KurrentDB clients"):
// event_store.client.streams.Streams (streams_service.h),
// event_store.client.server_features.ServerFeatures (what is served; BatchAppend
// only if `batch_append`; the service left out entirely with `features` false) and
// event_store.client.gossip.Gossip (one member, the leader, at this listener's address,
// for esdb+discover:// connection strings). Both small services answer without
// credentials, as the clients call them without any.
//
// Start and Shutdown from one thread.
#ifndef PRIO_SERVER_ESDB_LISTENER_H_
#define PRIO_SERVER_ESDB_LISTENER_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "server/esdb/auth.h"
#include "server/esdb/streams_service.h"

namespace prio::server::esdb {

class GossipService;

struct ListenerOptions {
  std::string listen;  // HOST:PORT; port 0 picks a free port
  std::shared_ptr<grpc::ServerCredentials> credentials;
  std::optional<v1::Role> anonymous_role;  // for calls without credentials
  bool features = true;       // serve ServerFeatures
  bool batch_append = true;   // and advertise BatchAppend there
  int max_message_bytes = 18 << 20;
  // Keepalive as on priod's own listener (priod.h): the clients ping every 10 s.
  absl::Duration keepalive_time = absl::Seconds(30);
  absl::Duration keepalive_timeout = absl::Seconds(10);
  absl::Duration min_client_ping_interval = absl::Seconds(5);
  int max_concurrent_streams = 128;
};

class Listener {
 public:
  // Everything passed must outlive the listener. Errors: UNAVAILABLE (cannot bind).
  static absl::StatusOr<std::unique_ptr<Listener>> Start(
      const ListenerOptions& options, storage::EventStore* store, WorkerPool* workers,
      const security::TokenRegistry* tokens, StreamsService::ReservedStream reserved,
      IsDomainEvent is_domain);
  ~Listener();

  // Stops accepting calls; in-flight calls get `grace`, then are cancelled. Idempotent.
  void Shutdown(absl::Duration grace);

  // "HOST:PORT" with the port actually bound.
  const std::string& address() const { return address_; }

 private:
  Listener() = default;
  std::string address_;
  std::unique_ptr<Authenticator> auth_;
  std::unique_ptr<StreamsService> streams_;
  std::unique_ptr<grpc::Service> features_;
  std::unique_ptr<GossipService> gossip_;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace prio::server::esdb

#endif  // PRIO_SERVER_ESDB_LISTENER_H_
