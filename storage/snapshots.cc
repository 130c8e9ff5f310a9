#include "storage/snapshots.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "rocksdb/write_batch.h"
#include "common/absl_compat.h"
#include "storage/record.h"
#include "storage/rocksdb_status.h"
#include "common/status_macros.h"

namespace prio::storage {
namespace {

constexpr std::size_t kChunkBytes = 4 << 20;

std::string Prefix(std::string_view name) {
  std::string p = absl::StrCat("snapshot/", ToAbsl(name));
  p.push_back('\0');
  return p;
}

void PutFixed32BE(uint32_t v, std::string* out) {
  for (int i = 3; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t Fixed64BE(std::string_view s) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(s[i]);
  return v;
}

uint32_t Fixed32BE(std::string_view s) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(s[i]);
  return v;
}

std::string ChunkKey(std::string_view name, uint64_t position, uint32_t chunk) {
  std::string key = Prefix(name);
  PutFixed64BE(&key, position);
  PutFixed32BE(chunk, &key);
  return key;
}

}  // namespace

absl::Status PutSnapshot(LogDb& db, std::string_view name, uint64_t position,
                         std::string_view data) {
  rocksdb::WriteBatch batch;
  const uint32_t chunks = static_cast<uint32_t>((data.size() + kChunkBytes - 1) / kChunkBytes);
  const uint32_t n = chunks == 0 ? 1 : chunks;
  for (uint32_t c = 0; c < n; ++c) {
    std::string value;
    if (c == 0) PutFixed32BE(n, &value);
    const std::size_t begin = static_cast<std::size_t>(c) * kChunkBytes;
    if (begin < data.size()) value.append(data.substr(begin, kChunkBytes));
    batch.Put(db.cf(ColumnFamily::kMeta), ChunkKey(name, position, c), value);
  }
  return db.Write(&batch, /*sync=*/false);
}

absl::StatusOr<std::optional<StoredSnapshot>> GetSnapshot(const LogDb& db, std::string_view name,
                                                          uint64_t max_position) {
  const std::string prefix = Prefix(name);
  std::unique_ptr<rocksdb::Iterator> it(
      db.db()->NewIterator(rocksdb::ReadOptions(), db.cf(ColumnFamily::kMeta)));
  it->SeekForPrev(ChunkKey(name, max_position, 0xFFFFFFFFu));
  if (!it->Valid()) {
    PRIO_RETURN_IF_ERROR(FromRocks(it->status(), "reading snapshots"));
    return std::nullopt;
  }
  std::string_view key(it->key().data(), it->key().size());
  if (key.size() != prefix.size() + 12 || key.substr(0, prefix.size()) != prefix) {
    return std::nullopt;
  }
  const uint64_t position = Fixed64BE(key.substr(prefix.size()));
  StoredSnapshot snapshot{.position = position, .data = {}};
  it->Seek(ChunkKey(name, position, 0));
  uint32_t expected = 0;
  for (uint32_t c = 0;; ++c) {
    if (!it->Valid()) break;
    key = std::string_view(it->key().data(), it->key().size());
    if (key != ChunkKey(name, position, c)) break;
    std::string_view value(it->value().data(), it->value().size());
    if (c == 0) {
      if (value.size() < 4) return absl::DataLossError("snapshot header is truncated");
      expected = Fixed32BE(value);
      value.remove_prefix(4);
    }
    snapshot.data.append(value);
    it->Next();
    if (c + 1 == expected) {
      return snapshot;
    }
  }
  PRIO_RETURN_IF_ERROR(FromRocks(it->status(), "reading snapshots"));
  return absl::DataLossError(absl::StrCat("snapshot \"", ToAbsl(name), "\" at position ",
                                          position, " is incomplete"));
}

absl::Status DeleteSnapshots(LogDb& db, std::string_view name) {
  rocksdb::WriteBatch batch;
  std::string end = Prefix(name);
  end.back() = '\x01';
  batch.DeleteRange(db.cf(ColumnFamily::kMeta), Prefix(name), end);
  return db.Write(&batch, /*sync=*/true);
}

absl::StatusOr<uint64_t> PositionAt(const LogDb& db, uint64_t head, int64_t time_us) {
  uint64_t lo = 1, hi = head, found = 0;
  while (lo <= hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    PRIO_ASSIGN_OR_RETURN(RecordedEvent e, db.GetRecord(mid));
    if (e.recorded_at_us <= time_us) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

}  // namespace prio::storage
