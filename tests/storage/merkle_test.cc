// The Merkle tree: RFC 6962's published vectors, every proof of small trees verified
// and every single-bit forgery refused, and the tree the store keeps in step with the
// log (also across reopen and for a store written before the tree existed).
#include "storage/merkle.h"

#include <map>
#include <random>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/log_db.h"
#include "storage/record.h"
#include "storage/tree_store.h"
#include "testing/events.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace prio::storage::merkle {
namespace {

using ::prio::testing::Event;
using ::prio::testing::IsOk;
using ::prio::testing::OneStream;
using ::prio::testing::StatusIs;
using ::prio::testing::TempDir;

#define ASSERT_OK(e) ASSERT_THAT((e), IsOk())
#define EXPECT_OK(e) EXPECT_THAT((e), IsOk())

Hash FromHex(std::string_view hex) {
  Hash h{};
  for (size_t i = 0; i < 32; ++i) h[i] = std::stoi(std::string(hex.substr(2 * i, 2)), nullptr, 16);
  return h;
}

std::string Unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

// The textbook definition, recursively over leaf hashes: the reference every stored
// and incremental computation is compared with.
Hash NaiveRoot(const std::vector<Hash>& leaves, size_t begin, size_t end) {
  if (end == begin) return EmptyRoot();
  if (end - begin == 1) return leaves[begin];
  size_t k = 1;
  while (k * 2 < end - begin) k *= 2;
  return NodeHash(NaiveRoot(leaves, begin, begin + k), NaiveRoot(leaves, begin + k, end));
}

// A tree in memory, built with the Frontier exactly as the store builds its own.
struct MemoryTree {
  Frontier frontier;
  std::map<std::pair<int, uint64_t>, Hash> nodes;
  std::vector<Hash> leaves;

