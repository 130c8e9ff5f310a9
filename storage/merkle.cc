#include "storage/merkle.h"

#include <bit>

#include "absl/strings/str_cat.h"
#include "storage/record.h"
#include "common/status_macros.h"

namespace prio::storage::merkle {
namespace {

// The largest power of two strictly below n (n >= 2).
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

bool IsPowerOfTwo(uint64_t n) { return std::has_single_bit(n); }

// MTH(D[begin:end]) where begin is a multiple of the smallest power of two >= the
// range's length (true of every range RFC 6962's recursion visits).
absl::StatusOr<Hash> SubtreeHash(uint64_t begin, uint64_t end, NodeSource nodes) {
  const uint64_t n = end - begin;
  if (IsPowerOfTwo(n)) {
    const int level = std::countr_zero(n);
    return nodes(level, begin >> level);
  }
  const uint64_t k = SplitPoint(n);
  PRIO_ASSIGN_OR_RETURN(Hash left, SubtreeHash(begin, begin + k, nodes));
  PRIO_ASSIGN_OR_RETURN(Hash right, SubtreeHash(begin + k, end, nodes));
  return NodeHash(left, right);
}

absl::Status Path(uint64_t m, uint64_t begin, uint64_t end, NodeSource nodes,
                  std::vector<Hash>* out) {
  const uint64_t n = end - begin;
  if (n == 1) return absl::OkStatus();
  const uint64_t k = SplitPoint(n);
  if (m < k) {
    PRIO_RETURN_IF_ERROR(Path(m, begin, begin + k, nodes, out));
    PRIO_ASSIGN_OR_RETURN(Hash h, SubtreeHash(begin + k, end, nodes));
    out->push_back(h);
  } else {
    PRIO_RETURN_IF_ERROR(Path(m - k, begin + k, end, nodes, out));
    PRIO_ASSIGN_OR_RETURN(Hash h, SubtreeHash(begin, begin + k, nodes));
    out->push_back(h);
  }
  return absl::OkStatus();
}

absl::Status SubProof(uint64_t m, uint64_t begin, uint64_t end, bool whole, NodeSource nodes,
                      std::vector<Hash>* out) {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!whole) {
      PRIO_ASSIGN_OR_RETURN(Hash h, SubtreeHash(begin, end, nodes));
      out->push_back(h);
    }
    return absl::OkStatus();
  }
  const uint64_t k = SplitPoint(n);
  if (m <= k) {
    PRIO_RETURN_IF_ERROR(SubProof(m, begin, begin + k, whole, nodes, out));
    PRIO_ASSIGN_OR_RETURN(Hash h, SubtreeHash(begin + k, end, nodes));
    out->push_back(h);
  } else {
    PRIO_RETURN_IF_ERROR(SubProof(m - k, begin + k, end, false, nodes, out));
    PRIO_ASSIGN_OR_RETURN(Hash h, SubtreeHash(begin, begin + k, nodes));
    out->push_back(h);
  }
  return absl::OkStatus();
}

}  // namespace

Hash LeafHash(std::string_view leaf_input) {
  static constexpr char kLeafPrefix[1] = {0x00};
  return Sha256(std::string_view(kLeafPrefix, 1), leaf_input);
}

Hash NodeHash(const Hash& left, const Hash& right) {
  std::string buf;
  buf.reserve(65);
  buf.push_back(0x01);
  buf.append(AsStringView(left));
  buf.append(AsStringView(right));
  return Sha256(buf);
}

Hash EmptyRoot() { return Sha256(""); }

absl::StatusOr<Hash> Root(uint64_t size, NodeSource nodes) {
  if (size == 0) return EmptyRoot();
  return SubtreeHash(0, size, nodes);
}

absl::StatusOr<std::vector<Hash>> InclusionProof(uint64_t index, uint64_t size,
                                                 NodeSource nodes) {
  if (index >= size) {
    return absl::OutOfRangeError(
        absl::StrCat("leaf ", index, " is not in a tree of ", size, " leaves"));
  }
  std::vector<Hash> out;
  PRIO_RETURN_IF_ERROR(Path(index, 0, size, nodes, &out));
  return out;
}

absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t from, uint64_t to,
                                                   NodeSource nodes) {
  if (from > to) {
    return absl::OutOfRangeError(
        absl::StrCat("a tree of ", from, " leaves cannot be a prefix of one of ", to));
  }
  std::vector<Hash> out;
  if (from == 0 || from == to) return out;
  PRIO_RETURN_IF_ERROR(SubProof(from, 0, to, /*whole=*/true, nodes, &out));
  return out;
}

