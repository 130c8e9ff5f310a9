// The canonical byte encoding of a recorded event, its hash chain, and the log's
// on-disk record format. This encoding is a published contract: an auditor can
// recompute every hash from it without prio's code. It does not depend on protobuf.
//
// Canonical encoding ("body") of a record, all integers big-endian:
//
//   field            bytes          notes
//   format           1              0x01
//   position         8  (u64)       global position, from 1
//   stream length    4  (u32)       then the stream name's UTF-8 bytes
//   revision         8  (u64)       revision in the stream, from 0
//   event id         16             as chosen by the writer
//   type length      4  (u32)       then the type name's bytes
//   data length      4  (u32)       then the payload bytes
//   metadata count   4  (u32)       then, per entry in ascending bytewise key order:
//                                     u32 key length, key bytes,
//                                     u32 value length, value bytes
//   recorded_at_us   8  (i64)       microseconds since 1970-01-01T00:00:00Z,
//                                   two's complement
//
// Hash chain:
//   prev_hash(1)   = 32 zero bytes
//   prev_hash(p)   = hash(p - 1)
//   hash(p)        = SHA-256(prev_hash(p) || body(p))
//
// Stored value in the log column family under key u64-big-endian(position):
//   body || prev_hash (32 bytes) || hash (32 bytes)
#ifndef PRIO_STORAGE_RECORD_H_
#define PRIO_STORAGE_RECORD_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/hex.h"
#include "storage/event_store.h"

namespace prio::storage {

inline constexpr uint8_t kRecordFormat = 1;

// SHA-256 of `a || b` (OpenSSL).
Hash Sha256(std::string_view a, std::string_view b = {});

// Appends the canonical body of `e` (every field but prev_hash and hash) to *out.
// `e.event_id` must be 16 bytes.
void EncodeBody(const RecordedEvent& e, std::string* out);

// Computes e->hash from e->prev_hash and the body and returns the full stored value.
std::string SealRecord(RecordedEvent* e);

// Parses a stored value. Errors: DATA_LOSS naming what is malformed (the caller adds
// the position). Does not check the hash; see VerifyRecordHash.
absl::StatusOr<RecordedEvent> DecodeRecord(std::string_view stored);

// The same into *out, reusing its string and metadata buffers (for scans that decode
// many records one after the other). On error *out is unspecified.
absl::Status DecodeRecordInto(std::string_view stored, RecordedEvent* out);

// True if `stored`'s hash equals SHA-256(its prev_hash || its body).
bool VerifyRecordHash(std::string_view stored);

// Big-endian fixed-width integers (also used for keys, so that they sort).
void PutFixed64BE(std::string* out, uint64_t v);
void PutFixed32BE(std::string* out, uint32_t v);
uint64_t DecodeFixed64BE(const char* p);
uint32_t DecodeFixed32BE(const char* p);

// Lower-case hex (common/hex.h), also for a Hash.
using prio::HexEncode;
inline std::string HexEncode(const Hash& h) {
  return HexEncode(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}
inline std::string_view AsStringView(const Hash& h) {
  return std::string_view(reinterpret_cast<const char*>(h.data()), h.size());
}

}  // namespace prio::storage

#endif  // PRIO_STORAGE_RECORD_H_
