#include "server/security_service.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "server/domain/commands.h"
#include "server/domain/rules.h"
#include "server/domain/streams.h"
#include "server/grpc_status.h"
#include "server/security/aead.h"
#include "server/security/policy.h"
#include "server/security/secret_file.h"
#include "server/system_events.h"
#include "common/absl_compat.h"
#include "storage/record.h"
#include "common/status_macros.h"
#include "vocabulary/identifiers.h"

namespace prio::server {
namespace {

using security::Principal;

}  // namespace

absl::StatusOr<bool> SecurityService::Start(const std::string& admin_token_file) {
  PRIO_RETURN_IF_ERROR(tokens_->Load(*store_));
  absl::StatusOr<std::vector<storage::RecordedEvent>> erasures =
      store_->ReadStream({.stream = std::string(security::kPrivacyStream)});
  if (!erasures.ok() && !absl::IsNotFound(erasures.status())) return erasures.status();
  if (erasures.ok()) {
    for (const storage::RecordedEvent& e : *erasures) {
      v1::PersonalDataErased erased;
      if (e.type != "PersonalDataErased" || !erased.ParseFromString(e.data)) continue;
      PRIO_RETURN_IF_ERROR(vault_->Erase(erased.ags(), erased.key_generation()));
    }
  }
  if (tokens_->revision() >= 0) return false;
  // First start: the token goes to the file before the event is durable, so that an
  // acknowledged admin token is never lost (a crash in between leaves a file with an
  // unknown token, replaced on the next start).
  const std::string token = security::NewToken();
  PRIO_RETURN_IF_ERROR(security::WriteSecretFile(admin_token_file, token + "\n"));
  const std::string hash = security::TokenHash(token);
  v1::TokenCreated event;
  event.set_token_id(security::TokenId(hash));
  event.set_token_sha256(hash);
  event.set_role(v1::ROLE_ADMIN);
  event.set_note("first admin token, created by priod on its first start");
  event.set_issuer(security::ServerPrincipal().name);
  absl::MutexLock lock(&mu_);
  PRIO_RETURN_IF_ERROR(AppendTokenEvent(security::ServerPrincipal(), "Start", event).status());
  return true;
}

absl::StatusOr<uint64_t> SecurityService::AppendTokenEvent(const Principal& caller,
                                                           std::string_view command,
                                                           const google::protobuf::Message& event) {
  const int64_t revision = tokens_->revision();
  PRIO_ASSIGN_OR_RETURN(
      storage::RecordedEvent recorded,
      AppendOne(store_, caller.name, command, std::string(security::kTokensStream),
                revision < 0 ? storage::ExpectedRevision::NoStream()
                             : storage::ExpectedRevision::Exact(static_cast<uint64_t>(revision)),
                event));
  PRIO_RETURN_IF_ERROR(tokens_->Apply(recorded));
  return recorded.position;
}

absl::Status SecurityService::CheckRegistered(const std::string& ags) const {
  if (absl::Status s = vocab::ValidateAgs(ags); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("ags: ", s.message()));
  }
  // Read your writes: a municipality imported a moment ago is in the log, and the
  // projection may not have applied it yet.
  PRIO_RETURN_IF_ERROR(projection_->CatchUp());
  bool known = false;
  projection_->Read(
      [&](const domain::SurveyState& s) { known = s.FindMunicipality(ags) != nullptr; });
  if (known) return absl::OkStatus();
  return absl::NotFoundError(
      absl::StrCat("ags: municipality ", ags, " is not registered (import it first)"));
}

absl::StatusOr<v1::CreateTokenResponse> SecurityService::Create(
    const Principal& issuer, const v1::CreateTokenRequest& request) {
  if (request.role() == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(request.role())) {
    return absl::InvalidArgumentError(
        "role: choose admin, municipality (with ags), service or auditor");
  }
  if (request.role() == v1::ROLE_MUNICIPALITY) {
    PRIO_RETURN_IF_ERROR(CheckRegistered(request.ags()));
  } else if (!request.ags().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ags: only municipality tokens are bound to a municipality, not ",
        ToAbsl(security::RoleName(request.role())), " tokens"));
  }
  PRIO_RETURN_IF_ERROR(domain::rules::CheckText("note", request.note(), 0, 200));

  const std::string token = security::NewToken();
  const std::string hash = security::TokenHash(token);
  v1::TokenCreated event;
  event.set_token_id(security::TokenId(hash));
  event.set_token_sha256(hash);
  event.set_role(request.role());
  event.set_ags(request.ags());
  event.set_note(request.note());
  event.set_issuer(issuer.name);
  absl::MutexLock lock(&mu_);
  if (tokens_->Find(event.token_id()).has_value()) {
    return absl::InternalError("token id collision; create the token again");
  }
  PRIO_RETURN_IF_ERROR(AppendTokenEvent(issuer, "CreateToken", event).status());
  v1::CreateTokenResponse response;
  response.set_token(token);
  *response.mutable_info() = *tokens_->Find(event.token_id());
  return response;
}

