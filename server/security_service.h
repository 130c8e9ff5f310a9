// SecurityService: prio.v1.Security — bearer tokens (create, revoke, list, who am I)
// and the erasure of a municipality's personal data (crypto-shredding, vault.h).
//
// Token changes are events of the "tokens" stream, appended one at a time (a mutex
// orders them; the expected revision guards the stream) and applied to the
// TokenRegistry once durable, so a revoked token is refused from the moment the
// revocation is acknowledged. An erasure appends PersonalDataErased to "privacy" and
// then destroys the key; Start() destroys any key whose erasure was recorded but not
// carried out (a crash in between).
#ifndef PRIO_SERVER_SECURITY_SERVICE_H_
#define PRIO_SERVER_SECURITY_SERVICE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "prio/v1/security.grpc.pb.h"
#include "server/authorized_call.h"
#include "server/security/authorizer.h"
#include "server/security/token_registry.h"
#include "server/security/vault.h"
#include "server/survey_projection.h"
#include "server/worker_pool.h"
#include "storage/event_store.h"

namespace prio::server {

class SecurityService final : public v1::Security::CallbackService {
 public:
  // All must outlive the service.
  SecurityService(storage::EventStore* store, SurveyProjection* projection,
                  security::TokenRegistry* tokens, security::Vault* vault,
                  const security::Authorizer* authorizer, WorkerPool* workers)
      : store_(store),
        projection_(projection),
        tokens_(tokens),
        vault_(vault),
        authorizer_(authorizer),
        workers_(workers) {}

  // Loads the tokens, finishes recorded erasures, and on a store without any token
  // creates the first admin token and writes it to `admin_token_file` (mode 0600).
  // Returns whether it created one. Errors: those of the store, the vault and the file.
  absl::StatusOr<bool> Start(const std::string& admin_token_file);

  grpc::ServerUnaryReactor* CreateToken(grpc::CallbackServerContext* ctx,
                                        const v1::CreateTokenRequest* request,
                                        v1::CreateTokenResponse* response) override;
  grpc::ServerUnaryReactor* RevokeToken(grpc::CallbackServerContext* ctx,
                                        const v1::RevokeTokenRequest* request,
                                        v1::RevokeTokenResponse* response) override;
  grpc::ServerUnaryReactor* ListTokens(grpc::CallbackServerContext* ctx,
                                       const v1::ListTokensRequest* request,
                                       v1::ListTokensResponse* response) override;
  grpc::ServerUnaryReactor* WhoAmI(grpc::CallbackServerContext* ctx,
                                   const v1::WhoAmIRequest* request,
                                   v1::WhoAmIResponse* response) override;
  grpc::ServerUnaryReactor* ErasePersonalData(grpc::CallbackServerContext* ctx,
                                              const v1::ErasePersonalDataRequest* request,
                                              v1::ErasePersonalDataResponse* response) override;

 private:
  // Authorizes, then runs `body(caller)` on the worker pool (authorized_call.h).
  template <typename Request, typename Body>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* ctx, std::string_view method,
                                const Request* request, Body body) {
    return RunAuthorized(ctx, *authorizer_, *workers_, method, *request, std::move(body));
  }

  // INVALID_ARGUMENT for a malformed AGS, NOT_FOUND for one not registered.
  absl::Status CheckRegistered(const std::string& ags) const;
  absl::StatusOr<v1::CreateTokenResponse> Create(const security::Principal& issuer,
                                                 const v1::CreateTokenRequest& request);
  absl::StatusOr<v1::TokenInfo> Revoke(const security::Principal& caller,
                                       const v1::RevokeTokenRequest& request);
  absl::StatusOr<v1::ErasePersonalDataResponse> Erase(
      const security::Principal& caller, const v1::ErasePersonalDataRequest& request);
  // Appends one event of `command` by `caller` to the tokens stream and applies it.
  absl::StatusOr<uint64_t> AppendTokenEvent(const security::Principal& caller,
                                            std::string_view command,
                                            const google::protobuf::Message& event)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  storage::EventStore* const store_;
  SurveyProjection* const projection_;
  security::TokenRegistry* const tokens_;
  security::Vault* const vault_;
  const security::Authorizer* const authorizer_;
  WorkerPool* const workers_;
  absl::Mutex mu_;  // one security command at a time
};

}  // namespace prio::server

#endif  // PRIO_SERVER_SECURITY_SERVICE_H_
