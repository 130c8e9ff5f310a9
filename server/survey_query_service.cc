#include "server/survey_query_service.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "server/domain/rules.h"
#include "server/domain/streams.h"
#include "server/grpc_status.h"
#include "server/views.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"
#include "common/time_format.h"
#include "server/domain/business.h"
#include "vocabulary/identifiers.h"

namespace prio::server {
namespace {

using domain::SurveyState;

v1::ServiceView ToView(const SurveyState& state, const domain::ServiceState& s) {
  v1::ServiceView view;
  *view.mutable_service() = s.service;
  view.set_retired(s.retired);
  for (v1::SizeClass c : s.responsible) view.add_responsible(c);
  view.set_responsibility_rule(s.responsibility_rule);
  view.set_leika_count(static_cast<uint32_t>(s.leika.size()));
  for (v1::AuthorityKind k : s.authorities) view.add_authorities(k);
  uint32_t mapped = 0;
  for (const v1::LeikaEntry& e : s.leika) mapped += s.FindResponsibility(e) != nullptr ? 1 : 0;
  view.set_leika_mapped(mapped);
  view.set_business(domain::IsBusinessService(s.service));
  const std::string& id = s.service.service_id();
  if (auto o = state.offerings().find(id); o != state.offerings().end()) {
    *view.mutable_offering() = o->second;
  }
  if (auto d = state.deadlines().find(id); d != state.deadlines().end()) {
    *view.mutable_deadline() = d->second;
  }
  return view;
}

// Filters are names or search words: at most 200 bytes.
absl::Status CheckFilterLength(std::string_view field, const std::string& value) {
  if (value.size() <= 200) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": at most 200 bytes, got ",
                                                 value.size()));
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

// A municipality sees a round's ranking and plan only if it takes part and the round's
// results visibility allows it now; everybody else whose role may call the RPC always.
absl::Status CheckResultsVisible(const SurveyState& state, const security::Principal& caller,
                                 const std::string& round_id) {
  if (caller.role != v1::ROLE_MUNICIPALITY) return absl::OkStatus();
  const domain::RoundState* r = state.FindRound(round_id);
  if (r == nullptr) return absl::OkStatus();  // the view says NOT_FOUND
  if (!r->participants.contains(caller.ags)) {
    return absl::PermissionDeniedError(absl::StrCat(
        "municipality ", caller.ags, " does not take part in round \"", round_id,
        "\" and so does not see its results"));
  }
  switch (r->round.results()) {
    case v1::RESULTS_VISIBILITY_PUBLIC:
      return absl::OkStatus();
    case v1::RESULTS_VISIBILITY_AFTER_CLOSE:
      if (r->closed || absl::Now() >= absl::FromUnixMicros(r->round.closes_at_us())) {
        return absl::OkStatus();
      }
      return absl::PermissionDeniedError(absl::StrCat(
          "round \"", round_id, "\" shows its results to municipalities after it closes (",
          FormatTime(r->round.closes_at_us()), ")"));
    default:
      return absl::PermissionDeniedError(absl::StrCat(
          "round \"", round_id, "\" keeps its results internal to the provider"));
  }
}

}  // namespace

grpc::ServerWriteReactor<v1::WatchUpdate>* SurveyQueryService::Watch(
    grpc::CallbackServerContext* ctx, const v1::WatchRequest* request) {
  absl::StatusOr<security::Principal> caller =
      authorizer_->Authorize(*ctx, "SurveyQueries/Watch", *request);
  if (!caller.ok()) return new ErrorWriteReactor<v1::WatchUpdate>(caller.status());
  return watch_hub_->Watch(ctx, request);
}

