#include "storage/verify.h"

#include <array>
#include <memory>

#include "absl/strings/str_cat.h"
#include "storage/log_db.h"
#include "storage/merkle.h"
#include "storage/record.h"
#include "storage/rocksdb_status.h"
#include "common/status_macros.h"
#include "storage/tree_store.h"

namespace prio::storage {
namespace {

// Compares recomputed Merkle nodes with the stored ones, level by level in index
// order (the order in which appends complete them), with one iterator per level.
class StoredNodeChecker {
 public:
  explicit StoredNodeChecker(const LogDb& db) : db_(db) {}

  // Empty if the stored node (level, index) is `h` (or is not one that is stored);
  // else what is wrong.
  std::string Check(int level, uint64_t index, const Hash& h) {
    if (level < kLowestStoredLevel) return {};
    rocksdb::Iterator* it = Iterator(level);
    const std::string key = MerkleNodeKey(level, index);
    if (!it->Valid() || it->key() != rocksdb::Slice(key)) {
      return absl::StrCat("Merkle node (level ", level, ", index ", index, ") is not stored");
    }
    if (it->value() != rocksdb::Slice(reinterpret_cast<const char*>(h.data()), h.size())) {
      return absl::StrCat("Merkle node (level ", level, ", index ", index, ") is stored as ",
                          HexEncode(it->value().ToStringView()), " but recomputes to ",
                          HexEncode(h));
    }
    it->Next();
    ++checked_;
    return {};
  }

  // Empty if no level holds nodes past those checked; else what is extra.
  std::string CheckNoneLeft() {
    for (int level = 0; level < merkle::kMaxLevels; ++level) {
      if (level < kLowestStoredLevel) {
        // Nothing is stored down there.
        rocksdb::Iterator* it = Iterator(level);
        if (it->Valid() && it->key().size() == 9 && it->key()[0] == static_cast<char>(level)) {
          return absl::StrCat("the stored Merkle tree has a node at level ", level,
                              ", which prio never stores");
        }
        continue;
      }
      rocksdb::Iterator* it = Iterator(level);
      if (it->Valid() && it->key().size() == 9 && it->key()[0] == static_cast<char>(level)) {
        return absl::StrCat("the stored Merkle tree has a node (level ", level, ", index ",
                            DecodeFixed64BE(it->key().data() + 1), ") beyond the log");
      }
    }
    return {};
  }

  uint64_t checked() const { return checked_; }

 private:
  rocksdb::Iterator* Iterator(int level) {
    if (!its_[level]) {
      rocksdb::ReadOptions ro;
      ro.verify_checksums = true;
      its_[level].reset(db_.db()->NewIterator(ro, db_.cf(ColumnFamily::kMerkle)));
      its_[level]->Seek(MerkleNodeKey(level, 0));
    }
    return its_[level].get();
  }

  const LogDb& db_;
  std::array<std::unique_ptr<rocksdb::Iterator>, merkle::kMaxLevels> its_;
  uint64_t checked_ = 0;
};

}  // namespace

std::string CheckChainLink(uint64_t position, std::string_view stored, const Hash& prev,
                           RecordedEvent* out) {
  if (absl::Status s = DecodeRecordInto(stored, out); !s.ok()) return std::string(s.message());
  if (out->position != position) return absl::StrCat("record claims position ", out->position);
  if (out->prev_hash != prev) {
    return absl::StrCat("prev_hash ", HexEncode(out->prev_hash),
                        " does not match the previous hash ", HexEncode(prev));
  }
  if (!VerifyRecordHash(stored)) {
    return absl::StrCat("stored hash ", HexEncode(out->hash),
                        " does not match the record's content");
  }
  return {};
}

absl::StatusOr<VerifyReport> VerifyChain(const std::string& path, const VerifyVisitor& visit) {
  PRIO_ASSIGN_OR_RETURN(std::unique_ptr<LogDb> db, LogDb::Open(path, /*read_only=*/true));
  rocksdb::ReadOptions ro;
  ro.readahead_size = 2 << 20;
  ro.verify_checksums = true;
  std::unique_ptr<rocksdb::Iterator> it(db->db()->NewIterator(ro, db->cf(ColumnFamily::kLog)));
  VerifyReport report;
  PRIO_ASSIGN_OR_RETURN(const uint64_t stored_size, StoredTreeSize(*db));
  PRIO_ASSIGN_OR_RETURN(std::optional<RecordedEvent> last, db->LastRecord());
  // A tree is expected unless this is a store from before prio kept one.
  report.tree_stored = stored_size > 0 || !last.has_value();
  StoredNodeChecker nodes(*db);
  merkle::Frontier tree;
  std::string node_problem;

  Hash prev{};
  RecordedEvent event;  // reused
  uint64_t expected = 1;
  auto fail = [&](uint64_t position, std::string problem) {
    report.ok = false;
    report.first_bad_position = position;
    report.problem = std::move(problem);
    return report;
  };
  auto root_at = [&](uint64_t size) -> absl::StatusOr<Hash> {
    if (size >= expected) {
      return absl::OutOfRangeError(absl::StrCat("tree size ", size, " is not verified yet"));
    }
    if (!report.tree_stored) {
      return absl::FailedPreconditionError("the store keeps no Merkle tree");
    }
    return merkle::Root(size, [&](int level, uint64_t index) {
      return ReadMerkleNode(*db, level, index);
    });
  };
  auto hash_at = [&](uint64_t position) -> absl::StatusOr<Hash> {
    if (position == 0 || position >= expected) {
      return absl::OutOfRangeError(absl::StrCat("position ", position, " is not verified yet"));
    }
    PRIO_ASSIGN_OR_RETURN(RecordedEvent e, db->GetRecord(position));
    return e.hash;
  };
  const VerifiedHistory history{root_at, hash_at};

  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    if (it->key().size() != 8) return fail(expected, "malformed log key");
    const uint64_t position = DecodeFixed64BE(it->key().data());
    if (position != expected) {
      return fail(expected, absl::StrCat("position missing (next stored is ", position, ")"));
    }
    if (std::string problem = CheckChainLink(position, it->value().ToStringView(), prev, &event);
        !problem.empty()) {
      return fail(position, std::move(problem));
    }
    const RecordedEvent* e = &event;
    if (visit) {
      if (absl::Status s = visit(*e, history); !s.ok()) {
        return fail(position, std::string(s.message()));
      }
    }
    tree.Append(merkle::LeafHash(AsStringView(e->hash)),
                [&](int level, uint64_t index, const Hash& h) {
                  if (report.tree_stored && node_problem.empty()) {
                    node_problem = nodes.Check(level, index, h);
                  }
                });
    if (!node_problem.empty()) return fail(position, node_problem);
    prev = e->hash;
    report.events_checked++;
    report.head = {position, e->hash, e->recorded_at_us};
  }
  if (!it->status().ok()) {
    if (it->status().IsCorruption()) {
      return fail(expected, absl::StrCat("unreadable: ", it->status().ToString()));
    }
    return FromRocks(it->status(), "reading the log");
  }
  if (report.tree_stored) {
    if (std::string extra = nodes.CheckNoneLeft(); !extra.empty()) return fail(expected, extra);
    if (stored_size != report.events_checked) {
      return fail(expected, absl::StrCat("the stored Merkle tree claims ", stored_size,
                                         " events, the log holds ", report.events_checked));
    }
  }
  report.tree_nodes_checked = nodes.checked();
  report.tree_root = tree.Root();
  return report;
}

}  // namespace prio::storage
