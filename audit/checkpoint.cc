#include "audit/checkpoint.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/merkle.h"
#include "storage/record.h"
#include "common/status_macros.h"
#include "common/files.h"

namespace prio::audit {
namespace {

using storage::Hash;

struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

std::string Hex(std::string_view bytes) { return HexEncode(bytes); }

std::string KeyId(std::string_view raw_public) {
  const Hash h = storage::Sha256(raw_public);
  return Hex(std::string_view(reinterpret_cast<const char*>(h.data()), 8));
}

absl::StatusOr<std::string> RawPublic(EVP_PKEY* key) {
  std::string raw(32, '\0');
  size_t len = raw.size();
  if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(raw.data()), &len) != 1 ||
      len != 32) {
    return absl::InvalidArgumentError("not an Ed25519 key");
  }
  return raw;
}

absl::StatusOr<std::string> PublicPem(EVP_PKEY* key) {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) {
    return absl::InternalError("cannot encode the public key");
  }
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(n));
}

absl::StatusOr<Hash> AsHash(std::string_view bytes, std::string_view what) {
  if (bytes.size() != 32) {
    return absl::DataLossError(
        absl::StrCat(std::string(what), " has ", bytes.size(), " bytes instead of 32"));
  }
  Hash h;
  std::copy(bytes.begin(), bytes.end(), h.begin());
  return h;
}

absl::StatusOr<std::vector<Hash>> ProofHashes(
    const google::protobuf::RepeatedPtrField<std::string>& proof) {
  if (proof.size() > static_cast<int>(storage::merkle::kMaxProofLength)) {
    return absl::DataLossError(absl::StrCat("proof of ", proof.size(), " hashes is too long"));
  }
  std::vector<Hash> out;
  for (int i = 0; i < proof.size(); ++i) {
    PRIO_ASSIGN_OR_RETURN(auto h, AsHash(proof[i], absl::StrCat("proof hash ", i + 1)));
    out.push_back(h);
  }
  return out;
}

}  // namespace

std::string SignedText(const v1::Checkpoint& c) {
  return absl::StrCat("prio checkpoint v1\n", "tree_size ", c.tree_size(), "\n", "root ",
                      Hex(c.root_hash()), "\n", "head ", Hex(c.head_hash()), "\n",
                      "issued_at_us ", c.issued_at_us(), "\n", "key ", c.key_id(), "\n");
}

absl::StatusOr<PublicKey> ReadPublicKeyFile(const std::string& path) {
  absl::StatusOr<std::string> pem = ReadFile(path);
  if (!pem.ok()) return absl::InvalidArgumentError(pem.status().message());
  absl::StatusOr<PublicKey> key = PublicKey::FromPem(*pem);
  if (!key.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", key.status().message()));
  }
  return key;
}

absl::StatusOr<PublicKey> PublicKey::FromPem(std::string_view pem) {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) {
    return absl::InvalidArgumentError("not an Ed25519 public key in PEM (SubjectPublicKeyInfo)");
  }
  PublicKey out;
  PRIO_ASSIGN_OR_RETURN(auto raw, RawPublic(key.get()));
  PRIO_ASSIGN_OR_RETURN(auto canonical_pem, PublicPem(key.get()));
  out.raw_ = raw;
  out.pem_ = canonical_pem;
  out.key_id_ = KeyId(raw);
  return out;
}

absl::Status PublicKey::Verify(std::string_view message, std::string_view signature) const {
  Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                       reinterpret_cast<const unsigned char*>(raw_.data()),
                                       raw_.size()));
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) {
    return absl::InternalError("cannot set up Ed25519 verification");
  }
  if (signature.size() != 64 ||
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(message.data()),
                       message.size()) != 1) {
    return absl::DataLossError(absl::StrCat("the signature is not key ", key_id_, "'s"));
  }
  return absl::OkStatus();
}

absl::StatusOr<SigningKey> SigningKey::Generate() {
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), &EVP_PKEY_CTX_free);
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_keygen(ctx.get(), &raw) != 1) {
    return absl::InternalError("cannot generate an Ed25519 key");
  }
  Pkey key(raw);
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                       nullptr) != 1) {
    return absl::InternalError("cannot encode the Ed25519 key");
  }
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio.get(), &data);
  return FromPem(std::string_view(data, static_cast<size_t>(n)));
}

absl::StatusOr<SigningKey> SigningKey::FromPem(std::string_view pem) {
  std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) {
    return absl::InvalidArgumentError("not an Ed25519 private key in PEM (PKCS#8)");
  }
  SigningKey out;
  out.private_pem_ = std::string(pem);
  out.raw_private_.resize(32);
  size_t len = 32;
  if (EVP_PKEY_get_raw_private_key(key.get(), reinterpret_cast<unsigned char*>(
                                                   out.raw_private_.data()),
                                   &len) != 1) {
    return absl::InvalidArgumentError("cannot read the Ed25519 private key");
  }
  PRIO_ASSIGN_OR_RETURN(auto pem_public, PublicPem(key.get()));
  PRIO_ASSIGN_OR_RETURN(auto pub, PublicKey::FromPem(pem_public));
  out.public_ = pub;
  return out;
}

std::string SigningKey::PrivatePem() const { return private_pem_; }

