#include "storage/tree_store.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "storage/record.h"
#include "storage/rocksdb_status.h"
#include "storage/status_macros.h"

namespace prio::storage {

std::string MerkleNodeKey(int level, uint64_t index) {
  std::string k(1, static_cast<char>(level));
  PutFixed64BE(&k, index);
  return k;
}

void StageMerkleNode(const LogDb& db, int level, uint64_t index, const Hash& hash,
                     rocksdb::WriteBatch* batch) {
  batch->Put(db.cf(ColumnFamily::kMerkle), MerkleNodeKey(level, index), AsStringView(hash));
}

absl::StatusOr<Hash> ReadMerkleNode(const LogDb& db, int level, uint64_t index) {
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db.db()->Get(rocksdb::ReadOptions(), db.cf(ColumnFamily::kMerkle),
                                   MerkleNodeKey(level, index), &value);
  if (s.IsNotFound()) {
    return absl::DataLossError(
        absl::StrCat("Merkle node (level ", level, ", index ", index, ") is missing"));
  }
  PRIO_RETURN_IF_ERROR(FromRocks(s, "reading the Merkle tree"));
  if (value.size() != 32) {
    return absl::DataLossError(
        absl::StrCat("Merkle node (level ", level, ", index ", index, ") is malformed"));
  }
  Hash h;
  std::copy(value.data(), value.data() + 32, h.begin());
  return h;
}

absl::StatusOr<uint64_t> StoredTreeSize(const LogDb& db) {
  std::unique_ptr<rocksdb::Iterator> it(
      db.db()->NewIterator(rocksdb::ReadOptions(), db.cf(ColumnFamily::kMerkle)));
  it->SeekForPrev(MerkleNodeKey(0, UINT64_MAX));
  if (!it->Valid()) {
    PRIO_RETURN_IF_ERROR(FromRocks(it->status(), "reading the Merkle tree"));
    return 0;
  }
  if (it->key().size() != 9 || it->key()[0] != 0) return 0;  // no leaves yet
  return DecodeFixed64BE(it->key().data() + 1) + 1;
}

absl::StatusOr<merkle::Frontier> BuildMissingTree(LogDb& db, uint64_t head) {
  PRIO_ASSIGN_OR_RETURN(uint64_t size, StoredTreeSize(db));
  if (size > head) {
    return absl::DataLossError(absl::StrCat("the stored Merkle tree covers ", size,
                                            " events but the log holds ", head));
  }
  auto nodes = [&](int level, uint64_t index) { return ReadMerkleNode(db, level, index); };
  PRIO_ASSIGN_OR_RETURN(merkle::Frontier frontier, merkle::Frontier::Restore(size, nodes));
  if (size == head) return frontier;

  constexpr uint64_t kBatchLeaves = 50'000;
  rocksdb::WriteBatch batch;
  absl::Status flushed;
  auto stage = [&](int level, uint64_t index, const Hash& h) {
    StageMerkleNode(db, level, index, h, &batch);
  };
  PRIO_ASSIGN_OR_RETURN(ReadAllResult r,
                        db.Scan({.from_position = size + 1}, [&](const RecordedEvent& e) {
                          frontier.Append(merkle::LeafHash(AsStringView(e.hash)), stage);
                          if (frontier.size() % kBatchLeaves == 0) {
                            flushed = db.Write(&batch, /*sync=*/true);
                            batch.Clear();
                            if (!flushed.ok()) return false;
                          }
                          return true;
                        }));
  (void)r;
  PRIO_RETURN_IF_ERROR(flushed);
  if (batch.Count() > 0) PRIO_RETURN_IF_ERROR(db.Write(&batch, /*sync=*/true));
  if (frontier.size() != head) {
    return absl::DataLossError(absl::StrCat("the log ends at ", frontier.size(),
                                            " although its head is ", head));
  }
  return frontier;
}

}  // namespace prio::storage
