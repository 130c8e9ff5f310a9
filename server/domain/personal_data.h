// Personal data in answers: a need's comment, contact name and contact e-mail are
// personal data that GDPR lets people have erased — in a log that is never rewritten.
// They are therefore kept in the log only sealed (Need.sealed_personal) under the
// municipality's data key; destroying that key (crypto-shredding) erases them
// everywhere at once while the log, its hash chain, rankings and plans stay as they
// are. The cipher is an interface so that the domain stays free of key management
// (server/security/vault.h implements it).
#ifndef PRIO_SERVER_DOMAIN_PERSONAL_DATA_H_
#define PRIO_SERVER_DOMAIN_PERSONAL_DATA_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "prio/v1/events.pb.h"

namespace prio::domain {

// What an erased field reads as.
inline constexpr std::string_view kErased = "[erased]";

class PersonalDataCipher {
 public:
  virtual ~PersonalDataCipher() = default;
  // Seals `plaintext` under the current data key of municipality `ags`, bound to
  // `context`. Errors: UNAVAILABLE (the key cannot be stored), INTERNAL.
  virtual absl::StatusOr<std::string> Seal(std::string_view ags, std::string_view context,
                                           std::string_view plaintext) = 0;
  // The plaintext, or nullopt if the key that sealed it was destroyed.
  // Errors: DATA_LOSS (not sealed by this server for this ags and context).
  virtual absl::StatusOr<std::optional<std::string>> Open(std::string_view ags,
                                                          std::string_view context,
                                                          std::string_view sealed) = 0;
};

bool HasPersonalData(const v1::Need& need);

// Moves the need's personal fields into sealed_personal (nothing to do if they are
// all empty). Without a cipher the fields stay in plain text (domain unit tests).
absl::Status SealNeed(PersonalDataCipher* cipher, std::string_view ags,
                      std::string_view round_id, v1::Need* need);

// The reverse for readers: fills the personal fields from sealed_personal ("[erased]"
// each, once the key is gone) and clears it. Errors: those of Open.
absl::Status OpenNeed(PersonalDataCipher* cipher, std::string_view ags,
                      std::string_view round_id, v1::Need* need);

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_PERSONAL_DATA_H_
