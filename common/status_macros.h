// One error type for all of prio: absl::Status / absl::StatusOr<T>.
//
// The Abseil in Debian (20220623) has no status macros, so these are prio's own.
//
//   absl::Status Load(...) {
//     PRIO_RETURN_IF_ERROR(Check(...));
//     PRIO_ASSIGN_OR_RETURN(auto value, Fetch(...));
//     ...
//   }
//
// rocksdb::Status is converted in exactly one place (storage/rocksdb_status.h), and
// absl::Status becomes grpc::Status in exactly one place (server/grpc_status.h).
#ifndef PRIO_COMMON_STATUS_MACROS_H_
#define PRIO_COMMON_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define PRIO_STATUS_CONCAT_INNER_(a, b) a##b
#define PRIO_STATUS_CONCAT_(a, b) PRIO_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status); returns it from the enclosing function if not ok.
#define PRIO_RETURN_IF_ERROR(expr)                  \
  do {                                              \
    ::absl::Status prio_status_ = (expr);           \
    if (!prio_status_.ok()) return prio_status_;    \
  } while (false)

// Evaluates `rexpr` (an absl::StatusOr<T>); on error returns its status, otherwise
// declares or assigns `lhs` from the moved value.
#define PRIO_ASSIGN_OR_RETURN(lhs, rexpr) \
  PRIO_ASSIGN_OR_RETURN_IMPL_(PRIO_STATUS_CONCAT_(prio_statusor_, __LINE__), lhs, rexpr)

#define PRIO_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, rexpr) \
  auto statusor = (rexpr);                                \
  if (!statusor.ok()) return std::move(statusor).status(); \
  lhs = *std::move(statusor)

#endif  // PRIO_COMMON_STATUS_MACROS_H_
