// LogDb: the RocksDB layout of the event log (storage-internal).
//
// Column families (kvrocks style: an enum plus one config table):
//   kLog          u64be(position)                      -> stored record (record.h)
//   kStreamIndex  stream || 0x00 || u64be(revision)    -> u64be(position)
//   kEventIds     16-byte event id                     -> u64be(position)
//   kMeta         key                                  -> value ("format" -> "1";
//                 projection snapshots, see snapshots.h)
//   kKeys         name                                 -> secret (keys.h; outside the
//                 hash chain, purgeable: the wrapped data keys of personal data)
//   kMerkle       u8(level) u64be(index)               -> subtree hash (tree_store.h)
// Stream names cannot contain 0x00 (they are printable UTF-8), so the index keys of
// one stream are contiguous and sorted by revision. Nothing in the log, the stream
// index, the event ids or the Merkle tree is ever deleted; only snapshots and keys
// are replaced.
//
// Thread-safe. Every write to RocksDB goes through Write(): the event store's writer
// thread for the log, callers' threads for snapshots and keys (RocksDB serializes
// them). Write() owns the sticky failure: once one write failed, every later one is
// refused until the store is reopened, whichever path it comes from.
#ifndef PRIO_STORAGE_LOG_DB_H_
#define PRIO_STORAGE_LOG_DB_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "rocksdb/db.h"
#include "storage/event_store.h"

namespace prio::storage {

enum class ColumnFamily { kLog = 0, kStreamIndex, kEventIds, kMeta, kKeys, kMerkle, kCount };

struct ColumnFamilyConfig {
  ColumnFamily id;
  const char* name;
  bool point_lookups;  // gets a bloom filter (event ids: is this id new?)
};

inline constexpr ColumnFamilyConfig kColumnFamilies[] = {
    {ColumnFamily::kLog, "log", false},
    {ColumnFamily::kStreamIndex, "stream_index", false},
    {ColumnFamily::kEventIds, "event_ids", true},
    {ColumnFamily::kMeta, "meta", false},
    {ColumnFamily::kKeys, "keys", true},
    {ColumnFamily::kMerkle, "merkle", false},
};

std::string LogKey(uint64_t position);
std::string StreamIndexKey(std::string_view stream, uint64_t revision);

class LogDb {
 public:
  // Opens or creates the database. Errors as EventStore::Open.
  static absl::StatusOr<std::unique_ptr<LogDb>> Open(const std::string& path, bool read_only,
                                                     rocksdb::Env* env = nullptr);
  ~LogDb();

  rocksdb::ColumnFamilyHandle* cf(ColumnFamily f) const { return handles_[static_cast<int>(f)]; }
  rocksdb::DB* db() const { return db_.get(); }

  // Writes the batch, syncing the WAL first if `sync`. Errors: FAILED_PRECONDITION
  // (opened read-only, or refused since an earlier write failed: the message names
  // that failure and says to reopen); UNAVAILABLE (this write failed; the store turns
  // sticky).
  absl::Status Write(rocksdb::WriteBatch* batch, bool sync);

  // OK while writes are accepted, otherwise the refusal Write() would return.
  absl::Status WriteHealth() const;

  // Flushes every family's memtable to SST files (after which RocksDB deletes the
  // write-ahead log files no family needs). Errors: UNAVAILABLE.
  absl::Status FlushAll();

  // The record at `position`. Errors: NOT_FOUND, DATA_LOSS (undecodable; the
  // message names the position).
  absl::StatusOr<RecordedEvent> GetRecord(uint64_t position) const;

  // The last record, or nullopt for an empty log.
  absl::StatusOr<std::optional<RecordedEvent>> LastRecord() const;

  // The last revision of `stream`, or nullopt if it has no events.
  absl::StatusOr<std::optional<uint64_t>> StreamLastRevision(std::string_view stream) const;

  // Positions of the given event ids (nullopt where unknown), in order.
  absl::StatusOr<std::vector<std::optional<uint64_t>>> LookupEventIds(
      const std::vector<std::string_view>& ids) const;

  absl::StatusOr<std::vector<RecordedEvent>> ReadStream(const ReadStreamOptions& options) const;
  absl::StatusOr<ReadAllResult> ReadAll(const ReadAllOptions& options) const;
  // As EventStore::Scan.
  absl::StatusOr<ReadAllResult> Scan(const ReadAllOptions& options,
                                     absl::FunctionRef<bool(const RecordedEvent&)> visit) const;

 private:
  LogDb() = default;

  std::unique_ptr<rocksdb::DB> db_;
  bool read_only_ = false;
  mutable absl::Mutex mu_;
  absl::Status sticky_ ABSL_GUARDED_BY(mu_);  // the first failed write
  rocksdb::ColumnFamilyHandle* default_handle_ = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // indexed by ColumnFamily
};

}  // namespace prio::storage

#endif  // PRIO_STORAGE_LOG_DB_H_
