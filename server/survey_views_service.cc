// SurveyQueryService: the projection views (ranking, plan, round status, compass),
// each as of now or of a past position or time.
#include "absl/time/clock.h"
#include "server/grpc_status.h"
#include "server/survey_query_service.h"
#include "server/views.h"
#include "storage/verify.h"

namespace prio::server {

template <typename Answer>
grpc::ServerUnaryReactor* SurveyQueryService::RunAt(grpc::CallbackServerContext* ctx,
                                                    const v1::AsOf& as_of, Answer answer) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  workers_->Schedule([this, reactor, as_of, answer = std::move(answer)]() mutable {
    uint64_t position = UINT64_MAX;
    absl::Status status;
    if (as_of.has_position()) {
      position = as_of.position();
    } else if (as_of.has_time_us()) {
      absl::StatusOr<uint64_t> p = store_->PositionAt(as_of.time_us());
      status = p.status();
      if (p.ok()) position = *p;
    }
    absl::Status answered;
    if (status.ok()) {
      status = projection_->ReadAt(
          position, [&](const domain::SurveyState& state) { answered = answer(state); });
    }
    if (status.ok()) status = answered;
    reactor->Finish(ToGrpcStatus(status));
  });
  return reactor;
}

grpc::ServerUnaryReactor* SurveyQueryService::Ranking(grpc::CallbackServerContext* ctx,
                                                      const v1::RankingRequest* request,
                                                      v1::RankingResponse* response) {
  return RunAt(ctx, request->as_of(), [this, request, response](const domain::SurveyState& s) {
    absl::StatusOr<v1::RankingResponse> r = RankingView(s, *request, projection_->schulze());
    if (r.ok()) *response = *std::move(r);
    return r.status();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::Plan(grpc::CallbackServerContext* ctx,
                                                   const v1::PlanRequest* request,
                                                   v1::PlanResponse* response) {
  return RunAt(ctx, request->as_of(), [this, request, response](const domain::SurveyState& s) {
    absl::StatusOr<v1::PlanResponse> r = PlanView(s, *request, projection_->schulze());
    if (r.ok()) *response = *std::move(r);
    return r.status();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::RoundStatus(grpc::CallbackServerContext* ctx,
                                                          const v1::RoundStatusRequest* request,
                                                          v1::RoundStatusResponse* response) {
  return RunAt(ctx, request->as_of(), [request, response](const domain::SurveyState& s) {
    absl::StatusOr<v1::RoundStatusResponse> r = RoundStatusView(s, *request);
    if (r.ok()) *response = *std::move(r);
    return r.status();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::Compass(grpc::CallbackServerContext* ctx,
                                                      const v1::CompassRequest* request,
                                                      v1::CompassResponse* response) {
  return RunAt(ctx, request->as_of(), [request, response](const domain::SurveyState& s) {
    absl::StatusOr<v1::CompassResponse> r = CompassView(s, *request);
    if (r.ok()) *response = *std::move(r);
    return r.status();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::Rebuild(grpc::CallbackServerContext* ctx,
                                                      const v1::RebuildRequest* request,
                                                      v1::RebuildResponse* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  workers_->Schedule([this, reactor, response] {
    const absl::Time start = absl::Now();
    absl::Status s = projection_->Rebuild();
    response->set_position(projection_->position());
    response->set_seconds(absl::ToDoubleSeconds(absl::Now() - start));
    reactor->Finish(ToGrpcStatus(s));
  });
  return reactor;
}

grpc::ServerUnaryReactor* SurveyQueryService::VerifyChain(grpc::CallbackServerContext* ctx,
                                                          const v1::VerifyChainRequest* request,
                                                          v1::VerifyChainResponse* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  workers_->Schedule([this, reactor, response] {
    absl::StatusOr<storage::VerifyReport> r = storage::VerifyChain(data_dir_);
    if (r.ok()) {
      response->set_ok(r->ok);
      response->set_events_checked(r->events_checked);
      response->set_head_position(r->head.position);
      response->set_head_hash(std::string(reinterpret_cast<const char*>(r->head.hash.data()),
                                          r->head.hash.size()));
      response->set_first_bad_position(r->first_bad_position);
      response->set_problem(r->problem);
    }
    reactor->Finish(ToGrpcStatus(r.status()));
  });
  return reactor;
}

}  // namespace prio::server
