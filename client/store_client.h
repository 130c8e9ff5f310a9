// StoreClient: a small synchronous client for prio's EventStore service, used by the
// prio CLI, the tools and the end-to-end tests. Errors are absl::Status with the
// server's code and message.
#ifndef PRIO_CLIENT_STORE_CLIENT_H_
#define PRIO_CLIENT_STORE_CLIENT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "prio/v1/store.grpc.pb.h"

namespace prio::client {

// A channel to `target` ("host:port") with prio's keepalive settings. With a
// `bearer_token`, every call carries "authorization: Bearer <token>".
std::shared_ptr<grpc::Channel> Connect(const std::string& target,
                                       const std::string& bearer_token = "");

absl::Status FromGrpcStatus(const grpc::Status& s);

// A fresh random 16-byte event id.
std::string NewEventId();

class StoreClient {
 public:
  explicit StoreClient(std::shared_ptr<grpc::Channel> channel)
      : stub_(v1::EventStore::NewStub(std::move(channel))) {}

  // Thread-safe.
  absl::StatusOr<v1::AppendResponse> Append(const v1::AppendRequest& request,
                                            absl::Duration timeout = absl::Seconds(30));
  absl::StatusOr<v1::HeadResponse> Head();

  // Calls `on_event` for each event until the read ends or `on_event` returns false.
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
