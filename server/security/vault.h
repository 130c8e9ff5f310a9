// Vault: the per-municipality data keys that seal personal data in answers
// (domain/personal_data.h) — crypto-shredding.
//
// Each municipality gets a random 256-bit data key on its first personal data. Data
// keys live in the store's keys family (storage: outside the log, the hash chain and
// the snapshots), each wrapped (AES-256-GCM) with the server's master key, which lives
// in a file outside the store. Erase destroys the municipality's key for good (the
// keys family is flushed and compacted, so no old copy stays in a live file); every
// field it sealed then reads "[erased]", while the log and its hash chain, which hold
// only ciphertext, are unchanged. Later personal data of that municipality is sealed
// under a new key generation.
//
//   keys family: "personal/" ags -> u8 live | u32be generation | wrapped key (if live)
//   sealed field: 0x01 | u32be generation | nonce | ciphertext | tag
//                 (AAD: the need's context | generation)
//
// Thread-safe.
#ifndef PRIO_SERVER_SECURITY_VAULT_H_
#define PRIO_SERVER_SECURITY_VAULT_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "server/domain/personal_data.h"
#include "storage/event_store.h"

namespace prio::security {

// The stream of PersonalDataErased events.
inline constexpr std::string_view kPrivacyStream = "privacy";

class Vault final : public domain::PersonalDataCipher {
 public:
  // Opens the vault of `store` with the master key in `master_key_file` (64 hex
  // digits; created with a new random key, mode 0600, if the file does not exist and
  // the store has no data keys yet). `store` must outlive the vault.
  // Errors: FAILED_PRECONDITION (the file is readable by others, is malformed, is
  // missing although data keys exist, or holds another key than the one that wrapped
  // this store's data keys), UNAVAILABLE.
  static absl::StatusOr<std::unique_ptr<Vault>> Open(storage::EventStore* store,
                                                     const std::string& master_key_file);

  absl::StatusOr<std::string> Seal(std::string_view ags, std::string_view context,
                                   std::string_view plaintext) override;
  absl::StatusOr<std::optional<std::string>> Open(std::string_view ags,
                                                  std::string_view context,
                                                  std::string_view sealed) override;

  // The generation of the municipality's current data key (0: none; after an
  // erasure: the destroyed one's).
  absl::StatusOr<uint32_t> Generation(std::string_view ags);

  // Destroys the municipality's data keys up to `generation` (all of them if it is
  // the current one). Idempotent. Errors: UNAVAILABLE.
  absl::Status Erase(std::string_view ags, uint32_t generation);

 private:
  struct Record {
    bool live = false;
    uint32_t generation = 0;
    std::string key;  // the unwrapped data key (live only)
  };

  Vault(storage::EventStore* store, std::string master) : store_(store), master_(std::move(master)) {}
  absl::StatusOr<Record*> Load(std::string_view ags) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  storage::EventStore* const store_;
  const std::string master_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Record> records_ ABSL_GUARDED_BY(mu_);
};

}  // namespace prio::security

#endif  // PRIO_SERVER_SECURITY_VAULT_H_
