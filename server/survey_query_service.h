// SurveyQueryService: prio.v1.SurveyQueries — catalogue, municipalities, rounds and a
// municipality's current answers, answered from the SurveyProjection (caught up to
// the log's head first). Each response names the log position it reflects.
#ifndef PRIO_SERVER_SURVEY_QUERY_SERVICE_H_
#define PRIO_SERVER_SURVEY_QUERY_SERVICE_H_

#include <string>

#include "prio/v1/queries.grpc.pb.h"
#include "server/domain/personal_data.h"
#include "server/authorized_call.h"
#include "server/security/authorizer.h"
#include "server/plan_cache.h"
#include "server/survey_projection.h"
#include "server/watch_hub.h"
#include "server/worker_pool.h"
#include "storage/event_store.h"

namespace prio::server {

class SurveyQueryService final : public v1::SurveyQueries::CallbackService {
 public:
  // All four must outlive the service; `data_dir` is the store's directory (for
  // VerifyChain, which reads it read-only beside the running store).
  // Every call is authorized first (policy.h); `cipher` opens the personal data of
  // answers for those who may read them.
  SurveyQueryService(storage::EventStore* store, SurveyProjection* projection,
                     WorkerPool* workers, WatchHub* watch_hub, std::string data_dir,
                     const security::Authorizer* authorizer, domain::PersonalDataCipher* cipher)
      : store_(store),
        projection_(projection),
        workers_(workers),
        watch_hub_(watch_hub),
        data_dir_(std::move(data_dir)),
        authorizer_(authorizer),
        cipher_(cipher) {}

  grpc::ServerUnaryReactor* ListServices(grpc::CallbackServerContext* ctx,
                                         const v1::ListServicesRequest* request,
                                         v1::ListServicesResponse* response) override;
  grpc::ServerUnaryReactor* GetService(grpc::CallbackServerContext* ctx,
                                       const v1::GetServiceRequest* request,
                                       v1::GetServiceResponse* response) override;
  grpc::ServerUnaryReactor* ListMunicipalities(grpc::CallbackServerContext* ctx,
                                               const v1::ListMunicipalitiesRequest* request,
                                               v1::ListMunicipalitiesResponse* response) override;
  grpc::ServerUnaryReactor* ListRounds(grpc::CallbackServerContext* ctx,
                                       const v1::ListRoundsRequest* request,
                                       v1::ListRoundsResponse* response) override;
  grpc::ServerUnaryReactor* GetRound(grpc::CallbackServerContext* ctx,
                                     const v1::GetRoundRequest* request,
                                     v1::GetRoundResponse* response) override;
  grpc::ServerUnaryReactor* GetAnswers(grpc::CallbackServerContext* ctx,
                                       const v1::GetAnswersRequest* request,
                                       v1::GetAnswersResponse* response) override;
  // The projections (views.h), each as of now or of AsOf.
  grpc::ServerUnaryReactor* Ranking(grpc::CallbackServerContext* ctx,
                                    const v1::RankingRequest* request,
                                    v1::RankingResponse* response) override;
  grpc::ServerUnaryReactor* Plan(grpc::CallbackServerContext* ctx, const v1::PlanRequest* request,
                                 v1::PlanResponse* response) override;
  grpc::ServerUnaryReactor* ExportRound(grpc::CallbackServerContext* ctx,
                                        const v1::ExportRoundRequest* request,
                                        v1::ExportRoundResponse* response) override;
  grpc::ServerUnaryReactor* RoundStatus(grpc::CallbackServerContext* ctx,
                                        const v1::RoundStatusRequest* request,
                                        v1::RoundStatusResponse* response) override;
  grpc::ServerUnaryReactor* Compass(grpc::CallbackServerContext* ctx,
                                    const v1::CompassRequest* request,
                                    v1::CompassResponse* response) override;
  grpc::ServerWriteReactor<v1::WatchUpdate>* Watch(grpc::CallbackServerContext* ctx,
                                                   const v1::WatchRequest* request) override;
  grpc::ServerUnaryReactor* VerifyChain(grpc::CallbackServerContext* ctx,
                                        const v1::VerifyChainRequest* request,
                                        v1::VerifyChainResponse* response) override;  // survey_views_service.cc
  grpc::ServerUnaryReactor* Rebuild(grpc::CallbackServerContext* ctx,
                                    const v1::RebuildRequest* request,
                                    v1::RebuildResponse* response) override;

 private:
  // Authorizes the call to `method`, then runs `answer(state, caller)` on the worker
  // pool (a catch-up may read from disk, which a reaction must not do) with the state
  // as of `as_of` (unset: caught up to the log's head).
  template <typename Request, typename Answer>
  grpc::ServerUnaryReactor* RunAt(grpc::CallbackServerContext* ctx, std::string_view method,
                                  const Request* request, const v1::AsOf& as_of, Answer answer);
  // Authorizes, then runs `work(caller)` on the worker pool (authorized_call.h).
  template <typename Request, typename Work>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* ctx, std::string_view method,
                                const Request* request, Work work) {
    return RunAuthorized(ctx, *authorizer_, *workers_, method, *request, std::move(work));
  }

  storage::EventStore* const store_;
  SurveyProjection* const projection_;
  PlanCache plans_;  // the present's plans (not as-of ones)
  WorkerPool* const workers_;
  WatchHub* const watch_hub_;
  const std::string data_dir_;
  const security::Authorizer* const authorizer_;
  domain::PersonalDataCipher* const cipher_;
};

}  // namespace prio::server

#endif  // PRIO_SERVER_SURVEY_QUERY_SERVICE_H_