absl::Status VerifyInclusion(uint64_t index, uint64_t size, const Hash& leaf_hash,
                             std::span<const Hash> proof, const Hash& root) {
  if (index >= size) {
    return absl::DataLossError(
        absl::StrCat("leaf ", index, " cannot be in a tree of ", size, " leaves"));
  }
  if (proof.size() > kMaxProofLength) {
    return absl::DataLossError(absl::StrCat("inclusion proof of ", proof.size(),
                                            " hashes is longer than any valid one"));
  }
  uint64_t fn = index, sn = size - 1;
  Hash r = leaf_hash;
  for (const Hash& p : proof) {
    if (sn == 0) {
      return absl::DataLossError(absl::StrCat("inclusion proof has more hashes than a tree of ",
                                              size, " leaves needs"));
    }
    if ((fn & 1) != 0 || fn == sn) {
      r = NodeHash(p, r);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return absl::DataLossError(absl::StrCat("inclusion proof has fewer hashes than a tree of ",
                                            size, " leaves needs"));
  }
  if (r != root) {
    return absl::DataLossError(
        absl::StrCat("inclusion proof for leaf ", index, " leads to root ", HexEncode(r),
                     ", not to the expected root ", HexEncode(root)));
  }
  return absl::OkStatus();
}

absl::Status VerifyConsistency(uint64_t from, uint64_t to, const Hash& from_root,
                               const Hash& to_root, std::span<const Hash> proof) {
  if (from > to) {
    return absl::DataLossError(
        absl::StrCat("a tree of ", from, " leaves cannot be a prefix of one of ", to));
  }
  if (from == 0 || from == to) {
    if (!proof.empty()) {
      return absl::DataLossError(absl::StrCat("a consistency proof from ", from, " to ", to,
                                              " leaves must be empty"));
    }
    if (from == to && from_root != to_root) {
      return absl::DataLossError(absl::StrCat("two trees of ", from,
                                              " leaves have different roots: the history "
                                              "was rewritten"));
    }
    return absl::OkStatus();
  }
  if (proof.empty() || proof.size() > kMaxProofLength) {
    return absl::DataLossError(
        absl::StrCat("consistency proof of ", proof.size(), " hashes cannot be valid"));
  }
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  if (IsPowerOfTwo(from)) path.push_back(from_root);
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = from - 1, sn = to - 1;
  while ((fn & 1) != 0) {
    fn >>= 1;
    sn >>= 1;
  }
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    const Hash& c = path[i];
    if (sn == 0) {
      return absl::DataLossError(absl::StrCat("consistency proof has more hashes than trees of ",
                                              from, " and ", to, " leaves need"));
    }
    if ((fn & 1) != 0 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if ((fn & 1) == 0) {
        while ((fn & 1) == 0 && fn != 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  if (sn != 0) {
    return absl::DataLossError(absl::StrCat("consistency proof has fewer hashes than trees of ",
                                            from, " and ", to, " leaves need"));
  }
  if (fr != from_root) {
    return absl::DataLossError(absl::StrCat("consistency proof leads to ", HexEncode(fr),
                                            " for the tree of ", from,
                                            " leaves, not to its root ", HexEncode(from_root)));
  }
  if (sr != to_root) {
    return absl::DataLossError(absl::StrCat("consistency proof leads to ", HexEncode(sr),
                                            " for the tree of ", to, " leaves, not to its root ",
                                            HexEncode(to_root)));
  }
  return absl::OkStatus();
}

absl::StatusOr<Frontier> Frontier::Restore(uint64_t size, NodeSource nodes) {
  Frontier f;
  f.size_ = size;
  for (int level = 0; level < kMaxLevels && (size >> level) != 0; ++level) {
    PRIO_ASSIGN_OR_RETURN(f.last_[level], nodes(level, (size >> level) - 1));
  }
  return f;
}

void Frontier::Append(const Hash& leaf_hash,
                      absl::FunctionRef<void(int, uint64_t, const Hash&)> completed) {
  uint64_t index = size_++;
  Hash h = leaf_hash;
  for (int level = 0;; ++level) {
    completed(level, index, h);
    if ((index & 1) == 0) {
      last_[level] = h;
      return;
    }
    // A right child completes its parent with the level's previous subtree.
    const Hash left = last_[level];
    last_[level] = h;
    h = NodeHash(left, h);
    index >>= 1;
  }
}

Hash Frontier::Root() const {
  if (size_ == 0) return EmptyRoot();
  Hash r{};
  bool have = false;
  for (int b = 0; b < kMaxLevels; ++b) {
    if (((size_ >> b) & 1) == 0) continue;
    r = have ? NodeHash(last_[b], r) : last_[b];
    have = true;
  }
  return r;
}

}  // namespace prio::storage::merkle