absl::Status SigningKey::Sign(v1::Checkpoint* c) const {
  c->set_key_id(public_.key_id());
  const std::string text = SignedText(*c);
  Pkey key(EVP_PKEY_new_raw_private_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(raw_private_.data()),
      raw_private_.size()));
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  std::string sig(64, '\0');
  size_t len = sig.size();
  if (!key || !ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1 ||
      len != 64) {
    return absl::InternalError("Ed25519 signing failed");
  }
  c->set_signature(sig);
  return absl::OkStatus();
}

absl::Status VerifyCheckpoint(const v1::Checkpoint& c, const PublicKey& key) {
  const std::string name = absl::StrCat("checkpoint ", c.tree_size());
  if (c.root_hash().size() != 32 || c.head_hash().size() != 32) {
    return absl::DataLossError(absl::StrCat(name, " is malformed (hashes must be 32 bytes)"));
  }
  if (c.key_id() != key.key_id()) {
    return absl::DataLossError(absl::StrCat(name, " names key ", c.key_id(),
                                            ", not the trusted key ", key.key_id()));
  }
  if (c.tree_size() == 0 && c.head_hash() != std::string(32, '\0')) {
    return absl::DataLossError(absl::StrCat(name, " of an empty log names a head"));
  }
  absl::Status s = key.Verify(SignedText(c), c.signature());
  if (!s.ok()) {
    return absl::DataLossError(
        absl::StrCat(name, "'s signature does not match its content: ", s.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> EventHash(const v1::RecordedEvent& e) {
  if (e.event_id().size() != storage::kEventIdBytes) {
    return absl::DataLossError("the event's id is not 16 bytes");
  }
  if (e.prev_hash().size() != 32 || e.hash().size() != 32) {
    return absl::DataLossError("the event's hashes are not 32 bytes");
  }
  storage::RecordedEvent r;
  r.position = e.position();
  r.stream = e.stream();
  r.revision = e.revision();
  r.event_id = e.event_id();
  r.type = e.type();
  r.data = e.data();
  r.metadata = storage::Metadata(e.metadata().begin(), e.metadata().end());
  r.recorded_at_us = e.recorded_at_us();
  std::string body;
  storage::EncodeBody(r, &body);
  return std::string(storage::AsStringView(storage::Sha256(e.prev_hash(), body)));
}

absl::StatusOr<std::string> RehashEvent(const v1::RecordedEvent& e) {
  PRIO_ASSIGN_OR_RETURN(std::string rehashed, EventHash(e));
  if (rehashed != e.hash()) {
    return absl::DataLossError(absl::StrCat("the event at position ", e.position(),
                                            " hashes to ", Hex(rehashed),
                                            ", not to its stated hash ", Hex(e.hash())));
  }
  return rehashed;
}

absl::Status VerifyInclusionAnswer(const v1::ProveInclusionResponse& answer, uint64_t position,
                                   const PublicKey& key) {
  const v1::Checkpoint& c = answer.checkpoint();
  if (absl::Status s = VerifyCheckpoint(c, key); !s.ok()) return s;
  if (answer.event().position() != position) {
    return absl::DataLossError(absl::StrCat("asked for position ", position,
                                            ", the answer holds the event at ",
                                            answer.event().position()));
  }
  PRIO_ASSIGN_OR_RETURN(auto event_hash, RehashEvent(answer.event()));
  if (position == c.tree_size() && event_hash != c.head_hash()) {
    return absl::DataLossError(
        absl::StrCat("the event at position ", position, " is not checkpoint ", c.tree_size(),
                     "'s head"));
  }
  PRIO_ASSIGN_OR_RETURN(auto proof, ProofHashes(answer.proof()));
  PRIO_ASSIGN_OR_RETURN(auto root, AsHash(c.root_hash(), "the root"));
  if (position == 0) return absl::DataLossError("position 0 holds no event");
  absl::Status s = storage::merkle::VerifyInclusion(
      position - 1, c.tree_size(), storage::merkle::LeafHash(event_hash), proof, root);
  if (!s.ok()) {
    return absl::DataLossError(absl::StrCat("position ", position, " is not proven in checkpoint ",
                                            c.tree_size(), ": ", s.message()));
  }
  return absl::OkStatus();
}

absl::Status VerifyConsistencyAnswer(const v1::ProveConsistencyResponse& answer,
                                     const PublicKey& key) {
  if (absl::Status s = VerifyCheckpoint(answer.from(), key); !s.ok()) return s;
  if (absl::Status s = VerifyCheckpoint(answer.to(), key); !s.ok()) return s;
  PRIO_ASSIGN_OR_RETURN(auto proof, ProofHashes(answer.proof()));
  PRIO_ASSIGN_OR_RETURN(auto from_root, AsHash(answer.from().root_hash(), "the first root"));
  PRIO_ASSIGN_OR_RETURN(auto to_root, AsHash(answer.to().root_hash(), "the second root"));
  absl::Status s = storage::merkle::VerifyConsistency(
      answer.from().tree_size(), answer.to().tree_size(), from_root, to_root, proof);
  if (!s.ok()) {
    return absl::DataLossError(absl::StrCat("checkpoint ", answer.to().tree_size(),
                                            " is not proven to extend checkpoint ",
                                            answer.from().tree_size(), ": ", s.message()));
  }
  return absl::OkStatus();
}

}  // namespace prio::audit
