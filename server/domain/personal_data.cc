#include "server/domain/personal_data.h"

#include "absl/strings/str_cat.h"
#include "server/domain/commands.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"

namespace prio::domain {
namespace {

// Binds a sealed blob to the one need it belongs to: it cannot be moved to another
// municipality, round or service unnoticed.
std::string Context(std::string_view ags, std::string_view round_id, const v1::Need& need) {
  return absl::StrCat("prio.v1.Need.sealed_personal|", ToAbsl(ags), "|", ToAbsl(round_id), "|",
                      need.service_id());
}

}  // namespace

bool HasPersonalData(const v1::Need& need) {
  return !need.comment().empty() || !need.contact_name().empty() ||
         !need.contact_email().empty();
}

absl::Status SealNeed(PersonalDataCipher* cipher, std::string_view ags,
                      std::string_view round_id, v1::Need* need) {
  if (cipher == nullptr || !HasPersonalData(*need)) return absl::OkStatus();
  v1::PersonalData data;
  data.set_comment(need->comment());
  data.set_contact_name(need->contact_name());
  data.set_contact_email(need->contact_email());
  PRIO_ASSIGN_OR_RETURN(std::string sealed,
                        cipher->Seal(ags, Context(ags, round_id, *need),
                                     SerializeDeterministic(data)));
  need->clear_comment();
  need->clear_contact_name();
  need->clear_contact_email();
  need->set_sealed_personal(std::move(sealed));
  return absl::OkStatus();
}

absl::Status OpenNeed(PersonalDataCipher* cipher, std::string_view ags,
                      std::string_view round_id, v1::Need* need) {
  if (need->sealed_personal().empty()) return absl::OkStatus();
  if (cipher == nullptr) {
    return absl::FailedPreconditionError("sealed personal data but no key to open it");
  }
  PRIO_ASSIGN_OR_RETURN(std::optional<std::string> plain,
                        cipher->Open(ags, Context(ags, round_id, *need), need->sealed_personal()));
  need->clear_sealed_personal();
  if (!plain.has_value()) {
    need->set_comment(std::string(kErased));
    need->set_contact_name(std::string(kErased));
    need->set_contact_email(std::string(kErased));
    return absl::OkStatus();
  }
  v1::PersonalData data;
  if (!data.ParseFromString(*plain)) {
    return absl::DataLossError("sealed personal data does not decode");
  }
  need->set_comment(data.comment());
  need->set_contact_name(data.contact_name());
  need->set_contact_email(data.contact_email());
  return absl::OkStatus();
}

}  // namespace prio::domain
