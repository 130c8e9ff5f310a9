// The log's Merkle tree in RocksDB (storage-internal; the tree itself is merkle.h).
//
//   merkle key: u8(level) u64be(index) -> 32-byte hash of the complete subtree,
//               for levels >= kLowestStoredLevel only
//               0xff "size"             -> u64be(number of leaves covered)
//
// Written in the same WriteBatch as the events whose leaves complete them, so the
// stored tree always covers exactly the log. Subtrees below kLowestStoredLevel (at
// most 8 leaves) are not stored but recomputed from the events' hashes in the log when
// a proof needs them (at most 15 record reads per proof): that keeps the tree at about
// one write per 16 events instead of two per event. A store written before the tree
// existed gets it built on its first writable open (BuildMissingTree).
#ifndef PRIO_STORAGE_TREE_STORE_H_
#define PRIO_STORAGE_TREE_STORE_H_

#include <string>

#include "absl/status/statusor.h"
#include "rocksdb/write_batch.h"
#include "storage/log_db.h"
#include "storage/merkle.h"

namespace prio::storage {

inline constexpr int kLowestStoredLevel = 4;

std::string MerkleNodeKey(int level, uint64_t index);

// Stages a completed subtree into `batch` (nothing below kLowestStoredLevel).
void StageMerkleNode(const LogDb& db, int level, uint64_t index, const Hash& hash,
                     rocksdb::WriteBatch* batch);
// Stages the number of leaves the tree covers once `batch` is written.
void StageTreeSize(const LogDb& db, uint64_t size, rocksdb::WriteBatch* batch);

// The subtree (level, index): stored, or recomputed from the log below
// kLowestStoredLevel. Errors: DATA_LOSS (missing or malformed; the message names the
// node), UNAVAILABLE.
absl::StatusOr<Hash> ReadMerkleNode(const LogDb& db, int level, uint64_t index);

// The number of leaves the stored tree covers.
absl::StatusOr<uint64_t> StoredTreeSize(const LogDb& db);

// Makes the stored tree cover the log up to `head` (appending the missing leaves in
// synced batches) and returns its frontier. Errors: DATA_LOSS (the stored tree is
// larger than the log, or a record is unreadable), UNAVAILABLE.
absl::StatusOr<merkle::Frontier> BuildMissingTree(LogDb& db, uint64_t head);

}  // namespace prio::storage

#endif  // PRIO_STORAGE_TREE_STORE_H_
