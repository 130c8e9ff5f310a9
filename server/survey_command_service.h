// SurveyCommandService: prio.v1.SurveyCommands — every change to a survey.
//
// Each command runs on the worker pool:
//   1. take the command gate: shared for a municipality's answers and planning
//      inputs, exclusive for reference data and round lifecycle (so that an answer is
//      never validated against a round that is closing or a catalogue being replaced);
//   2. catch the survey state up to the log's head (so a caller's next command always
//      sees its previous one);
//   3. answer a retried request id from the state (nothing is written again);
//   4. decide (server/domain/commands.h): validate and build the events;
//   5. append them atomically with the stream revisions read in step 4 as expected
//      revisions (a concurrent change to the same stream is ABORTED), with metadata
//      principal, correlation-id, command and request-id/request-hash. The append
//      joins the store's group commit without blocking the worker; the gate is
//      released and the call finished once the events are durable (or failed).
// Event ids of a command with a request id are derived from (principal, request id,
// index), so that even two racing retries append the events once.
#ifndef PRIO_SERVER_SURVEY_COMMAND_SERVICE_H_
#define PRIO_SERVER_SURVEY_COMMAND_SERVICE_H_

#include <string_view>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "absl/functional/any_invocable.h"
#include "prio/v1/commands.grpc.pb.h"
#include "server/command_gate.h"
#include "server/domain/commands.h"
#include "server/security/authorizer.h"
#include "server/survey_projection.h"
#include "server/worker_pool.h"
#include "storage/event_store.h"

namespace prio::server {

class SurveyCommandService final : public v1::SurveyCommands::CallbackService {
 public:
  // All must outlive the service. Every call is authorized first (policy.h); the
  // caller's principal is what its events record. `cipher` seals personal data.
  SurveyCommandService(storage::EventStore* store, SurveyProjection* projection,
                       WorkerPool* workers, const security::Authorizer* authorizer,
                       domain::PersonalDataCipher* cipher)
      : store_(store),
        projection_(projection),
        workers_(workers),
        authorizer_(authorizer),
        cipher_(cipher) {}

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
  grpc::ServerUnaryReactor* DeclareCapacity(grpc::CallbackServerContext* ctx,
                                            const v1::DeclareCapacityRequest* request,
                                            v1::CommandResponse* response) override;

 private:
  using LockMode = CommandGate::Mode;
  using Done = absl::AnyInvocable<void(absl::StatusOr<v1::CommandResponse>) &&>;
  using DecideFn = absl::FunctionRef<absl::StatusOr<domain::Decision>(
      const domain::SurveyState&, const domain::CommandContext&)>;

  // Schedules Execute on the worker pool and finishes the call with its result.
  template <typename Request, typename Decide>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* ctx, std::string_view command,
                                const Request* request, LockMode mode, Decide decide,
                                v1::CommandResponse* response);

  // Steps 1-5 above; `done` runs exactly once, on this thread or on the store's
  // writer thread (so it must not block).
  void Execute(std::string_view command, std::string principal,
               const google::protobuf::Message& request, const v1::CommandOptions& options,
               LockMode mode, DecideFn decide, Done done);

  storage::EventStore* const store_;
  SurveyProjection* const projection_;
  WorkerPool* const workers_;
  const security::Authorizer* const authorizer_;
  domain::PersonalDataCipher* const cipher_;
  CommandGate gate_;  // see step 1
};

}  // namespace prio::server

#endif  // PRIO_SERVER_SURVEY_COMMAND_SERVICE_H_
