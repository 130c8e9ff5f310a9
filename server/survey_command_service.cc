#include "server/survey_command_service.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "server/grpc_status.h"

namespace prio::server {

using Mode = CommandGate::Mode;

template <typename Request, typename Decide>
grpc::ServerUnaryReactor* SurveyCommandService::Run(grpc::CallbackServerContext* ctx,
                                                    std::string_view command,
                                                    const Request* request, Mode mode,
                                                    Decide decide,
                                                    v1::CommandResponse* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::StatusOr<security::Principal> caller =
      authorizer_->Authorize(*ctx, absl::StrCat("SurveyCommands/", ToAbsl(command)), *request);
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  const bool staff = caller->role == v1::ROLE_ADMIN;
  workers_->Schedule([this, reactor, command, request, mode, decide, response, staff,
                      principal = std::move(caller->name)]() mutable {
    runner_->Run(
        {.command = command, .principal = std::move(principal), .provider_staff = staff,
         .request = request, .options = &request->options(), .mode = mode},
        [&](const domain::SurveyState& state, const domain::CommandContext& c) {
          return decide(state, *request, c);
        },
        [reactor, response](absl::StatusOr<v1::CommandResponse> result) {
          if (result.ok()) *response = *std::move(result);
          reactor->Finish(ToGrpcStatus(result.status()));
        });
  });
  return reactor;
}

// Reference data and round lifecycle exclude every other command while they run.

grpc::ServerUnaryReactor* SurveyCommandService::ImportCatalog(grpc::CallbackServerContext* ctx,
    const v1::ImportCatalogRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "ImportCatalog", request, Mode::kExclusive, &domain::DecideImportCatalog, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::RetireServices(grpc::CallbackServerContext* ctx,
    const v1::RetireServicesRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "RetireServices", request, Mode::kExclusive, &domain::DecideRetireServices, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::ImportResponsibility(grpc::CallbackServerContext* ctx,
    const v1::ImportResponsibilityRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "ImportResponsibility", request, Mode::kExclusive, &domain::DecideImportResponsibility, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::ImportOfficeExceptions(grpc::CallbackServerContext* ctx,
    const v1::ImportOfficeExceptionsRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "ImportOfficeExceptions", request, Mode::kExclusive, &domain::DecideImportOfficeExceptions, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::ImportMunicipalities(grpc::CallbackServerContext* ctx,
    const v1::ImportMunicipalitiesRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "ImportMunicipalities", request, Mode::kExclusive, &domain::DecideImportMunicipalities, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::OpenRound(grpc::CallbackServerContext* ctx,
    const v1::OpenRoundRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "OpenRound", request, Mode::kExclusive, &domain::DecideOpenRound, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::ExtendRound(grpc::CallbackServerContext* ctx,
    const v1::ExtendRoundRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "ExtendRound", request, Mode::kExclusive, &domain::DecideExtendRound, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::CloseRound(grpc::CallbackServerContext* ctx,
    const v1::CloseRoundRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "CloseRound", request, Mode::kExclusive, &domain::DecideCloseRound, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::ChangeBallotRules(grpc::CallbackServerContext* ctx,
    const v1::ChangeBallotRulesRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "ChangeBallotRules", request, Mode::kExclusive, &domain::DecideChangeBallotRules, response);
}

// Answers and planning inputs run side by side; expected revisions order them.

grpc::ServerUnaryReactor* SurveyCommandService::SubmitNeeds(grpc::CallbackServerContext* ctx,
    const v1::SubmitNeedsRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "SubmitNeeds", request, Mode::kShared, &domain::DecideSubmitNeeds, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::WithdrawNeeds(grpc::CallbackServerContext* ctx,
    const v1::WithdrawNeedsRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "WithdrawNeeds", request, Mode::kShared, &domain::DecideWithdrawNeeds, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::CastBallot(grpc::CallbackServerContext* ctx,
    const v1::CastBallotRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "CastBallot", request, Mode::kShared, &domain::DecideCastBallot, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::WithdrawBallot(grpc::CallbackServerContext* ctx,
    const v1::WithdrawBallotRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "WithdrawBallot", request, Mode::kShared, &domain::DecideWithdrawBallot, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::SetEffort(grpc::CallbackServerContext* ctx,
    const v1::SetEffortRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "SetEffort", request, Mode::kShared, &domain::DecideSetEffort, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::SetOfferings(grpc::CallbackServerContext* ctx,
    const v1::SetOfferingsRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "SetOfferings", request, Mode::kShared, &domain::DecideSetOfferings, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::SetDeadlines(grpc::CallbackServerContext* ctx,
    const v1::SetDeadlinesRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "SetDeadlines", request, Mode::kShared, &domain::DecideSetDeadlines, response);
}

grpc::ServerUnaryReactor* SurveyCommandService::DeclareCapacity(grpc::CallbackServerContext* ctx,
    const v1::DeclareCapacityRequest* request, v1::CommandResponse* response) {
  return Run(ctx, "DeclareCapacity", request, Mode::kShared, &domain::DecideDeclareCapacity, response);
}

}  // namespace prio::server
