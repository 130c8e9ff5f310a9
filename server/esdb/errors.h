// The errors of the EventStoreDB listener, in one form for all its calls: an
// absl::Status whose payload names the protocol's exception kind and its fields. Each
// call renders it as the clients expect it (errors.cc):
//   unary and streaming calls   trailing metadata "exception" (+ its fields) and a status
//                               code, which the clients map to their error classes;
//   Append                      a wrong expected version in the response body;
//   BatchAppend                 a google.rpc.Status whose one Any names the kind.
// Pure functions; thread-safe.
#ifndef PRIO_SERVER_ESDB_ERRORS_H_
#define PRIO_SERVER_ESDB_ERRORS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/server_context.h"
#include "storage/event_store.h"

namespace prio::server::esdb {

enum class ErrorKind {
  kStreamDeleted,                  // stream
  kWrongExpectedVersion,           // stream, expected, actual
  kAccessDenied,                   // (the status's own message)
  kMaximumAppendSizeExceeded,      // max_append_size
  kMissingRequiredMetadata,        // "type", "content-type"
  kTimeout,                        // a subscriber too slow to keep up
};

struct ErrorInfo {
  ErrorKind kind;
  std::string stream;
  // The protocol's version codes: a revision, or -1 no stream, -2 any, -4 stream exists.
  int64_t expected = 0;
  int64_t actual = 0;
  uint32_t max_append_size = 0;
};

// The protocol's code for an expected revision, and for a stream's state.
int64_t ExpectedCode(const storage::ExpectedRevision& e);
inline constexpr int64_t kNoStreamCode = -1;

absl::Status StreamDeletedError(std::string_view stream);
// `actual`: the stream's last revision, or nullopt if it has none.
absl::Status WrongExpectedVersionError(std::string_view stream,
                                       const storage::ExpectedRevision& expected,
                                       std::optional<uint64_t> actual);
// Keeps `denied`'s message (UNAUTHENTICATED stays UNAUTHENTICATED, else PERMISSION_DENIED).
absl::Status AccessDeniedError(const absl::Status& denied);
absl::Status MaximumAppendSizeError(uint32_t limit, std::string_view what);
absl::Status MissingMetadataError(std::string_view what);
absl::Status TimeoutError(std::string_view message);

// The kind and fields of an error made above; nullopt for any other status.
std::optional<ErrorInfo> GetErrorInfo(const absl::Status& s);

// For unary and streaming calls: adds the "exception" trailers of `s` to `ctx` (before
// the call is finished) and returns the status to finish with.
grpc::Status ToCallStatus(grpc::ServerContextBase* ctx, const absl::Status& s);

// For BatchAppend: the error with exactly one detail, as the clients require
// (event_store.client.<Kind>, or BadRequest with the message for errors of no
// protocol kind, so that the clients show the message).
google::rpc::Status ToBatchError(const absl::Status& s);

}  // namespace prio::server::esdb

#endif  // PRIO_SERVER_ESDB_ERRORS_H_
