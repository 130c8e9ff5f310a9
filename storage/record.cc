#include "storage/record.h"

#include <openssl/evp.h>

#include <cstring>
#include <memory>

#include "absl/strings/str_cat.h"

namespace prio::storage {

Hash Sha256(std::string_view a, std::string_view b) {
  Hash out{};
  // Allocating a context per call costs more than hashing a small record; keep one
  // per thread.
  struct CtxDeleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  };
  thread_local std::unique_ptr<EVP_MD_CTX, CtxDeleter> holder(EVP_MD_CTX_new());
  EVP_MD_CTX* ctx = holder.get();
  unsigned int len = 0;
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  EVP_DigestUpdate(ctx, a.data(), a.size());
  if (!b.empty()) EVP_DigestUpdate(ctx, b.data(), b.size());
  EVP_DigestFinal_ex(ctx, out.data(), &len);
  return out;
}

void PutFixed64BE(std::string* out, uint64_t v) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out->append(buf, 8);
}

void PutFixed32BE(std::string* out, uint32_t v) {
  char buf[4];
  for (int i = 3; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out->append(buf, 4);
}

uint64_t DecodeFixed64BE(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

uint32_t DecodeFixed32BE(const char* p) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

namespace {

void PutBytes(std::string* out, std::string_view s) {
  PutFixed32BE(out, static_cast<uint32_t>(s.size()));
  out->append(s);
}

// A bounds-checked reader over a stored record.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  bool U8(uint8_t* v) {
    if (in_.size() < 1) return false;
    *v = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    return true;
  }
  bool U32(uint32_t* v) {
    if (in_.size() < 4) return false;
    *v = DecodeFixed32BE(in_.data());
    in_.remove_prefix(4);
    return true;
  }
  bool U64(uint64_t* v) {
    if (in_.size() < 8) return false;
    *v = DecodeFixed64BE(in_.data());
    in_.remove_prefix(8);
    return true;
  }
  bool Fixed(size_t n, std::string* out) {
    if (in_.size() < n) return false;
    out->assign(in_.data(), n);
    in_.remove_prefix(n);
    return true;
  }
  bool Bytes(std::string* out) {
    uint32_t n = 0;
    return U32(&n) && Fixed(n, out);
  }
  size_t remaining() const { return in_.size(); }
  const char* data() const { return in_.data(); }

 private:
  std::string_view in_;
};

constexpr size_t kTrailerBytes = 2 * sizeof(Hash);

}  // namespace

void EncodeBody(const RecordedEvent& e, std::string* out) {
  size_t size = 1 + 8 + 4 + e.stream.size() + 8 + kEventIdBytes + 4 + e.type.size() + 4 +
                e.data.size() + 4 + 8;
  for (const auto& [k, v] : e.metadata) size += 8 + k.size() + v.size();
  out->reserve(out->size() + size + kTrailerBytes);
  out->push_back(static_cast<char>(kRecordFormat));
  PutFixed64BE(out, e.position);
  PutBytes(out, e.stream);
  PutFixed64BE(out, e.revision);
  out->append(e.event_id.data(), kEventIdBytes);
  PutBytes(out, e.type);
  PutBytes(out, e.data);
  PutFixed32BE(out, static_cast<uint32_t>(e.metadata.size()));
  for (const auto& [k, v] : e.metadata) {  // std::map iterates in bytewise key order
    PutBytes(out, k);
    PutBytes(out, v);
  }
  PutFixed64BE(out, static_cast<uint64_t>(e.recorded_at_us));
}

std::string SealRecord(RecordedEvent* e) {
  std::string value;
  EncodeBody(*e, &value);
  e->hash = Sha256(AsStringView(e->prev_hash), value);
  value.append(AsStringView(e->prev_hash));
  value.append(AsStringView(e->hash));
  return value;
}

absl::StatusOr<RecordedEvent> DecodeRecord(std::string_view stored) {
  RecordedEvent e;
  absl::Status s = DecodeRecordInto(stored, &e);
  if (!s.ok()) return s;
  return e;
}

absl::Status DecodeRecordInto(std::string_view stored, RecordedEvent* out) {
  if (stored.size() < kTrailerBytes + 1) {
    return absl::DataLossError(absl::StrCat("record too short (", stored.size(), " bytes)"));
  }
  Reader r(stored.substr(0, stored.size() - kTrailerBytes));
  RecordedEvent& e = *out;
  uint8_t format = 0;
  uint32_t meta_count = 0;
  uint64_t recorded = 0;
  r.U8(&format);
  if (format != kRecordFormat) {
    return absl::DataLossError(absl::StrCat("unknown record format ", int{format}));
  }
  if (!r.U64(&e.position) || !r.Bytes(&e.stream) || !r.U64(&e.revision) ||
      !r.Fixed(kEventIdBytes, &e.event_id) || !r.Bytes(&e.type) || !r.Bytes(&e.data) ||
      !r.U32(&meta_count)) {
    return absl::DataLossError("record truncated before its metadata");
  }
  // Metadata: when the keys are those of the previous record (the common case in a
  // scan), only the values are assigned; no map nodes are allocated.
  bool same_keys = e.metadata.size() == meta_count;
  if (!same_keys) e.metadata.clear();
  auto it = e.metadata.begin();
  std::string key, value;
  for (uint32_t i = 0; i < meta_count; ++i) {
    if (!r.Bytes(&key) || !r.Bytes(&value)) {
      return absl::DataLossError(absl::StrCat("record truncated in metadata entry ", i));
    }
    if (same_keys && it->first == key) {
      it->second.assign(value);
      ++it;
      continue;
    }
    if (same_keys) {  // keys differ: rebuild from the entries decoded so far
      Metadata rebuilt(e.metadata.begin(), it);
      e.metadata = std::move(rebuilt);
      same_keys = false;
    }
    e.metadata.emplace_hint(e.metadata.end(), key, value);
  }
  if (!same_keys && e.metadata.size() != meta_count) {
    return absl::DataLossError("record metadata keys are not unique and sorted");
  }
  if (!r.U64(&recorded)) return absl::DataLossError("record truncated before its time");
  if (r.remaining() != 0) {
    return absl::DataLossError(absl::StrCat("record has ", r.remaining(), " trailing bytes"));
  }
  e.recorded_at_us = static_cast<int64_t>(recorded);
  const char* trailer = stored.data() + stored.size() - kTrailerBytes;
  std::memcpy(e.prev_hash.data(), trailer, sizeof(Hash));
  std::memcpy(e.hash.data(), trailer + sizeof(Hash), sizeof(Hash));
  return absl::OkStatus();
}

bool VerifyRecordHash(std::string_view stored) {
  if (stored.size() < kTrailerBytes) return false;
  const std::string_view body = stored.substr(0, stored.size() - kTrailerBytes);
  const std::string_view prev = stored.substr(body.size(), sizeof(Hash));
  const std::string_view hash = stored.substr(body.size() + sizeof(Hash));
  const Hash computed = Sha256(prev, body);
  return AsStringView(computed) == hash;
}

}  // namespace prio::storage
