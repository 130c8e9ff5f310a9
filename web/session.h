// Signed-in browser sessions of the web front end, kept in memory (a restart of
// `prio web` signs everybody out; priod keeps every answer).
//
// A session exists only once signed in, under a fresh random id (no session fixation,
// and visitors who never sign in cost nothing); the sign-in form carries a stateless
// token instead (SignInToken). The browser holds only the id, in an HttpOnly;
// SameSite=Strict cookie; the prio token never leaves the server again. Sessions idle
// for `idle` end; at most `max_sessions` exist (the least recently used goes first).
//
// Thread-safe: every method may be called from any HTTP worker.
#ifndef PRIO_WEB_SESSION_H_
#define PRIO_WEB_SESSION_H_

#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "prio/v1/security.pb.h"

namespace prio::web {

struct Session {
  std::string id;    // the cookie's value: 32 random bytes, hex
  std::string csrf;  // every form's hidden field: 32 random bytes, hex
  // Empty until signed in.
  std::string token;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::string ags;        // a municipality token's AGS
  std::string principal;  // as priod records it
  std::string note;       // the token's note, shown as the user's name
  std::string flash;      // a message for the next page (then cleared)
  absl::Time last_used;

  bool signed_in() const { return !token.empty(); }
};

// 32 bytes from OpenSSL's CSPRNG as 64 hex digits. Aborts if the generator fails.
std::string RandomHex32();

// True if `a` and `b` are equal, in time independent of where they differ.
bool SameSecret(std::string_view a, std::string_view b);

class SessionStore {
 public:
  explicit SessionStore(absl::Duration idle = absl::Hours(8), std::size_t max_sessions = 10'000)
      : idle_(idle), max_sessions_(max_sessions) {}

  // A copy of the session with this id (its idle clock restarted), or nullopt if there
  // is none or it expired.
  std::optional<Session> Find(std::string_view id);
  // A new signed-in session for `token`, whom priod said it is; with a fresh id and
  // CSRF token.
  Session SignIn(const std::string& token, const v1::WhoAmIResponse& who);

  // The sign-in form's CSRF token: a random nonce, its expiry and an HMAC over both
  // under a key of this process. SignInTokenValid is true for one this store made in
  // the last 2 hours.
  std::string SignInToken();
  bool SignInTokenValid(std::string_view token);
  void SetFlash(std::string_view id, std::string message);
  // The flash message, cleared.
  std::string TakeFlash(std::string_view id);
  void End(std::string_view id);
  std::size_t size();

 private:
  void EvictLocked(absl::Time now);

  const absl::Duration idle_;
  const std::size_t max_sessions_;
  const std::string key_ = RandomHex32();  // the sign-in tokens' HMAC key
  std::mutex mu_;
  std::map<std::string, Session, std::less<>> sessions_;
};

}  // namespace prio::web

#endif  // PRIO_WEB_SESSION_H_
