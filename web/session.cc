#include "web/session.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/absl_compat.h"
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

Session SessionStore::SignIn(const std::string& token, const v1::WhoAmIResponse& who) {
  Session s;
  s.id = RandomHex32();
  s.csrf = RandomHex32();
  s.token = token;
  s.role = who.token().role();
  s.ags = who.token().ags();
  s.principal = who.principal();
  s.note = who.token().note();
  s.last_used = absl::Now();
  std::lock_guard lock(mu_);
  EvictLocked(s.last_used);
  sessions_[s.id] = s;
  return s;
}

namespace {

std::string Mac(std::string_view key, std::string_view text) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac, &n);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(mac), n));
}

}  // namespace

std::string SessionStore::SignInToken() {
  const std::string body = absl::StrCat(RandomHex32().substr(0, 32), ".",
                                        absl::ToUnixSeconds(absl::Now() + absl::Hours(2)));
  return absl::StrCat(body, ".", Mac(key_, body));
}

bool SessionStore::SignInTokenValid(std::string_view token) {
  const size_t dot = token.rfind('.');
  if (dot == std::string_view::npos) return false;
  const std::string_view body = token.substr(0, dot);
  if (!SameSecret(token.substr(dot + 1), Mac(key_, body))) return false;
  int64_t expires = 0;
  const size_t first = body.find('.');
  return first != std::string_view::npos &&
         absl::SimpleAtoi(ToAbsl(body.substr(first + 1)), &expires) &&
         absl::FromUnixSeconds(expires) > absl::Now();
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
