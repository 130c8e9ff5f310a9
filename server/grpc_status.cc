#include "server/grpc_status.h"

#include <string>

namespace prio::server {

grpc::Status ToGrpcStatus(const absl::Status& s) {
  if (s.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(s.code()),
                      std::string(s.message().data(), s.message().size()));
}

}  // namespace prio::server
