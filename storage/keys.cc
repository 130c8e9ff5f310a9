#include "storage/keys.h"

#include "absl/strings/str_cat.h"
#include "storage/rocksdb_status.h"
#include "common/status_macros.h"

namespace prio::storage {

absl::Status PutKey(LogDb& db, std::string_view name, std::string_view value, bool purge) {
  rocksdb::ColumnFamilyHandle* cf = db.cf(ColumnFamily::kKeys);
  rocksdb::WriteBatch batch;
  batch.Put(cf, rocksdb::Slice(name.data(), name.size()), rocksdb::Slice(value.data(), value.size()));
  PRIO_RETURN_IF_ERROR(db.Write(&batch, /*sync=*/true));
  if (!purge) return absl::OkStatus();
  // Flushing every family moves the memtables into SSTs and lets RocksDB delete the
  // write-ahead log files that held the old value; the bottommost compaction rewrites every SST of the
  // family, dropping the overwritten value.
  PRIO_RETURN_IF_ERROR(db.FlushAll());
  rocksdb::CompactRangeOptions co;
  co.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  co.exclusive_manual_compaction = false;
  return FromRocks(db.db()->CompactRange(co, cf, nullptr, nullptr), "compacting the keys");
}

absl::StatusOr<std::optional<std::string>> GetKey(const LogDb& db, std::string_view name) {
  std::string value;
  rocksdb::Status s = db.db()->Get(rocksdb::ReadOptions(), db.cf(ColumnFamily::kKeys),
                                   rocksdb::Slice(name.data(), name.size()), &value);
  if (s.IsNotFound()) return std::nullopt;
  PRIO_RETURN_IF_ERROR(FromRocks(s, "reading a key"));
  return value;
}

}  // namespace prio::storage
