// TokenRegistry: the bearer tokens priod accepts, folded from the "tokens" stream
// (TokenCreated, TokenRevoked). It holds only SHA-256 hashes of the tokens.
//
//   std::string token = NewToken();                  // shown to the user once
//   registry.Apply(event_that_created_it);           // after the append is durable
//   absl::StatusOr<Principal> p = registry.Authenticate(token);
//
// Thread-safe: many callers authenticate while the token commands apply their events.
#ifndef PRIO_SERVER_SECURITY_TOKEN_REGISTRY_H_
#define PRIO_SERVER_SECURITY_TOKEN_REGISTRY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "prio/v1/security.pb.h"
#include "server/security/principal.h"
#include "storage/event_store.h"

namespace prio::security {

inline constexpr std::string_view kTokensStream = "tokens";
inline constexpr std::string_view kTokenPrefix = "prio_";

// A new token: "prio_" + 64 hex digits of 256 random bits.
std::string NewToken();
// SHA-256 of the token string (32 raw bytes).
std::string TokenHash(std::string_view token);
// The token's id: the first 12 hex digits of its hash.
std::string TokenId(std::string_view token_hash);

class TokenRegistry {
 public:
  // Folds the "tokens" stream of `store` (replacing what was there).
  // Errors: those of EventStore::ReadStream (an absent stream is fine), DATA_LOSS (an
  // event that does not decode).
  absl::Status Load(storage::EventStore& store);

  // Folds one event of the "tokens" stream (others are ignored). Events must come
  // in stream order.
  absl::Status Apply(const storage::RecordedEvent& event);

  // The principal of `token`. Errors: UNAUTHENTICATED naming the problem (malformed,
  // unknown, revoked) without echoing the token.
  absl::StatusOr<Principal> Authenticate(std::string_view token) const;

  // Every token created (revoked ones only with `include_revoked`), oldest first.
  std::vector<v1::TokenInfo> List(bool include_revoked) const;
  std::optional<v1::TokenInfo> Find(std::string_view token_id) const;

  // The last revision of the "tokens" stream (-1: no token was ever created).
  int64_t revision() const;

 private:
  mutable absl::Mutex mu_;
  int64_t revision_ ABSL_GUARDED_BY(mu_) = -1;
  std::vector<v1::TokenInfo> tokens_ ABSL_GUARDED_BY(mu_);  // by creation
  absl::flat_hash_map<std::string, std::size_t> by_hash_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, std::size_t> by_id_ ABSL_GUARDED_BY(mu_);
};

}  // namespace prio::security

#endif  // PRIO_SERVER_SECURITY_TOKEN_REGISTRY_H_