template <typename Request, typename Answer>
grpc::ServerUnaryReactor* SurveyQueryService::RunAt(grpc::CallbackServerContext* ctx,
                                                    std::string_view method,
                                                    const Request* request,
                                                    const v1::AsOf& as_of, Answer answer) {
  return Run(ctx, method, request,
             [this, as_of, answer = std::move(answer)](const security::Principal& caller) {
               uint64_t position = UINT64_MAX;
               if (as_of.has_position()) {
                 position = as_of.position();
               } else if (as_of.has_time_us()) {
                 PRIO_ASSIGN_OR_RETURN(position, store_->PositionAt(as_of.time_us()));
               }
               absl::Status answered;
               PRIO_RETURN_IF_ERROR(projection_->ReadAt(
                   position,
                   [&](const domain::SurveyState& state) { answered = answer(state, caller); }));
               return answered;
             });
}

grpc::ServerUnaryReactor* SurveyQueryService::ListServices(grpc::CallbackServerContext* ctx,
                                                           const v1::ListServicesRequest* request,
                                                           v1::ListServicesResponse* response) {
  return RunAt(ctx, "SurveyQueries/ListServices", request, v1::AsOf(), [request, response](const SurveyState& state, const security::Principal&) {
    PRIO_RETURN_IF_ERROR(CheckFilterLength("themenfeld", request->themenfeld()));
    PRIO_RETURN_IF_ERROR(CheckFilterLength("search", request->search()));
    response->set_position(state.position());
    for (const auto& [id, s] : state.services()) {
      if (Matches(s, *request)) *response->add_services() = ToView(state, s);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::GetService(grpc::CallbackServerContext* ctx,
                                                         const v1::GetServiceRequest* request,
                                                         v1::GetServiceResponse* response) {
  return RunAt(ctx, "SurveyQueries/GetService", request, v1::AsOf(), [request, response](const SurveyState& state, const security::Principal&) {
    const domain::ServiceState* s = state.FindService(request->service_id());
    if (s == nullptr) {
      return absl::NotFoundError(
          absl::StrCat("service \"", request->service_id(), "\" is not in the catalogue"));
    }
    response->set_position(state.position());
    *response->mutable_service() = ToView(state, *s);
    for (const v1::LeikaEntry& e : s->leika) {
      *response->add_leika() = e;
      v1::LeikaResponsibility* r = response->add_responsibility();
      if (const v1::LeikaResponsibility* found = s->FindResponsibility(e)) *r = *found;
      r->set_leika_key(e.leika_key());
      r->set_name(e.name());
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::ListMunicipalities(
    grpc::CallbackServerContext* ctx, const v1::ListMunicipalitiesRequest* request,
    v1::ListMunicipalitiesResponse* response) {
  return RunAt(ctx, "SurveyQueries/ListMunicipalities", request, v1::AsOf(), [request, response](const SurveyState& state, const security::Principal&) {
    PRIO_RETURN_IF_ERROR(CheckFilterLength("kreis_key", request->kreis_key()));
    if (!v1::SizeClass_IsValid(request->size_class())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "size_class: ", request->size_class(), " is not a size class (see prio.v1.SizeClass)"));
    }
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
  return RunAt(ctx, "SurveyQueries/ListRounds", request, v1::AsOf(), [response](const SurveyState& state, const security::Principal&) {
    response->set_position(state.position());
    const int64_t now_us = absl::ToUnixMicros(absl::Now());
    for (const auto& [id, r] : state.rounds()) *response->add_rounds() = ToRoundView(r, now_us);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::GetRound(grpc::CallbackServerContext* ctx,
                                                       const v1::GetRoundRequest* request,
                                                       v1::GetRoundResponse* response) {
  return RunAt(ctx, "SurveyQueries/GetRound", request, v1::AsOf(), [request, response](const SurveyState& state, const security::Principal&) {
    if (absl::Status s = vocab::ValidateRoundId(request->round_id()); !s.ok()) return s;
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
  return RunAt(ctx, "SurveyQueries/GetAnswers", request, v1::AsOf(), [this, request, response](const SurveyState& state, const security::Principal&) {
    if (absl::Status s = vocab::ValidateRoundId(request->round_id()); !s.ok()) return s;
    if (absl::Status s = vocab::ValidateAgs(request->ags()); !s.ok()) return s;
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
      v1::Need* n = response->add_needs();
      n->ParseFromString(need);
      PRIO_RETURN_IF_ERROR(domain::OpenNeed(cipher_, request->ags(), request->round_id(), n));
    }
    if (it->second.ballot) response->mutable_ballot()->ParseFromString(*it->second.ballot);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::Ranking(grpc::CallbackServerContext* ctx,
                                                      const v1::RankingRequest* request,
                                                      v1::RankingResponse* response) {
  return RunAt(ctx, "SurveyQueries/Ranking", request, request->as_of(), [this, request, response](const domain::SurveyState& s, const security::Principal& caller) {
    PRIO_RETURN_IF_ERROR(CheckResultsVisible(s, caller, request->round_id()));
    absl::StatusOr<v1::RankingResponse> r = RankingView(s, *request, projection_->schulze());
    if (r.ok()) *response = *std::move(r);
    return r.status();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::Plan(grpc::CallbackServerContext* ctx,
                                                   const v1::PlanRequest* request,
                                                   v1::PlanResponse* response) {
  return RunAt(ctx, "SurveyQueries/Plan", request, request->as_of(), [this, request, response](const domain::SurveyState& s, const security::Principal& caller) {
    PRIO_RETURN_IF_ERROR(CheckResultsVisible(s, caller, request->round_id()));
    const bool present = request->as_of().point_case() == v1::AsOf::POINT_NOT_SET;
    const std::string key = present ? PlanCache::KeyOf(*request) : std::string();
    absl::Status status;
    if (std::shared_ptr<const v1::PlanResponse> hit =
            present ? plans_.Find(s.position(), key) : nullptr) {
      *response = *hit;
    } else {
      absl::StatusOr<v1::PlanResponse> r = PlanView(s, *request, projection_->schulze());
      status = r.status();
      if (r.ok()) {
        *response = *std::move(r);
        if (present) {
          plans_.Put(s.position(), key, std::make_shared<v1::PlanResponse>(*response),
                     response->ByteSizeLong());
        }
      }
    }
    if (status.ok() && caller.role == v1::ROLE_MUNICIPALITY) {
      // A municipality sees the schedule and its own departments, not the provider's
      // teams or other municipalities' departments.
      response->clear_teams();
      auto* departments = response->mutable_departments();
      departments->erase(
          std::remove_if(departments->begin(), departments->end(),
                         [&](const v1::DepartmentQuarter& d) { return d.ags() != caller.ags; }),
          departments->end());
    }
    return status;
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::ExportRound(grpc::CallbackServerContext* ctx,
                                                          const v1::ExportRoundRequest* request,
                                                          v1::ExportRoundResponse* response) {
  return RunAt(ctx, "SurveyQueries/ExportRound", request, request->as_of(), [this, request, response](const domain::SurveyState& s, const security::Principal& caller) {
    PRIO_RETURN_IF_ERROR(CheckResultsVisible(s, caller, request->round_id()));
    absl::StatusOr<v1::ExportRoundResponse> r = ExportRoundView(s, *request, projection_->schulze());
    if (r.ok()) *response = *std::move(r);
    return r.status();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::RoundStatus(grpc::CallbackServerContext* ctx,
                                                          const v1::RoundStatusRequest* request,
                                                          v1::RoundStatusResponse* response) {
  return RunAt(ctx, "SurveyQueries/RoundStatus", request, request->as_of(), [request, response](const domain::SurveyState& s, const security::Principal&) {
    absl::StatusOr<v1::RoundStatusResponse> r = RoundStatusView(s, *request);
    if (r.ok()) *response = *std::move(r);
    return r.status();
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::Compass(grpc::CallbackServerContext* ctx,
                                                      const v1::CompassRequest* request,
                                                      v1::CompassResponse* response) {
  return RunAt(ctx, "SurveyQueries/Compass", request, request->as_of(), [request, response](const domain::SurveyState& s, const security::Principal&) {
    absl::StatusOr<v1::CompassResponse> r = CompassView(s, *request);
    if (r.ok()) *response = *std::move(r);
    return r.status();
  });
}

}  // namespace prio::server
