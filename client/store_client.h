// StoreClient: a small synchronous client for prio's EventStore service, used by the
// prio CLI, the tools and the end-to-end tests. Errors are absl::Status with the
// server's code and message (FromGrpcStatus); every method may also return
// UNAVAILABLE (priod unreachable), DEADLINE_EXCEEDED, UNAUTHENTICATED (no, unknown or
// revoked token) and PERMISSION_DENIED (the token's role may not call it).
#ifndef PRIO_CLIENT_STORE_CLIENT_H_
#define PRIO_CLIENT_STORE_CLIENT_H_

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "prio/v1/store.grpc.pb.h"

namespace prio::client {

struct ConnectOptions {
  // Every call carries "authorization: Bearer <token>" (none if empty).
  std::string bearer_token;
  // TLS: the PEM CA that signed priod's certificate (empty: plain text). With a client
  // certificate and key (PEM), the client authenticates itself too (mutual TLS).
  std::string tls_ca_pem;
  std::string tls_cert_pem;
  std::string tls_key_pem;
  // Channel arguments set after prio's defaults (e.g. shorter keepalive in tests).
  std::vector<std::pair<std::string, int>> int_args;
};

// A channel to `target` ("host:port") with prio's keepalive settings.
std::shared_ptr<grpc::Channel> Connect(const std::string& target, const ConnectOptions& options);
// Plain text with a bearer token (loopback, tests).
inline std::shared_ptr<grpc::Channel> Connect(const std::string& target,
                                              const std::string& bearer_token) {
  return Connect(target, ConnectOptions{.bearer_token = bearer_token});
}

absl::Status FromGrpcStatus(const grpc::Status& s);

// A fresh random 16-byte event id from OpenSSL's CSPRNG. Aborts the process (after a
// message on stderr) if the generator fails: a guessable id could collide with another
// writer's. Thread-safe.
std::string NewEventId();

class StoreClient {
 public:
  explicit StoreClient(std::shared_ptr<grpc::Channel> channel)
      : stub_(v1::EventStore::NewStub(std::move(channel))) {}

  // Every method is thread-safe.

  // Appends atomically. Errors: INVALID_ARGUMENT (a limit or name rule, named),
  // FAILED_PRECONDITION (wrong expected revision, or the store refuses writes),
  // ALREADY_EXISTS (an event id stored with other content), PERMISSION_DENIED also for
  // a reserved stream (the survey's and priod's own).
  absl::StatusOr<v1::AppendResponse> Append(const v1::AppendRequest& request,
                                            absl::Duration timeout = absl::Seconds(30));
  // The log's head. No errors beyond the common ones.
  absl::StatusOr<v1::HeadResponse> Head();

  // Calls `on_event` for each event until the read ends or `on_event` returns false
  // (then OK). Errors: INVALID_ARGUMENT (a bad limit or stream name), NOT_FOUND
  // (ReadStream of a stream without events), DATA_LOSS (a stored record that does not
  // decode).
  absl::Status ReadAll(const v1::ReadAllRequest& request,
                       const std::function<bool(const v1::RecordedEvent&)>& on_event);
  absl::Status ReadStream(const v1::ReadStreamRequest& request,
                          const std::function<bool(const v1::RecordedEvent&)>& on_event);
  // Calls `on_message` for each message until the stream ends (with its status) or
  // `on_message` returns false (then OK).
  absl::Status Subscribe(const v1::SubscribeRequest& request,
                         const std::function<bool(const v1::SubscribeResponse&)>& on_message);

  v1::EventStore::Stub* stub() { return stub_.get(); }

 private:
  std::unique_ptr<v1::EventStore::Stub> stub_;
};

}  // namespace prio::client

#endif  // PRIO_CLIENT_STORE_CLIENT_H_
