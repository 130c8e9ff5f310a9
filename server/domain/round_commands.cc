// Survey round commands: open, extend, close, and change the ballot rules (only before
// the first ballot).
#include <set>

#include "absl/strings/str_cat.h"
#include "server/domain/commands.h"
#include "server/domain/compass.h"
#include "vocabulary/quarter.h"
#include "server/domain/rules.h"
#include "server/domain/streams.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"
#include "common/time_format.h"
#include "vocabulary/identifiers.h"

namespace prio::domain {
namespace {


absl::StatusOr<const RoundState*> FindRound(const SurveyState& state, std::string_view round_id) {
  PRIO_RETURN_IF_ERROR(vocab::ValidateRoundId(round_id));
  const RoundState* round = state.FindRound(round_id);
  if (round == nullptr) {
    return absl::NotFoundError(absl::StrCat("round \"", ToAbsl(round_id), "\" does not exist"));
  }
  return round;
}

absl::Status CheckNotClosed(const RoundState& round) {
  if (!round.closed) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat("round \"", round.round.round_id(),
                                                    "\" was closed on ",
                                                    FormatTime(round.closed_at_us)));
}

absl::Status CheckScope(const SurveyState& state, const v1::RoundScope& scope) {
  switch (scope.kind_case()) {
    case v1::RoundScope::kResponsibleServices:
      if (!scope.responsible_services()) {
        return absl::InvalidArgumentError(
            "round.scope.responsible_services: set it to true, or list the services");
      }
      return absl::OkStatus();
    case v1::RoundScope::kServices: {
      const auto& ids = scope.services().service_ids();
      if (ids.empty() || static_cast<std::size_t>(ids.size()) > kMaxServicesPerImport) {
        return absl::InvalidArgumentError(absl::StrCat(
            "round.scope.services: list 1-", kMaxServicesPerImport, " services, got ", ids.size()));
      }
      std::set<std::string_view> seen;
      for (int i = 0; i < ids.size(); ++i) {
        const std::string field = absl::StrCat("round.scope.services[", i, "]");
        PRIO_RETURN_IF_ERROR(rules::CheckServiceId(field, ids[i]));
        const ServiceState* s = state.FindService(ids[i]);
        if (s == nullptr) {
          return absl::NotFoundError(
              absl::StrCat(field, ": service ", ids[i], " is not in the catalogue"));
        }
        if (s->retired) {
          return absl::FailedPreconditionError(
              absl::StrCat(field, ": service ", rules::Describe(*s), " has been retired"));
        }
        if (!seen.insert(ids[i]).second) {
          return absl::InvalidArgumentError(
              absl::StrCat(field, ": service ", ids[i], " appears twice"));
        }
      }
      return absl::OkStatus();
    }
    default:
      return absl::InvalidArgumentError(
          "round.scope: list the services, or ask about all services each participant is "
          "responsible for");
  }
}

absl::Status CheckParticipants(const SurveyState& state,
                               const google::protobuf::RepeatedPtrField<std::string>& ags_list) {
  if (ags_list.empty() || static_cast<std::size_t>(ags_list.size()) > kMaxParticipants) {
    return absl::InvalidArgumentError(absl::StrCat("round.participants: list 1-",
                                                   kMaxParticipants, " municipalities, got ",
                                                   ags_list.size()));
  }
  std::set<std::string_view> seen;
  for (int i = 0; i < ags_list.size(); ++i) {
    const std::string field = absl::StrCat("round.participants[", i, "]");
    if (absl::Status s = vocab::ValidateAgs(ags_list[i]); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": ", s.message()));
    }
    if (state.FindMunicipality(ags_list[i]) == nullptr) {
      return absl::NotFoundError(
          absl::StrCat(field, ": municipality ", ags_list[i], " is not registered"));
    }
    if (!seen.insert(ags_list[i]).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": ", ags_list[i], " appears twice"));
    }
  }
  return absl::OkStatus();
}

