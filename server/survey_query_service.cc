#include "server/survey_query_service.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/domain/streams.h"
#include "server/grpc_status.h"
#include "server/views.h"
#include "storage/absl_compat.h"

namespace prio::server {
namespace {

using domain::SurveyState;

v1::ServiceView ToView(const domain::ServiceState& s) {
  v1::ServiceView view;
  *view.mutable_service() = s.service;
  view.set_retired(s.retired);
  for (v1::SizeClass c : s.responsible) view.add_responsible(c);
  view.set_responsibility_rule(s.responsibility_rule);
  view.set_leika_count(static_cast<uint32_t>(s.leika.size()));
  return view;
}

bool Matches(const domain::ServiceState& s, const v1::ListServicesRequest& request) {
  if (s.retired && !request.include_retired()) return false;
  if (!request.themenfeld().empty() && s.service.themenfeld() != request.themenfeld()) {
    return false;
  }
  if (request.search().empty()) return true;
  // Case-insensitive for ASCII; umlauts match exactly.
  const std::string needle = absl::AsciiStrToLower(request.search());
  return absl::StrContains(absl::AsciiStrToLower(s.service.name()), needle) ||
         absl::StrContains(absl::AsciiStrToLower(s.service.service_id()), needle);
}

}  // namespace

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

grpc::ServerUnaryReactor* SurveyQueryService::ListServices(grpc::CallbackServerContext* ctx,
                                                           const v1::ListServicesRequest* request,
                                                           v1::ListServicesResponse* response) {
  return RunAt(ctx, v1::AsOf(), [request, response](const SurveyState& state) {
    response->set_position(state.position());
    for (const auto& [id, s] : state.services()) {
      if (Matches(s, *request)) *response->add_services() = ToView(s);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::GetService(grpc::CallbackServerContext* ctx,
                                                         const v1::GetServiceRequest* request,
                                                         v1::GetServiceResponse* response) {
  return RunAt(ctx, v1::AsOf(), [request, response](const SurveyState& state) {
    const domain::ServiceState* s = state.FindService(request->service_id());
    if (s == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("service \"", request->service_id(), "\" is not in the catalogue"));
    }
    response->set_position(state.position());
    *response->mutable_service() = ToView(*s);
    for (const v1::LeikaEntry& e : s->leika) *response->add_leika() = e;
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::ListMunicipalities(
    grpc::CallbackServerContext* ctx, const v1::ListMunicipalitiesRequest* request,
    v1::ListMunicipalitiesResponse* response) {
  return RunAt(ctx, v1::AsOf(), [request, response](const SurveyState& state) {
    response->set_position(state.position());
    for (const auto& [ags, m] : state.municipalities()) {
      const v1::Municipality& mu = m.municipality;
      if (!request->kreis_key().empty() && mu.kreis_key() != request->kreis_key()) continue;
      if (request->size_class() != v1::SIZE_CLASS_UNSPECIFIED &&
          mu.size_class() != request->size_class()) {
        continue;
      }
      *response->add_municipalities() = mu;
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::ListRounds(grpc::CallbackServerContext* ctx,
                                                         const v1::ListRoundsRequest* request,
                                                         v1::ListRoundsResponse* response) {
  return RunAt(ctx, v1::AsOf(), [response](const SurveyState& state) {
    response->set_position(state.position());
    const int64_t now_us = absl::ToUnixMicros(absl::Now());
    for (const auto& [id, r] : state.rounds()) *response->add_rounds() = ToRoundView(r, now_us);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::GetRound(grpc::CallbackServerContext* ctx,
                                                       const v1::GetRoundRequest* request,
                                                       v1::GetRoundResponse* response) {
  return RunAt(ctx, v1::AsOf(), [request, response](const SurveyState& state) {
    if (absl::Status s = domain::ValidateRoundId(request->round_id()); !s.ok()) return s;
    const domain::RoundState* r = state.FindRound(request->round_id());
    if (r == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("round \"", request->round_id(), "\" does not exist"));
    }
    response->set_position(state.position());
    *response->mutable_round() = ToRoundView(*r, absl::ToUnixMicros(absl::Now()));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::GetAnswers(grpc::CallbackServerContext* ctx,
                                                         const v1::GetAnswersRequest* request,
                                                         v1::GetAnswersResponse* response) {
  return RunAt(ctx, v1::AsOf(), [request, response](const SurveyState& state) {
    if (absl::Status s = domain::ValidateRoundId(request->round_id()); !s.ok()) return s;
    if (absl::Status s = domain::ValidateAgs(request->ags()); !s.ok()) return s;
    const domain::RoundState* r = state.FindRound(request->round_id());
    if (r == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("round \"", request->round_id(), "\" does not exist"));
    }
    if (!r->participants.contains(request->ags())) {
      return absl::FailedPreconditionError(absl::StrCat(
          "municipality ", request->ags(), " does not take part in round \"",
          request->round_id(), "\""));
    }
    response->set_position(state.position());
    auto it = r->answers.find(request->ags());
    if (it == r->answers.end()) return absl::OkStatus();
    for (const auto& [service, need] : it->second.needs) {
      response->add_needs()->ParseFromString(need);
    }
    if (it->second.ballot) response->mutable_ballot()->ParseFromString(*it->second.ballot);
    return absl::OkStatus();
  });
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

}  // namespace prio::server
