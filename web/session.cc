#include "web/session.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

#include "absl/time/clock.h"
#include "common/hex.h"

namespace prio::web {

std::string RandomHex32() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    std::fputs("prio web: the random number generator failed\n", stderr);
    std::abort();
  }
  return HexEncode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool SameSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

Session SessionStore::Create() {
  Session s;
  s.id = RandomHex32();
  s.csrf = RandomHex32();
  s.last_used = absl::Now();
  std::lock_guard lock(mu_);
  EvictLocked(s.last_used);
  sessions_[s.id] = s;
  return s;
}

std::optional<Session> SessionStore::Find(std::string_view id) {
  const absl::Time now = absl::Now();
  std::lock_guard lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  if (now - it->second.last_used > idle_) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second;
}

std::optional<Session> SessionStore::SignIn(std::string_view id, const std::string& token,
                                            const v1::WhoAmIResponse& who) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  Session s = std::move(it->second);
  sessions_.erase(it);
  s.id = RandomHex32();
  s.csrf = RandomHex32();
  s.token = token;
  s.role = who.token().role();
  s.ags = who.token().ags();
  s.principal = who.principal();
  s.note = who.token().note();
  s.last_used = absl::Now();
  sessions_[s.id] = s;
  return s;
}

void SessionStore::SetFlash(std::string_view id, std::string message) {
  std::lock_guard lock(mu_);
  if (auto it = sessions_.find(id); it != sessions_.end()) it->second.flash = std::move(message);
}

std::string SessionStore::TakeFlash(std::string_view id) {
  std::lock_guard lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return "";
  return std::exchange(it->second.flash, "");
}

void SessionStore::End(std::string_view id) {
  std::lock_guard lock(mu_);
  if (auto it = sessions_.find(id); it != sessions_.end()) sessions_.erase(it);
}

std::size_t SessionStore::size() {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

void SessionStore::EvictLocked(absl::Time now) {
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    it = now - it->second.last_used > idle_ ? sessions_.erase(it) : std::next(it);
  }
  while (sessions_.size() >= max_sessions_) {
    auto oldest = sessions_.begin();
    for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
      if (it->second.last_used < oldest->second.last_used) oldest = it;
    }
    sessions_.erase(oldest);
  }
}

}  // namespace prio::web