absl::StatusOr<v1::TokenInfo> SecurityService::Revoke(const Principal& caller,
                                                      const v1::RevokeTokenRequest& request) {
  PRIO_RETURN_IF_ERROR(domain::rules::CheckText("reason", request.reason(), 0, 200));
  absl::MutexLock lock(&mu_);
  std::optional<v1::TokenInfo> info = tokens_->Find(request.token_id());
  if (!info.has_value()) {
    return absl::NotFoundError(absl::StrCat("token_id: no token \"",
                                            request.token_id().substr(0, 40),
                                            "\" (prio token list shows the ids)"));
  }
  if (info->revoked()) {
    return absl::FailedPreconditionError(
        absl::StrCat("token ", info->token_id(), " is already revoked"));
  }
  if (info->role() == v1::ROLE_ADMIN) {
    int admins = 0;
    for (const v1::TokenInfo& t : tokens_->List(false)) admins += t.role() == v1::ROLE_ADMIN;
    if (admins <= 1) {
      return absl::FailedPreconditionError(absl::StrCat(
          "token ", info->token_id(),
          " is the last admin token; create another admin token before revoking it"));
    }
  }
  v1::TokenRevoked event;
  event.set_token_id(info->token_id());
  event.set_reason(request.reason());
  event.set_revoked_by(caller.name);
  PRIO_RETURN_IF_ERROR(AppendTokenEvent(caller, "RevokeToken", event).status());
  return *tokens_->Find(info->token_id());
}

absl::StatusOr<v1::ErasePersonalDataResponse> SecurityService::Erase(
    const Principal& caller, const v1::ErasePersonalDataRequest& request) {
  PRIO_RETURN_IF_ERROR(CheckRegistered(request.ags()));
  PRIO_RETURN_IF_ERROR(domain::rules::CheckText("reason", request.reason(), 1, 200));
  absl::MutexLock lock(&mu_);
  PRIO_ASSIGN_OR_RETURN(uint32_t generation, vault_->Generation(request.ags()));
  v1::PersonalDataErased event;
  event.set_ags(request.ags());
  event.set_key_generation(generation);
  event.set_reason(request.reason());
  event.set_erased_by(caller.name);
  // Recorded first, destroyed second: a crash in between is finished by Start().
  PRIO_ASSIGN_OR_RETURN(storage::RecordedEvent recorded,
                        AppendOne(store_, caller.name, "ErasePersonalData",
                                  std::string(security::kPrivacyStream), storage::ExpectedRevision::Any(),
                                  event));
  PRIO_RETURN_IF_ERROR(vault_->Erase(request.ags(), generation));
  v1::ErasePersonalDataResponse response;
  response.set_position(recorded.position);
  response.set_key_generation(generation);
  return response;
}

grpc::ServerUnaryReactor* SecurityService::CreateToken(grpc::CallbackServerContext* ctx,
                                                       const v1::CreateTokenRequest* request,
                                                       v1::CreateTokenResponse* response) {
  return Run(ctx, "Security/CreateToken", request, [this, request, response](const Principal& c) {
    absl::StatusOr<v1::CreateTokenResponse> r = Create(c, *request);
    if (r.ok()) *response = *std::move(r);
    return r.status();
  });
}

grpc::ServerUnaryReactor* SecurityService::RevokeToken(grpc::CallbackServerContext* ctx,
                                                       const v1::RevokeTokenRequest* request,
                                                       v1::RevokeTokenResponse* response) {
  return Run(ctx, "Security/RevokeToken", request, [this, request, response](const Principal& c) {
    absl::StatusOr<v1::TokenInfo> r = Revoke(c, *request);
    if (r.ok()) *response->mutable_info() = *std::move(r);
    return r.status();
  });
}

grpc::ServerUnaryReactor* SecurityService::ListTokens(grpc::CallbackServerContext* ctx,
                                                      const v1::ListTokensRequest* request,
                                                      v1::ListTokensResponse* response) {
  return Run(ctx, "Security/ListTokens", request, [this, request, response](const Principal&) {
    for (v1::TokenInfo& t : tokens_->List(request->include_revoked())) {
      *response->add_tokens() = std::move(t);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SecurityService::WhoAmI(grpc::CallbackServerContext* ctx,
                                                  const v1::WhoAmIRequest* request,
                                                  v1::WhoAmIResponse* response) {
  return Run(ctx, "Security/WhoAmI", request, [this, response](const Principal& c) {
    response->set_principal(c.name);
    if (std::optional<v1::TokenInfo> t = tokens_->Find(c.token_id)) {
      *response->mutable_token() = *std::move(t);
    }
    for (const security::MethodPolicy& p : security::Policies()) {
      if ((p.roles & security::RoleBit(c.role)) != 0) {
        response->add_allowed(std::string(p.method));
      }
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SecurityService::ErasePersonalData(
    grpc::CallbackServerContext* ctx, const v1::ErasePersonalDataRequest* request,
    v1::ErasePersonalDataResponse* response) {
  return Run(ctx, "Security/ErasePersonalData", request,
             [this, request, response](const Principal& c) {
               absl::StatusOr<v1::ErasePersonalDataResponse> r = Erase(c, *request);
               if (r.ok()) *response = *std::move(r);
               return r.status();
             });
}

}  // namespace prio::server
