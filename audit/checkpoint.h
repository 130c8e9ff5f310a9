// Signed checkpoints (proto/prio/v1/audit.proto): the canonical text a checkpoint
// signs, the Ed25519 keys that sign and verify it, and the client-side checks of
// checkpoints and of the proofs built on them. The server signs with it; the CLI and
// `priod verify` check with it; nothing here trusts the server.
#ifndef PRIO_AUDIT_CHECKPOINT_H_
#define PRIO_AUDIT_CHECKPOINT_H_

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "prio/v1/audit.pb.h"
#include "prio/v1/store.pb.h"

namespace prio::audit {

// The text a checkpoint's signature covers (audit.proto). Fields are taken as they
// are; hashes of the wrong length are printed as they are too (and then fail).
std::string SignedText(const v1::Checkpoint& c);

// An Ed25519 public key, as auditors pin it.
class PublicKey {
 public:
  // From SubjectPublicKeyInfo PEM. Errors: INVALID_ARGUMENT (not an Ed25519 key).
  static absl::StatusOr<PublicKey> FromPem(std::string_view pem);
  const std::string& pem() const { return pem_; }
  const std::string& key_id() const { return key_id_; }
  // OK if `signature` is this key's signature of `message`; DATA_LOSS otherwise.
  absl::Status Verify(std::string_view message, std::string_view signature) const;

 private:
  std::string pem_;
  std::string raw_;  // 32 bytes
  std::string key_id_;
};

// The public key in the PEM file at `path`. Errors: INVALID_ARGUMENT naming the file
// (unreadable, or not an Ed25519 public key).
absl::StatusOr<PublicKey> ReadPublicKeyFile(const std::string& path);

// The server's signing key.
class SigningKey {
 public:
  // A new random key (OpenSSL's CSPRNG).
  static absl::StatusOr<SigningKey> Generate();
  // From PKCS#8 PEM. Errors: INVALID_ARGUMENT (not an Ed25519 private key).
  static absl::StatusOr<SigningKey> FromPem(std::string_view pem);
  std::string PrivatePem() const;
  const PublicKey& public_key() const { return public_; }
  // Fills c->key_id and c->signature.
  absl::Status Sign(v1::Checkpoint* c) const;

 private:
  std::string private_pem_;
  std::string raw_private_;  // 32 bytes
  PublicKey public_;
};

// OK if `c` is well formed (32-byte hashes) and signed by `key`; DATA_LOSS naming
// what is wrong otherwise (another key, a changed size, root, head or time...).
absl::Status VerifyCheckpoint(const v1::Checkpoint& c, const PublicKey& key);

// The hash an event's content gives: SHA-256(prev_hash || canonical body), with the
// body of storage/record.h. DATA_LOSS if an id or hash has the wrong length.
absl::StatusOr<std::string> EventHash(const v1::RecordedEvent& e);

// EventHash, which must equal the event's stated hash — the leaf input of the Merkle
// tree. DATA_LOSS if it does not or a field cannot be encoded.
absl::StatusOr<std::string> RehashEvent(const v1::RecordedEvent& e);

// Client-side checks of proof answers: the checkpoint(s) signed by `key`, the event
// rehashed from its content and at the asked position, and the proof leading to the
// signed root(s). OK only if everything holds; DATA_LOSS naming the first thing that
// does not.
absl::Status VerifyInclusionAnswer(const v1::ProveInclusionResponse& answer, uint64_t position,
                                   const PublicKey& key);
absl::Status VerifyConsistencyAnswer(const v1::ProveConsistencyResponse& answer,
                                     const PublicKey& key);

}  // namespace prio::audit

#endif  // PRIO_AUDIT_CHECKPOINT_H_
