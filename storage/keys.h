// Keys beside the log (storage-internal): small secrets in their own column family,
// outside the hash chain and outside snapshots, so that they can be destroyed — the
// wrapped data keys of erasable personal data (server/security/vault.h).
#ifndef PRIO_STORAGE_KEYS_H_
#define PRIO_STORAGE_KEYS_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "storage/log_db.h"

namespace prio::storage {

// Stores `value` under `name` (synced). With `purge`, the write is followed by a flush
// and a forced compaction of the keys family, so that no earlier value of `name`
// remains in a live file (memtable, write-ahead log or SST) of the store.
// Errors: UNAVAILABLE.
absl::Status PutKey(LogDb& db, std::string_view name, std::string_view value, bool purge);

// The value under `name`, or nullopt. Errors: UNAVAILABLE.
absl::StatusOr<std::optional<std::string>> GetKey(const LogDb& db, std::string_view name);

}  // namespace prio::storage

#endif  // PRIO_STORAGE_KEYS_H_
