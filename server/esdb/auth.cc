#include "server/esdb/auth.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/empty.pb.h"
#include "server/esdb/errors.h"
#include "server/security/authorizer.h"

namespace prio::server::esdb {
namespace {

absl::StatusOr<std::string> TokenOf(std::string_view header) {
  constexpr std::string_view kBasic = "Basic ";
  constexpr std::string_view kBearer = "Bearer ";
  if (header.substr(0, kBearer.size()) == kBearer) return std::string(header.substr(kBearer.size()));
  if (header.substr(0, kBasic.size()) == kBasic) {
    std::string decoded;
    if (!absl::Base64Unescape(absl::string_view(header.data() + kBasic.size(),
                                                header.size() - kBasic.size()),
                              &decoded) ||
        decoded.find(':') == std::string::npos) {
      return absl::UnauthenticatedError(
          "the Basic credentials are not base64 of \"user:password\"");
    }
    return decoded.substr(decoded.find(':') + 1);
  }
  return absl::UnauthenticatedError(
      "the authorization metadata must be \"Basic <base64 user:token>\" or \"Bearer <token>\"");
}

}  // namespace

absl::StatusOr<security::Principal> Authenticator::Authorize(const grpc::ServerContextBase& ctx,
                                                             std::string_view method) const {
  security::Principal caller;
  const auto& md = ctx.client_metadata();
  if (auto it = md.find("authorization"); it != md.end()) {
    absl::StatusOr<std::string> token =
        TokenOf(std::string_view(it->second.data(), it->second.size()));
    if (!token.ok()) return AccessDeniedError(token.status());
    absl::StatusOr<security::Principal> p = tokens_->Authenticate(*token);
    if (!p.ok()) return AccessDeniedError(p.status());
    caller = *std::move(p);
  } else if (anonymous_.has_value()) {
    caller = security::MakePrincipal(*anonymous_, "", "");
    caller.name = absl::StrCat("esdb-anonymous/", std::string(security::RoleName(*anonymous_)));
  } else {
    return AccessDeniedError(absl::UnauthenticatedError(
        "no credentials: connect with TLS and a prio token as the password "
        "(esdb://user:TOKEN@host:port?tls=true); over plaintext the clients send none, so "
        "priod refuses such calls unless started with --esdb-anonymous-role"));
  }
  if (absl::Status s = security::Authorizer::Check(caller, method, google::protobuf::Empty());
      !s.ok()) {
    return AccessDeniedError(s);
  }
  return caller;
}

}  // namespace prio::server::esdb
