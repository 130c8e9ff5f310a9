// libFuzzer target: record decoding and chain verification (storage/record.h,
// storage/verify.h CheckChainLink). Properties checked, beyond no crash/leak/UB under
// ASan/UBSan:
//  - any input: DecodeRecord and CheckChainLink accept or refuse, never crash; a record
//    that decodes and whose hash verifies re-seals to exactly the same bytes
//    (the encoding is canonical);
//  - a chain of records sealed from fuzz-chosen fields verifies link by link, and
//    flipping any one fuzz-chosen byte of a record makes that record's link fail.
//
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DPRIO_FUZZ=ON
//   cmake --build build-fuzz --target record_fuzzer
//   FUZZ_SECONDS=600 tools/fuzz/run record_fuzzer
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "storage/record.h"
#include "storage/verify.h"
#include "tools/fuzz/fuzz_check.h"

namespace {

using prio::storage::Hash;
using prio::storage::RecordedEvent;

// Reads fuzz bytes as a sequence of small fields.
class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : p_(data), left_(size) {}
  uint8_t U8() {
    if (left_ == 0) return 0;
    --left_;
    return *p_++;
  }
  std::string Str(size_t max) {
    size_t n = std::min<size_t>(U8() % (max + 1), left_);
    std::string s(reinterpret_cast<const char*>(p_), n);
    p_ += n;
    left_ -= n;
    return s;
  }
  size_t left() const { return left_; }

 private:
  const uint8_t* p_;
  size_t left_;
};

using prio::fuzz::Check;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  // 1. Arbitrary bytes as a stored record.
  absl::StatusOr<RecordedEvent> decoded = prio::storage::DecodeRecord(raw);
  if (decoded.ok() && prio::storage::VerifyRecordHash(raw)) {
    RecordedEvent copy = *decoded;
    Check(prio::storage::SealRecord(&copy) == raw, "a verified record re-seals identically");
  }
  RecordedEvent out;
  (void)prio::storage::CheckChainLink(1, raw, Hash{}, &out);

  // 2. A chain sealed from fuzz-chosen fields, then one byte flipped.
  Bytes in(data, size);
  const size_t n = 1 + in.U8() % 6;
  std::vector<std::string> stored;
  Hash prev{};
  for (size_t i = 0; i < n; ++i) {
    RecordedEvent e;
    e.position = i + 1;
    e.stream = "s" + in.Str(8);
    e.revision = in.U8();
    e.event_id = std::string(16, static_cast<char>(in.U8()));
    e.type = in.Str(8);
    e.data = in.Str(64);
    const size_t meta = in.U8() % 3;
    for (size_t m = 0; m < meta; ++m) e.metadata[in.Str(4)] = in.Str(8);
    e.recorded_at_us = static_cast<int64_t>(in.U8()) << 20;
    e.prev_hash = prev;
    stored.push_back(prio::storage::SealRecord(&e));
    prev = e.hash;
  }
  prev = Hash{};
  for (size_t i = 0; i < n; ++i) {
    Check(prio::storage::CheckChainLink(i + 1, stored[i], prev, &out).empty(),
          "a sealed chain verifies");
    prev = out.hash;
  }
  if (in.left() < 3) return 0;
  const size_t victim = in.U8() % n;
  const size_t offset = ((size_t{in.U8()} << 8) | in.U8()) % stored[victim].size();
  stored[victim][offset] ^= 0x01;
  // Every byte of a stored record is covered by its own link's checks (decoding,
  // position, prev_hash, hash over prev_hash and body).
  prev = Hash{};
  for (size_t i = 0; i < victim; ++i) {
    Check(prio::storage::CheckChainLink(i + 1, stored[i], prev, &out).empty(), "intact links");
    prev = out.hash;
  }
  Check(!prio::storage::CheckChainLink(victim + 1, stored[victim], prev, &out).empty(),
        "a flipped byte is found at its own link");
  return 0;
}
