// Projection snapshots in the meta column family (storage-internal): opaque blobs,
// each tagged with the log position it reflects, stored in chunks of at most 4 MiB so
// that a large one does not become one huge RocksDB value. One snapshot is written
// with one WriteBatch, so it is there whole or not at all.
//
//   meta key: "snapshot/" name 0x00 u64be(position) u32be(chunk) -> bytes
//   chunk 0's value starts with u32be(number of chunks).
#ifndef PRIO_STORAGE_SNAPSHOTS_H_
#define PRIO_STORAGE_SNAPSHOTS_H_

#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/event_store.h"
#include "storage/log_db.h"

namespace prio::storage {

absl::Status PutSnapshot(LogDb& db, std::string_view name, uint64_t position,
                         std::string_view data);
absl::StatusOr<std::optional<StoredSnapshot>> GetSnapshot(const LogDb& db, std::string_view name,
                                                          uint64_t max_position);
absl::Status DeleteSnapshots(LogDb& db, std::string_view name);

// The last position recorded at or before `time_us` (binary search over the log,
// whose recorded times never decrease); 0 if the first event is later.
absl::StatusOr<uint64_t> PositionAt(const LogDb& db, uint64_t head, int64_t time_us);

}  // namespace prio::storage

#endif  // PRIO_STORAGE_SNAPSHOTS_H_
