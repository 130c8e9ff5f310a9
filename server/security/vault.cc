#include "server/security/vault.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "server/security/aead.h"
#include "server/security/secret_file.h"
#include "common/absl_compat.h"
#include "storage/record.h"
#include "common/status_macros.h"

namespace prio::security {
namespace {

constexpr std::string_view kCheckKey = "master-check";
constexpr std::string_view kCheckAad = "prio master key check";
constexpr char kSealVersion = 0x01;

std::string KeyName(std::string_view ags) { return absl::StrCat("personal/", ToAbsl(ags)); }

std::string WrapAad(std::string_view ags, uint32_t generation) {
  return absl::StrCat("prio data key|", ToAbsl(ags), "|", generation);
}

std::string SealAad(std::string_view context, uint32_t generation) {
  return absl::StrCat(ToAbsl(context), "|", generation);
}

void PutU32(std::string* out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(v >> shift));
}

uint32_t GetU32(std::string_view in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

absl::StatusOr<std::string> ParseMasterKey(const std::string& path, std::string_view text) {
  const absl::string_view hex = absl::StripAsciiWhitespace(ToAbsl(text));
  bool ok = hex.size() == 2 * kKeyBytes;
  for (char c : hex) ok = ok && absl::ascii_isxdigit(static_cast<unsigned char>(c));
  if (!ok) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, " is not a master key (expected 64 hex digits)"));
  }
  return absl::HexStringToBytes(hex);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Vault>> Vault::Open(storage::EventStore* store,
                                                   const std::string& master_key_file) {
  PRIO_ASSIGN_OR_RETURN(std::optional<std::string> file, ReadSecretFile(master_key_file));
  PRIO_ASSIGN_OR_RETURN(std::optional<std::string> check, store->GetKey(kCheckKey));
  if (!file.has_value()) {
    if (check.has_value()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the master key file ", master_key_file,
          " is missing, but this store's data keys were wrapped with a master key; restore "
          "the file (or pass --master-key-file)"));
    }
    file = storage::HexEncode(RandomBytes(kKeyBytes)) + "\n";
    PRIO_RETURN_IF_ERROR(WriteSecretFile(master_key_file, *file));
  }
  PRIO_ASSIGN_OR_RETURN(std::string master, ParseMasterKey(master_key_file, *file));
  if (check.has_value()) {
    if (!security::Open(master, *check, kCheckAad).ok()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the master key in ", master_key_file,
          " is not the one that wrapped this store's data keys (was the file replaced?)"));
    }
  } else {
    PRIO_ASSIGN_OR_RETURN(std::string sealed, security::Seal(master, "ok", kCheckAad));
    PRIO_RETURN_IF_ERROR(store->PutKey(kCheckKey, sealed, /*purge=*/false));
  }
  return std::unique_ptr<Vault>(new Vault(store, std::move(master)));
}

absl::StatusOr<Vault::Record*> Vault::Load(std::string_view ags) {
  auto it = records_.find(ToAbsl(ags));
  if (it != records_.end()) return &it->second;
  Record r;
  PRIO_ASSIGN_OR_RETURN(std::optional<std::string> stored, store_->GetKey(KeyName(ags)));
  if (stored.has_value()) {
    if (stored->size() < 5) return absl::DataLossError("a data key record is truncated");
    r.live = (*stored)[0] == 1;
    r.generation = GetU32(std::string_view(*stored).substr(1));
    if (r.live) {
      PRIO_ASSIGN_OR_RETURN(r.key, security::Open(master_, std::string_view(*stored).substr(5),
                                                  WrapAad(ags, r.generation)));
    }
  }
  return &records_.emplace(std::string(ags), std::move(r)).first->second;
}

absl::StatusOr<std::string> Vault::Seal(std::string_view ags, std::string_view context,
                                        std::string_view plaintext) {
  absl::MutexLock lock(&mu_);
  PRIO_ASSIGN_OR_RETURN(Record * r, Load(ags));
  if (!r->live) {
    Record next{.live = true, .generation = r->generation + 1, .key = RandomBytes(kKeyBytes)};
    PRIO_ASSIGN_OR_RETURN(std::string wrapped,
                          security::Seal(master_, next.key, WrapAad(ags, next.generation)));
    std::string value(1, '\x01');
    PutU32(&value, next.generation);
    value += wrapped;
    PRIO_RETURN_IF_ERROR(store_->PutKey(KeyName(ags), value, /*purge=*/false));
    *r = std::move(next);
  }
  std::string out(1, kSealVersion);
  PutU32(&out, r->generation);
  PRIO_ASSIGN_OR_RETURN(std::string sealed,
                        security::Seal(r->key, plaintext, SealAad(context, r->generation)));
  return out + sealed;
}

absl::StatusOr<std::optional<std::string>> Vault::Open(std::string_view ags,
                                                       std::string_view context,
                                                       std::string_view sealed) {
  if (sealed.size() < 5 || sealed[0] != kSealVersion) {
    return absl::DataLossError("sealed personal data has an unknown format");
  }
  const uint32_t generation = GetU32(sealed.substr(1));
  absl::MutexLock lock(&mu_);
  PRIO_ASSIGN_OR_RETURN(Record * r, Load(ags));
  if (generation > r->generation) {
    return absl::DataLossError(absl::StrCat("personal data of ", ToAbsl(ags),
                                            " names a data key generation this store never had"));
  }
  if (!r->live || generation < r->generation) return std::nullopt;  // erased
  PRIO_ASSIGN_OR_RETURN(std::string plain,
                        security::Open(r->key, sealed.substr(5), SealAad(context, generation)));
  return plain;
}

absl::StatusOr<uint32_t> Vault::Generation(std::string_view ags) {
  absl::MutexLock lock(&mu_);
  PRIO_ASSIGN_OR_RETURN(Record * r, Load(ags));
  return r->generation;
}

absl::Status Vault::Erase(std::string_view ags, uint32_t generation) {
  absl::MutexLock lock(&mu_);
  PRIO_ASSIGN_OR_RETURN(Record * r, Load(ags));
  if (!r->live || r->generation > generation) return absl::OkStatus();
  std::string value(1, '\x00');
  PutU32(&value, r->generation);
  PRIO_RETURN_IF_ERROR(store_->PutKey(KeyName(ags), value, /*purge=*/true));
  r->live = false;
  r->key.clear();
  return absl::OkStatus();
}

}  // namespace prio::security
