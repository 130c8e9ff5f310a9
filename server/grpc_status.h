// The single conversion from absl::Status to grpc::Status (the RPC edge).
#ifndef PRIO_SERVER_GRPC_STATUS_H_
#define PRIO_SERVER_GRPC_STATUS_H_

#include "absl/status/status.h"
#include "grpcpp/support/server_callback.h"
#include "grpcpp/support/status.h"

namespace prio::server {

// absl and gRPC share their canonical codes; the message is kept as it is, because
// it is written for the person reading it.
grpc::Status ToGrpcStatus(const absl::Status& s);

// A server-streaming call refused before it starts: finishes at once with `s`.
template <typename Response>
class ErrorWriteReactor final : public grpc::ServerWriteReactor<Response> {
 public:
  explicit ErrorWriteReactor(const absl::Status& s) { this->Finish(ToGrpcStatus(s)); }
  void OnDone() override { delete this; }
};

}  // namespace prio::server

#endif  // PRIO_SERVER_GRPC_STATUS_H_