  void Add(const Hash& leaf) {
    leaves.push_back(leaf);
    frontier.Append(leaf, [&](int level, uint64_t index, const Hash& h) {
      nodes[{level, index}] = h;
    });
  }
  absl::StatusOr<Hash> Node(int level, uint64_t index) const {
    auto it = nodes.find({level, index});
    if (it == nodes.end()) return absl::DataLossError("missing node");
    return it->second;
  }
  auto Source() const {
    return [this](int level, uint64_t index) { return Node(level, index); };
  }
};

MemoryTree RandomTree(size_t n, uint32_t seed) {
  MemoryTree t;
  std::mt19937 rng(seed);
  for (size_t i = 0; i < n; ++i) {
    std::string input(32, '\0');
    for (char& c : input) c = static_cast<char>(rng());
    t.Add(LeafHash(input));
  }
  return t;
}

constexpr const char* kVectorLeaves[] = {"",         "00",       "10",
                                         "2021",     "3031",     "40414243",
                                         "5051525354555657",
                                         "606162636465666768696a6b6c6d6e6f"};
constexpr const char* kVectorRoots[] = {
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};

MemoryTree VectorTree() {
  MemoryTree t;
  for (const char* leaf : kVectorLeaves) t.Add(LeafHash(Unhex(leaf)));
  return t;
}

TEST(MerkleTest, Rfc6962RootVectors) {
  MemoryTree t;
  EXPECT_EQ(HexEncode(t.frontier.Root()), kVectorRoots[0]);
  for (size_t n = 1; n <= 8; ++n) {
    t.Add(LeafHash(Unhex(kVectorLeaves[n - 1])));
    EXPECT_EQ(HexEncode(t.frontier.Root()), kVectorRoots[n]) << n << " leaves";
  }
  for (size_t n = 0; n <= 8; ++n) {
    auto root = Root(n, t.Source());
    ASSERT_OK(root.status());
    EXPECT_EQ(HexEncode(*root), kVectorRoots[n]) << n << " leaves, from stored nodes";
  }
}

TEST(MerkleTest, Rfc6962ProofVectors) {
  MemoryTree t = VectorTree();
  auto path = InclusionProof(5, 8, t.Source());
  ASSERT_OK(path.status());
  EXPECT_THAT(*path, ::testing::ElementsAre(
                         FromHex("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                         FromHex("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                         FromHex("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
  auto consistency = ConsistencyProof(6, 8, t.Source());
  ASSERT_OK(consistency.status());
  EXPECT_THAT(*consistency,
              ::testing::ElementsAre(
                  FromHex("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                  FromHex("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                  FromHex("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7")));
  auto from_one = ConsistencyProof(1, 8, t.Source());
  ASSERT_OK(from_one.status());
  EXPECT_THAT(*from_one,
              ::testing::ElementsAre(
                  FromHex("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                  FromHex("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                  FromHex("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4")));
}

// Every leaf of every tree up to 70 leaves: the proof verifies, and flipping any bit
// of the proof, the leaf or the root, or claiming another index or proof length, is
// refused. (A proof can also fit a larger claimed tree size with the same root; the
// checkpoint's signature binds size and root together, tested there.)
TEST(MerkleTest, EveryInclusionProofVerifiesAndEveryForgeryFails) {
  MemoryTree t = RandomTree(70, 1);
  for (uint64_t n = 1; n <= 70; ++n) {
    const Hash root = NaiveRoot(t.leaves, 0, n);
    ASSERT_EQ(*Root(n, t.Source()), root);
    for (uint64_t m = 0; m < n; ++m) {
      auto proof = InclusionProof(m, n, t.Source());
      ASSERT_OK(proof.status());
      ASSERT_OK(VerifyInclusion(m, n, t.leaves[m], *proof, root)) << m << " of " << n;
      std::vector<Hash> forged = *proof;
      for (size_t i = 0; i < forged.size(); ++i) {
        forged[i][i % 32] ^= 0x80;
        EXPECT_FALSE(VerifyInclusion(m, n, t.leaves[m], forged, root).ok());
        forged[i][i % 32] ^= 0x80;
      }
      Hash bad_leaf = t.leaves[m];
      bad_leaf[0] ^= 1;
      EXPECT_FALSE(VerifyInclusion(m, n, bad_leaf, *proof, root).ok());
      Hash bad_root = root;
      bad_root[31] ^= 1;
      EXPECT_FALSE(VerifyInclusion(m, n, t.leaves[m], *proof, bad_root).ok());
      if (n > 1) {
        EXPECT_FALSE(VerifyInclusion((m + 1) % n, n, t.leaves[m], *proof, root).ok());
      }
      EXPECT_FALSE(VerifyInclusion(n, n, t.leaves[m], *proof, root).ok());
      std::vector<Hash> longer = *proof;
      longer.push_back(root);
      EXPECT_FALSE(VerifyInclusion(m, n, t.leaves[m], longer, root).ok());
      if (!proof->empty()) {
        std::vector<Hash> shorter(proof->begin(), proof->end() - 1);
        EXPECT_FALSE(VerifyInclusion(m, n, t.leaves[m], shorter, root).ok());
      }
    }
  }
}

TEST(MerkleTest, EveryConsistencyProofVerifiesAndEveryForgeryFails) {
  MemoryTree t = RandomTree(40, 2);
  for (uint64_t to = 1; to <= 40; ++to) {
    const Hash to_root = NaiveRoot(t.leaves, 0, to);
    for (uint64_t from = 0; from <= to; ++from) {
      const Hash from_root = NaiveRoot(t.leaves, 0, from);
      auto proof = ConsistencyProof(from, to, t.Source());
      ASSERT_OK(proof.status());
      ASSERT_OK(VerifyConsistency(from, to, from_root, to_root, *proof)) << from << "->" << to;
      Hash bad = from_root;
      bad[3] ^= 4;
      if (from != 0) {
        EXPECT_FALSE(VerifyConsistency(from, to, bad, to_root, *proof).ok());
      }
      bad = to_root;
      bad[3] ^= 4;
      if (from != 0) {
        EXPECT_FALSE(VerifyConsistency(from, to, from_root, bad, *proof).ok());
      }
      std::vector<Hash> forged = *proof;
      for (size_t i = 0; i < forged.size(); ++i) {
        forged[i][7] ^= 0x10;
        EXPECT_FALSE(VerifyConsistency(from, to, from_root, to_root, forged).ok());
        forged[i][7] ^= 0x10;
      }
      if (from > 0 && from < to) {
        // (A larger claimed `to` can verify with the same hashes: sizes are bound to
        // roots by the checkpoint's signature, tested with the checkpoints.)
        EXPECT_FALSE(VerifyConsistency(from - 1, to, from_root, to_root, *proof).ok());
        EXPECT_FALSE(VerifyConsistency(from, to, from_root, to_root, {}).ok());
        std::vector<Hash> longer = *proof;
        longer.push_back(to_root);
        EXPECT_FALSE(VerifyConsistency(from, to, from_root, to_root, longer).ok());
      }
    }
  }
  // A tree cannot shrink, and two different roots of one size are a rewrite.
  EXPECT_FALSE(VerifyConsistency(5, 4, t.frontier.Root(), t.frontier.Root(), {}).ok());
  EXPECT_FALSE(VerifyConsistency(4, 4, NaiveRoot(t.leaves, 0, 4), NaiveRoot(t.leaves, 0, 5), {})
                   .ok());
  EXPECT_FALSE(ConsistencyProof(5, 4, t.Source()).ok());
  EXPECT_FALSE(InclusionProof(4, 4, t.Source()).ok());
}

TEST(MerkleTest, FrontierRestoredFromNodesContinues) {
  MemoryTree t = RandomTree(1000, 3);
  for (uint64_t n : {0u, 1u, 2u, 3u, 511u, 512u, 513u, 999u}) {
    auto restored = Frontier::Restore(n, t.Source());
    ASSERT_OK(restored.status());
    EXPECT_EQ(restored->Root(), NaiveRoot(t.leaves, 0, n));
    for (uint64_t i = n; i < 1000; ++i) restored->Append(t.leaves[i], [](int, uint64_t, const Hash&) {});
    EXPECT_EQ(restored->Root(), t.frontier.Root()) << "restored at " << n;
  }
}

std::vector<Hash> LeafHashes(EventStore& store) {
  std::vector<Hash> leaves;
  auto r = store.Scan({}, [&](const RecordedEvent& e) {
    leaves.push_back(LeafHash(AsStringView(e.hash)));
    return true;
  });
  EXPECT_TRUE(r.ok());
  return leaves;
}

TEST(StoredTreeTest, KeptInStepWithTheLogAcrossReopen) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  for (int round = 0; round < 2; ++round) {
    auto store = EventStore::Open({.path = path});
    ASSERT_OK(store.status());
    for (int i = 0; i < 37; ++i) {
      std::vector<ProposedEvent> events;
      for (int k = 0; k <= i % 4; ++k) events.push_back(Event());
      ASSERT_OK((*store)->Append(OneStream("s-" + std::to_string(i % 5), events)).status());
    }
    const std::vector<Hash> leaves = LeafHashes(**store);
    const uint64_t n = leaves.size();
    ASSERT_EQ(n, (*store)->GetHead().position);
    for (uint64_t size : {uint64_t{1}, n / 3, n / 2, n - 1, n}) {
      auto root = (*store)->TreeRoot(size);
      ASSERT_OK(root.status());
      EXPECT_EQ(*root, NaiveRoot(leaves, 0, size));
      for (uint64_t p : {uint64_t{1}, size / 2 + 1, size}) {
        auto proof = (*store)->InclusionProof(p, size);
        ASSERT_OK(proof.status());
        EXPECT_OK(VerifyInclusion(p - 1, size, leaves[p - 1], *proof, *root));
      }
      auto consistency = (*store)->ConsistencyProof(size, n);
      ASSERT_OK(consistency.status());
      EXPECT_OK(VerifyConsistency(size, n, *root, NaiveRoot(leaves, 0, n), *consistency));
    }
    EXPECT_THAT((*store)->TreeRoot(n + 1).status(), StatusIs(absl::StatusCode::kOutOfRange));
    EXPECT_THAT((*store)->InclusionProof(0, n).status(), StatusIs(absl::StatusCode::kOutOfRange));
    EXPECT_THAT((*store)->InclusionProof(n, n - 1).status(),
                StatusIs(absl::StatusCode::kOutOfRange));
    EXPECT_THAT((*store)->ConsistencyProof(n, n - 1).status(),
                StatusIs(absl::StatusCode::kOutOfRange));
  }
}

// A store written before the tree existed: its first writable open builds the tree;
// a read-only open of it refuses proofs instead of inventing them.
TEST(StoredTreeTest, MissingTreeIsBuiltOnWritableOpen) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  {
    auto store = EventStore::Open({.path = path});
    ASSERT_OK(store.status());
    for (int i = 0; i < 300; ++i) ASSERT_OK((*store)->Append(OneStream("s", {Event()})).status());
  }
  {
    auto db = LogDb::Open(path, false);
    ASSERT_OK(db.status());
    ASSERT_TRUE((*db)->db()
                    ->DeleteRange({}, (*db)->cf(ColumnFamily::kMerkle), std::string(),
                                  std::string(2, '\xff'))
                    .ok());
  }
  {
    auto ro = EventStore::Open({.path = path, .read_only = true});
    ASSERT_OK(ro.status());
    EXPECT_THAT((*ro)->TreeRoot(300).status(),
                StatusIs(absl::StatusCode::kFailedPrecondition));
  }
  auto store = EventStore::Open({.path = path});
  ASSERT_OK(store.status());
  const std::vector<Hash> leaves = LeafHashes(**store);
  EXPECT_EQ(*(*store)->TreeRoot(300), NaiveRoot(leaves, 0, 300));
  ASSERT_OK((*store)->Append(OneStream("s", {Event()})).status());
  const std::vector<Hash> more = LeafHashes(**store);
  EXPECT_EQ(*(*store)->TreeRoot(301), NaiveRoot(more, 0, 301));
}

}  // namespace
}  // namespace prio::storage::merkle
