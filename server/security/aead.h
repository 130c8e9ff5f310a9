// Authenticated encryption (AES-256-GCM, OpenSSL EVP) for the secrets prio keeps:
// personal data in event payloads and the data keys that seal them.
//
//   std::string sealed = *Seal(key, "Max Mustermann", "aad");   // nonce || ct || tag
//   absl::StatusOr<std::string> plain = Open(key, sealed, "aad");
//
// Every Seal draws a fresh random 96-bit nonce, so sealing the same text twice gives
// different bytes. Thread-safe.
#ifndef PRIO_SERVER_SECURITY_AEAD_H_
#define PRIO_SERVER_SECURITY_AEAD_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace prio::security {

inline constexpr std::size_t kKeyBytes = 32;
inline constexpr std::size_t kNonceBytes = 12;
inline constexpr std::size_t kTagBytes = 16;
inline constexpr std::size_t kSealOverhead = kNonceBytes + kTagBytes;

// `n` bytes from OpenSSL's CSPRNG. Aborts if it cannot deliver (never silently weak).
std::string RandomBytes(std::size_t n);

// Encrypts and authenticates `plaintext`, binding `aad`. `key` has kKeyBytes.
// Errors: INVALID_ARGUMENT (key size), INTERNAL (OpenSSL failed).
absl::StatusOr<std::string> Seal(std::string_view key, std::string_view plaintext,
                                 std::string_view aad);

// The plaintext, if `sealed` was made by Seal with this key and aad.
// Errors: INVALID_ARGUMENT (key size), DATA_LOSS (too short, tampered, other key or aad).
absl::StatusOr<std::string> Open(std::string_view key, std::string_view sealed,
                                 std::string_view aad);

}  // namespace prio::security

#endif  // PRIO_SERVER_SECURITY_AEAD_H_
