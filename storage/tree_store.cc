#include "storage/tree_store.h"

#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/record.h"
#include "storage/rocksdb_status.h"
#include "common/status_macros.h"

namespace prio::storage {

namespace {

constexpr char kSizeKey[] = "\xffsize";

// The subtree over leaves [index << level, (index + 1) << level) from the log.
absl::StatusOr<Hash> RecomputeNode(const LogDb& db, int level, uint64_t index) {
  const uint64_t first = (index << level) + 1, last = (index + 1) << level;
  // Point reads: at most 8 records, where an iterator's set-up would cost more.
  std::vector<Hash> hashes;
  for (uint64_t p = first; p <= last; ++p) {
    absl::StatusOr<RecordedEvent> e = db.GetRecord(p);
    if (!e.ok()) {
      if (!absl::IsNotFound(e.status())) return e.status();
      return absl::DataLossError(absl::StrCat("Merkle node (level ", level, ", index ", index,
                                              ") cannot be recomputed: the log lacks event ",
                                              p));
    }
    hashes.push_back(merkle::LeafHash(AsStringView(e->hash)));
  }
  while (hashes.size() > 1) {
    for (size_t i = 0; i < hashes.size() / 2; ++i) {
      hashes[i] = merkle::NodeHash(hashes[2 * i], hashes[2 * i + 1]);
    }
    hashes.resize(hashes.size() / 2);
  }
  return hashes[0];
}

}  // namespace

std::string MerkleNodeKey(int level, uint64_t index) {
  std::string k(1, static_cast<char>(level));
  PutFixed64BE(&k, index);
  return k;
}

void StageMerkleNode(const LogDb& db, int level, uint64_t index, const Hash& hash,
                     rocksdb::WriteBatch* batch) {
  if (level < kLowestStoredLevel) return;
  batch->Put(db.cf(ColumnFamily::kMerkle), MerkleNodeKey(level, index), AsStringView(hash));
}

void StageTreeSize(const LogDb& db, uint64_t size, rocksdb::WriteBatch* batch) {
  batch->Put(db.cf(ColumnFamily::kMerkle), kSizeKey, LogKey(size));
}

absl::StatusOr<Hash> ReadMerkleNode(const LogDb& db, int level, uint64_t index) {
  if (level < kLowestStoredLevel) return RecomputeNode(db, level, index);
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
  std::string value;
  rocksdb::Status s =
      db.db()->Get(rocksdb::ReadOptions(), db.cf(ColumnFamily::kMerkle), kSizeKey, &value);
  if (s.IsNotFound()) return 0;
  PRIO_RETURN_IF_ERROR(FromRocks(s, "reading the Merkle tree's size"));
  if (value.size() != 8) return absl::DataLossError("the Merkle tree's size is malformed");
  return DecodeFixed64BE(value.data());
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
                            StageTreeSize(db, frontier.size(), &batch);
                            flushed = db.Write(&batch, /*sync=*/true);
                            batch.Clear();
                            if (!flushed.ok()) return false;
                          }
                          return true;
                        }));
  (void)r;
  PRIO_RETURN_IF_ERROR(flushed);
  if (frontier.size() % kBatchLeaves != 0) {
    StageTreeSize(db, frontier.size(), &batch);
    PRIO_RETURN_IF_ERROR(db.Write(&batch, /*sync=*/true));
  }
  if (frontier.size() != head) {
    return absl::DataLossError(absl::StrCat("the log ends at ", frontier.size(),
                                            " although its head is ", head));
  }
  return frontier;
}

}  // namespace prio::storage