// An explicit scope lists only services some participant must provide.
absl::Status CheckSomeoneProvides(const SurveyState& state, const v1::RoundOpened& round) {
  if (!round.scope().has_services()) return absl::OkStatus();
  const auto& ids = round.scope().services().service_ids();
  for (int i = 0; i < ids.size(); ++i) {
    const ServiceState* s = state.FindService(ids[i]);
    bool provided = false;
    for (const std::string& ags : round.participants()) {
      const MunicipalityState* m = state.FindMunicipality(ags);
      if (m != nullptr && MustProvide(state, *m, *s)) {
        provided = true;
        break;
      }
    }
    if (!provided) {
      return absl::FailedPreconditionError(absl::StrCat(
          "round.scope.services[", i, "]: no participant must provide service ",
          rules::Describe(*s), "; ", DescribeExecutor(*s)));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Decision> DecideOpenRound(const SurveyState& state,
                                         const v1::OpenRoundRequest& request,
                                         const CommandContext& ctx) {
  v1::RoundOpened round = request.round();
  PRIO_RETURN_IF_ERROR(vocab::ValidateRoundId(round.round_id()));
  if (const RoundState* existing = state.FindRound(round.round_id())) {
    return absl::AlreadyExistsError(
        absl::StrCat("round \"", round.round_id(), "\" already exists (\"",
                     existing->round.title(), "\"); choose another id"));
  }
  PRIO_RETURN_IF_ERROR(rules::CheckText("round.title", round.title(), 1, 200));
  const int64_t now_us = absl::ToUnixMicros(ctx.now);
  if (round.opens_at_us() == 0) round.set_opens_at_us(now_us);
  if (round.opens_at_us() < 0) {
    return absl::InvalidArgumentError("round.opens_at_us: must not be negative");
  }
  if (round.closes_at_us() <= round.opens_at_us()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "round.closes_at_us: the round must close after it opens (opens ",
        FormatTime(round.opens_at_us()), ", closes ", FormatTime(round.closes_at_us()), ")"));
  }
  if (round.closes_at_us() <= now_us) {
    return absl::InvalidArgumentError(absl::StrCat("round.closes_at_us: ",
                                                   FormatTime(round.closes_at_us()),
                                                   " is in the past"));
  }
  PRIO_RETURN_IF_ERROR(CheckScope(state, round.scope()));
  PRIO_RETURN_IF_ERROR(CheckParticipants(state, round.participants()));
  PRIO_RETURN_IF_ERROR(CheckSomeoneProvides(state, round));
  PRIO_RETURN_IF_ERROR(rules::CheckBallotRules("round.ballot", round.ballot()));
  if (absl::StatusOr<vocab::Quarter> q = vocab::Quarter::Parse(round.plan_start_quarter()); !q.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("round.plan_start_quarter: ", q.status().message()));
  } else {
    round.set_plan_start_quarter(q->ToString());
  }
  if (round.horizon_quarters() < 1 || round.horizon_quarters() > kMaxHorizonQuarters) {
    return absl::InvalidArgumentError(absl::StrCat("round.horizon_quarters: must be 1-",
                                                   kMaxHorizonQuarters, ", got ",
                                                   round.horizon_quarters()));
  }
  if (round.results() == v1::RESULTS_VISIBILITY_UNSPECIFIED) {
    round.set_results(v1::RESULTS_VISIBILITY_INTERNAL);
  } else if (round.results() > v1::RESULTS_VISIBILITY_AFTER_CLOSE) {
    return absl::InvalidArgumentError(
        "round.results: must be internal, public or after-close");
  }
  round.set_mapping_position(state.mapping_position());
  round.set_mapping_source(state.mapping_source());
  Decision d;
  d.Add(RoundStream(round.round_id()), kNoRevision, round);
  return d;
}

absl::StatusOr<Decision> DecideExtendRound(const SurveyState& state,
                                           const v1::ExtendRoundRequest& request,
                                           const CommandContext& ctx) {
  PRIO_ASSIGN_OR_RETURN(const RoundState* round, FindRound(state, request.round_id()));
  PRIO_RETURN_IF_ERROR(CheckNotClosed(*round));
  if (request.closes_at_us() <= round->round.closes_at_us()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "closes_at_us: ", FormatTime(request.closes_at_us()),
        " is not later than the current closing time ", FormatTime(round->round.closes_at_us())));
  }
  if (request.closes_at_us() <= absl::ToUnixMicros(ctx.now)) {
    return absl::InvalidArgumentError(
        absl::StrCat("closes_at_us: ", FormatTime(request.closes_at_us()), " is in the past"));
  }
  v1::RoundExtended e;
  e.set_round_id(request.round_id());
  e.set_closes_at_us(request.closes_at_us());
  Decision d;
  d.Add(RoundStream(request.round_id()), round->revision, e);
  return d;
}

absl::StatusOr<Decision> DecideCloseRound(const SurveyState& state,
                                          const v1::CloseRoundRequest& request,
                                          const CommandContext& ctx) {
  PRIO_ASSIGN_OR_RETURN(const RoundState* round, FindRound(state, request.round_id()));
  PRIO_RETURN_IF_ERROR(CheckNotClosed(*round));
  v1::RoundClosed e;
  e.set_round_id(request.round_id());
  Decision d;
  d.Add(RoundStream(request.round_id()), round->revision, e);
  return d;
}

absl::StatusOr<Decision> DecideChangeBallotRules(const SurveyState& state,
                                                 const v1::ChangeBallotRulesRequest& request,
                                                 const CommandContext& ctx) {
  PRIO_ASSIGN_OR_RETURN(const RoundState* round, FindRound(state, request.round_id()));
  PRIO_RETURN_IF_ERROR(CheckNotClosed(*round));
  if (round->ballots_ever_cast > 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the ballot rules of round \"", request.round_id(), "\" cannot change: ",
        round->ballots_ever_cast, " ballot(s) have already been cast under the current rules"));
  }
  PRIO_RETURN_IF_ERROR(rules::CheckBallotRules("ballot", request.ballot()));
  Decision d;
  if (SerializeDeterministic(round->round.ballot()) == SerializeDeterministic(request.ballot())) {
    d.unchanged = 1;
    return d;
  }
  v1::BallotRulesChanged e;
  e.set_round_id(request.round_id());
  *e.mutable_ballot() = request.ballot();
  d.Add(RoundStream(request.round_id()), round->revision, e);
  return d;
}

}  // namespace prio::domain
