// The log's Merkle tree (RFC 6962 / RFC 9162 section 2.1), the verifiable view of the
// history: an auditor holding a signed root can check that one event is in the log
// (inclusion) and that a later root extends an earlier one (consistency) without
// trusting the server. Pure functions; no RocksDB (the client links this too).
//
// Leaves, in position order: leaf i (from 0) is the event at position i + 1, and its
// leaf input is that event's 32-byte chain hash (record.h). Hashing:
//   leaf hash  = SHA-256(0x00 || event hash)
//   node hash  = SHA-256(0x01 || left || right)
//   MTH({})    = SHA-256("")
//   MTH(D[n])  = NODE(MTH(D[0:k]), MTH(D[k:n])), k the largest power of two < n
// A tree of n leaves is therefore the tree of the first n events, and its size n is
// the position of the last event it covers.
//
// Stored form (log_db.h, family "merkle"): every complete, aligned subtree, addressed
// as (level, index) = the hash over leaves [index * 2^level, (index + 1) * 2^level).
// Those never change once complete, and any root or proof of any size <= the tree's
// size is assembled from O(log n) of them.
#ifndef PRIO_STORAGE_MERKLE_H_
#define PRIO_STORAGE_MERKLE_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "storage/event_store.h"

namespace prio::storage::merkle {

inline constexpr int kMaxLevels = 64;
// No valid proof for a tree of at most 2^63 leaves is longer.
inline constexpr size_t kMaxProofLength = 2 * kMaxLevels;

Hash LeafHash(std::string_view leaf_input);
Hash NodeHash(const Hash& left, const Hash& right);
Hash EmptyRoot();

// Returns the stored hash of the complete subtree (level, index). Errors propagate.
using NodeSource = absl::FunctionRef<absl::StatusOr<Hash>(int level, uint64_t index)>;

// MTH of the first `size` leaves. Errors: those of `nodes`.
absl::StatusOr<Hash> Root(uint64_t size, NodeSource nodes);

// The audit path of leaf `index` in the tree of the first `size` leaves (RFC 6962
// PATH, leaf-to-root order). Errors: OUT_OF_RANGE unless index < size; those of
// `nodes`.
absl::StatusOr<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size, NodeSource nodes);

// The proof that the tree of `to` leaves extends the tree of `from` leaves (RFC 6962
// PROOF; empty when from == to or from == 0). Errors: OUT_OF_RANGE unless
// from <= to; those of `nodes`.
absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t from, uint64_t to, NodeSource nodes);

// Client-side checks (RFC 9162 2.1.3.2 and 2.1.4.2). OK only if the proof proves the
// claim; otherwise DATA_LOSS naming what does not hold (a forged or corrupted proof,
// root or size). Never trusts a length or size it is given: a proof of the wrong
// length, an index outside the tree or sizes out of order are refused.
absl::Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                             std::span<const Hash> proof, const Hash& root);
absl::Status VerifyConsistency(uint64_t from, uint64_t to, const Hash& from_root,
                               const Hash& to_root, std::span<const Hash> proof);

// The right edge of a growing tree: enough to append leaves and compute the current
// root without reading anything. Appending reports every subtree the new leaf
// completes, so that the caller can store it.
class Frontier {
 public:
  Frontier() = default;

  // The frontier of a stored tree of `size` leaves (O(log n) reads).
  static absl::StatusOr<Frontier> Restore(uint64_t size, NodeSource nodes);

  // Adds a leaf (its leaf hash) and calls `completed(level, index, hash)` for the leaf
  // itself (level 0) and for every subtree it completes, bottom-up.
  void Append(const Hash& leaf_hash,
              absl::FunctionRef<void(int level, uint64_t index, const Hash& hash)> completed);

  uint64_t size() const { return size_; }
  Hash Root() const;

 private:
  uint64_t size_ = 0;
  // last_[l]: the most recently completed subtree at level l; the subtrees of the
  // current root are last_[b] for every bit b set in size_.
  std::array<Hash, kMaxLevels> last_{};
};

}  // namespace prio::storage::merkle

#endif  // PRIO_STORAGE_MERKLE_H_
