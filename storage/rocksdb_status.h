// The single conversion from rocksdb::Status to absl::Status (storage-internal).
#ifndef PRIO_STORAGE_ROCKSDB_STATUS_H_
#define PRIO_STORAGE_ROCKSDB_STATUS_H_

#include <string_view>

#include "absl/status/status.h"
#include "rocksdb/status.h"

namespace prio::storage {

// Maps a RocksDB status to the absl code a caller can act on, prefixing `context`
// (what prio was doing) to RocksDB's own message:
//   NotFound -> NOT_FOUND, Corruption -> DATA_LOSS, IOError/NoSpace -> UNAVAILABLE
//   (the disk, not the request, is at fault), InvalidArgument/NotSupported ->
//   INVALID_ARGUMENT/UNIMPLEMENTED, Busy/TryAgain/TimedOut -> UNAVAILABLE,
//   Aborted -> ABORTED, ShutdownInProgress -> CANCELLED, anything else -> INTERNAL.
absl::Status FromRocks(const rocksdb::Status& s, std::string_view context);

}  // namespace prio::storage

#endif  // PRIO_STORAGE_ROCKSDB_STATUS_H_
