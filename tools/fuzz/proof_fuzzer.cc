// libFuzzer target: client-side proof verification (storage/merkle.h, audit/checkpoint.h)
// — the code that must never accept a forged proof. Properties checked, beyond no
// crash/leak/UB under ASan/UBSan:
//  - arbitrary index/size/proof/root bytes: VerifyInclusion and VerifyConsistency
//    accept only what a real tree of that size proves (checked against an in-memory
//    tree built from the same fuzz bytes);
//  - a real proof with one fuzz-chosen bit flipped (in a hash, the root or the leaf) is
//    refused;
//  - an arbitrary ProveInclusionResponse / ProveConsistencyResponse parsed from the
//    input is refused (none carries a valid signature of the pinned key).
//
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DPRIO_FUZZ=ON
//   cmake --build build-fuzz --target proof_fuzzer
//   FUZZ_SECONDS=600 tools/fuzz/run proof_fuzzer
#include <cstdint>
#include <cstdlib>
#include <map>
#include <vector>

#include "audit/checkpoint.h"
#include "storage/merkle.h"
#include "storage/record.h"
#include "tools/fuzz/fuzz_check.h"

namespace {

namespace merkle = prio::storage::merkle;
using prio::storage::Hash;

using prio::fuzz::Check;

const prio::audit::PublicKey& PinnedKey() {
  static const auto* key = [] {
    auto k = prio::audit::SigningKey::Generate();
    Check(k.ok(), "key generation");
    return new prio::audit::PublicKey(k->public_key());
  }();
  return *key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 4) return 0;
  const uint8_t mode = data[0] % 3;
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);

  if (mode == 2) {  // arbitrary answers: never verified
    prio::v1::ProveInclusionResponse inclusion;
    if (inclusion.ParseFromArray(rest.data(), static_cast<int>(rest.size()))) {
      Check(!prio::audit::VerifyInclusionAnswer(inclusion, inclusion.event().position(),
                                                PinnedKey())
                 .ok(),
            "an unsigned inclusion answer is refused");
    }
    prio::v1::ProveConsistencyResponse consistency;
    if (consistency.ParseFromArray(rest.data(), static_cast<int>(rest.size()))) {
      Check(!prio::audit::VerifyConsistencyAnswer(consistency, PinnedKey()).ok(),
            "an unsigned consistency answer is refused");
    }
    return 0;
  }

  // A real tree of 1..64 leaves from the input, and a proof in it.
  const uint64_t n = 1 + data[1] % 64;
  std::map<std::pair<int, uint64_t>, Hash> nodes;
  std::vector<Hash> leaves;
  merkle::Frontier f;
  for (uint64_t i = 0; i < n; ++i) {
    const Hash leaf = merkle::LeafHash(std::string(1, static_cast<char>(data[(i + 2) % size])) +
                                       std::to_string(i));
    leaves.push_back(leaf);
    f.Append(leaf, [&](int l, uint64_t k, const Hash& h) { nodes[{l, k}] = h; });
  }
  auto src = [&](int l, uint64_t k) -> absl::StatusOr<Hash> { return nodes.at({l, k}); };
  const uint64_t m = data[2] % n;
  const size_t bit = size > 3 ? (size_t{data[3]} << 8 | data[size - 1]) : 0;
  if (mode == 0) {
    auto proof = merkle::InclusionProof(m, n, src);
    Check(proof.ok(), "proof generation");
    const Hash root = f.Root();
    Check(merkle::VerifyInclusion(m, n, leaves[m], *proof, root).ok(), "a real proof verifies");
    // One bit flipped in the proof, the root or the leaf.
    std::vector<Hash> p = *proof;
    Hash r = root, leaf = leaves[m];
    const size_t target = bit % (p.size() + 2);
    Hash& h = target < p.size() ? p[target] : target == p.size() ? r : leaf;
    h[(bit / 8) % 32] ^= static_cast<uint8_t>(1u << (bit % 8));
    Check(!merkle::VerifyInclusion(m, n, leaf, p, r).ok(), "a flipped bit is refused");
    // Arbitrary hashes from the rest of the input as a proof: only accepted if equal
    // to the real one.
    std::vector<Hash> arbitrary;
    for (size_t at = 4; at + 32 <= size && arbitrary.size() < 70; at += 32) {
      Hash a;
      std::copy(data + at, data + at + 32, a.begin());
      arbitrary.push_back(a);
    }
    if (merkle::VerifyInclusion(m, n, leaves[m], arbitrary, root).ok()) {
      Check(arbitrary == *proof, "only the real audit path leads to the root");
    }
  } else {
    const uint64_t from = 1 + m;
    auto proof = merkle::ConsistencyProof(from, n, src);
    Check(proof.ok(), "proof generation");
    auto from_root = merkle::Root(from, src);
    const Hash to_root = f.Root();
    Check(merkle::VerifyConsistency(from, n, *from_root, to_root, *proof).ok(),
          "a real consistency proof verifies");
    if (from == n) return 0;  // the empty proof has nothing to flip but the roots
    std::vector<Hash> p = *proof;
    Hash a = *from_root, b = to_root;
    const size_t target = bit % (p.size() + 2);
    Hash& h = target < p.size() ? p[target] : target == p.size() ? a : b;
    h[(bit / 8) % 32] ^= static_cast<uint8_t>(1u << (bit % 8));
    Check(!merkle::VerifyConsistency(from, n, a, b, p).ok(), "a flipped bit is refused");
  }
  return 0;
}
