#include "server/security/token_registry.h"

#include "absl/strings/str_cat.h"
#include "server/security/aead.h"
#include "common/absl_compat.h"
#include "storage/record.h"
#include "common/status_macros.h"

namespace prio::security {

std::string NewToken() {
  return absl::StrCat(ToAbsl(kTokenPrefix), storage::HexEncode(RandomBytes(32)));
}

std::string TokenHash(std::string_view token) {
  const storage::Hash h = storage::Sha256(token);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

std::string TokenId(std::string_view token_hash) {
  return storage::HexEncode(token_hash.substr(0, 6));
}

absl::Status TokenRegistry::Load(storage::EventStore& store) {
  {
    absl::MutexLock lock(&mu_);
    revision_ = -1;
    tokens_.clear();
    by_hash_.clear();
    by_id_.clear();
  }
  absl::StatusOr<std::vector<storage::RecordedEvent>> events =
      store.ReadStream({.stream = std::string(kTokensStream)});
  if (absl::IsNotFound(events.status())) return absl::OkStatus();
  PRIO_RETURN_IF_ERROR(events.status());
  for (const storage::RecordedEvent& e : *events) PRIO_RETURN_IF_ERROR(Apply(e));
  return absl::OkStatus();
}

absl::Status TokenRegistry::Apply(const storage::RecordedEvent& event) {
  if (event.stream != kTokensStream) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  revision_ = static_cast<int64_t>(event.revision);
  auto bad = [&] {
    return absl::DataLossError(
        absl::StrCat("token event at position ", event.position, " does not decode"));
  };
  if (event.type == "TokenCreated") {
    v1::TokenCreated e;
    if (!e.ParseFromString(event.data)) return bad();
    v1::TokenInfo info;
    info.set_token_id(e.token_id());
    info.set_role(e.role());
    info.set_ags(e.ags());
    info.set_note(e.note());
    info.set_issuer(e.issuer());
    info.set_created_at_us(event.recorded_at_us);
    info.set_created_position(event.position);
    by_hash_[e.token_sha256()] = tokens_.size();
    by_id_[e.token_id()] = tokens_.size();
    tokens_.push_back(std::move(info));
  } else if (event.type == "TokenRevoked") {
    v1::TokenRevoked e;
    if (!e.ParseFromString(event.data)) return bad();
    auto it = by_id_.find(e.token_id());
    if (it == by_id_.end()) return bad();
    v1::TokenInfo& info = tokens_[it->second];
    info.set_revoked(true);
    info.set_revoked_at_us(event.recorded_at_us);
    info.set_revoked_by(e.revoked_by());
    info.set_revoke_reason(e.reason());
  }
  return absl::OkStatus();
}

absl::StatusOr<Principal> TokenRegistry::Authenticate(std::string_view token) const {
  if (token.size() != kTokenPrefix.size() + 64 || token.substr(0, kTokenPrefix.size()) != kTokenPrefix) {
    return absl::UnauthenticatedError(
        "the bearer token is malformed (a prio token is \"prio_\" and 64 hex digits)");
  }
  const std::string hash = TokenHash(token);
  absl::ReaderMutexLock lock(&mu_);
  auto it = by_hash_.find(hash);
  if (it == by_hash_.end()) {
    return absl::UnauthenticatedError("the bearer token is not known to this server");
  }
  const v1::TokenInfo& info = tokens_[it->second];
  if (info.revoked()) {
    return absl::UnauthenticatedError(
        absl::StrCat("token ", info.token_id(), " was revoked; ask the provider for a new one"));
  }
  return MakePrincipal(info.role(), info.ags(), info.token_id());
}

std::vector<v1::TokenInfo> TokenRegistry::List(bool include_revoked) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<v1::TokenInfo> out;
  for (const v1::TokenInfo& t : tokens_) {
    if (include_revoked || !t.revoked()) out.push_back(t);
  }
  return out;
}

std::optional<v1::TokenInfo> TokenRegistry::Find(std::string_view token_id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = by_id_.find(ToAbsl(token_id));
  if (it == by_id_.end()) return std::nullopt;
  return tokens_[it->second];
}

int64_t TokenRegistry::revision() const {
  absl::ReaderMutexLock lock(&mu_);
  return revision_;
}

}  // namespace prio::security
