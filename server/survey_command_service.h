// SurveyCommandService: prio.v1.SurveyCommands — every change to a survey, over gRPC.
// A thin edge: each handler authorizes the call (policy.h), then hands it with its
// domain decision (server/domain/commands.h) and gate mode to the CommandRunner
// (command_runner.h), which does the work on the worker pool, and finishes the call
// with the runner's result.
#ifndef PRIO_SERVER_SURVEY_COMMAND_SERVICE_H_
#define PRIO_SERVER_SURVEY_COMMAND_SERVICE_H_

#include <string_view>

#include "prio/v1/commands.grpc.pb.h"
#include "server/command_gate.h"
#include "server/command_runner.h"
#include "server/security/authorizer.h"
#include "server/worker_pool.h"

namespace prio::server {

class SurveyCommandService final : public v1::SurveyCommands::CallbackService {
 public:
  // All must outlive the service. Every call is authorized first (policy.h); the
  // caller's principal is what its events record.
  SurveyCommandService(CommandRunner* runner, WorkerPool* workers,
                       const security::Authorizer* authorizer)
      : runner_(runner), workers_(workers), authorizer_(authorizer) {}

  grpc::ServerUnaryReactor* ImportCatalog(grpc::CallbackServerContext* ctx,
                                          const v1::ImportCatalogRequest* request,
                                          v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* RetireServices(grpc::CallbackServerContext* ctx,
                                           const v1::RetireServicesRequest* request,
                                           v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* ImportResponsibility(grpc::CallbackServerContext* ctx,
                                                 const v1::ImportResponsibilityRequest* request,
                                                 v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* ImportOfficeExceptions(
      grpc::CallbackServerContext* ctx, const v1::ImportOfficeExceptionsRequest* request,
      v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* ImportMunicipalities(grpc::CallbackServerContext* ctx,
                                                 const v1::ImportMunicipalitiesRequest* request,
                                                 v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* OpenRound(grpc::CallbackServerContext* ctx,
                                      const v1::OpenRoundRequest* request,
                                      v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* ExtendRound(grpc::CallbackServerContext* ctx,
                                        const v1::ExtendRoundRequest* request,
                                        v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* CloseRound(grpc::CallbackServerContext* ctx,
                                       const v1::CloseRoundRequest* request,
                                       v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* ChangeBallotRules(grpc::CallbackServerContext* ctx,
                                              const v1::ChangeBallotRulesRequest* request,
                                              v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* SubmitNeeds(grpc::CallbackServerContext* ctx,
                                        const v1::SubmitNeedsRequest* request,
                                        v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* WithdrawNeeds(grpc::CallbackServerContext* ctx,
                                          const v1::WithdrawNeedsRequest* request,
                                          v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* CastBallot(grpc::CallbackServerContext* ctx,
                                       const v1::CastBallotRequest* request,
                                       v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* WithdrawBallot(grpc::CallbackServerContext* ctx,
                                           const v1::WithdrawBallotRequest* request,
                                           v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* SetEffort(grpc::CallbackServerContext* ctx,
                                      const v1::SetEffortRequest* request,
                                      v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* SetOfferings(grpc::CallbackServerContext* ctx,
                                         const v1::SetOfferingsRequest* request,
                                         v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* SetDeadlines(grpc::CallbackServerContext* ctx,
                                         const v1::SetDeadlinesRequest* request,
                                         v1::CommandResponse* response) override;
  grpc::ServerUnaryReactor* DeclareCapacity(grpc::CallbackServerContext* ctx,
                                            const v1::DeclareCapacityRequest* request,
                                            v1::CommandResponse* response) override;

 private:
  // Authorizes, then runs the command on the worker pool and finishes the call.
  template <typename Request, typename Decide>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* ctx, std::string_view command,
                                const Request* request, CommandGate::Mode mode, Decide decide,
                                v1::CommandResponse* response);

  CommandRunner* const runner_;
  WorkerPool* const workers_;
  const security::Authorizer* const authorizer_;
};

}  // namespace prio::server

#endif  // PRIO_SERVER_SURVEY_COMMAND_SERVICE_H_
