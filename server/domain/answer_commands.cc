// A municipality's answers in a round: needs (submit, amend, withdraw) and its
// priority ballot (cast, which replaces any earlier one, and withdraw).
#include <set>

#include "absl/strings/str_cat.h"
#include "server/domain/commands.h"
#include "vocabulary/quarter.h"
#include "server/domain/rules.h"
#include "server/domain/streams.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"

namespace prio::domain {
namespace {

struct Respondent {
  const RoundState* round;
  const MunicipalityState* municipality;
  const AnswersState* answers;  // nullptr before the first answer
  int64_t revision;
  std::string stream;
  std::string entered_by;  // the staff principal answering on the municipality's behalf
};

// The open round, the participant and its answers. Provider staff may answer for a
// participant only where the round allows it (FAILED_PRECONDITION otherwise).
absl::StatusOr<Respondent> FindRespondent(const SurveyState& state, std::string_view round_id,
                                          std::string_view ags, const CommandContext& ctx) {
  Respondent r;
  PRIO_ASSIGN_OR_RETURN(r.round, rules::FindOpenRound(state, round_id, ctx.now));
  PRIO_ASSIGN_OR_RETURN(r.municipality, rules::FindParticipant(state, *r.round, ags));
  if (ctx.provider_staff) {
    if (!r.round->round.answers_by_provider()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "round \"", ToAbsl(round_id), "\" takes answers from its participants only: provider "
          "staff may enter a municipality's answers only in a round opened with "
          "answers_by_provider (prio round open --answers-by-provider)"));
    }
    r.entered_by = ctx.principal;
  }
  auto it = r.round->answers.find(std::string(ags));
  r.answers = it == r.round->answers.end() ? nullptr : &it->second;
  r.revision = r.answers == nullptr ? kNoRevision : r.answers->revision;
  r.stream = AnswersStream(round_id, ags);
  return r;
}

bool SupportsLevel(v1::NeedLevel level) {
  return level == v1::NEED_LEVEL_REQUIRED || level == v1::NEED_LEVEL_WANTED ||
         level == v1::NEED_LEVEL_OPTIONAL;
}

absl::Status CheckNeed(const std::string& field, const v1::RoundOpened& round, v1::Need* need) {
  if (need->level() < v1::NEED_LEVEL_REQUIRED || need->level() > v1::NEED_LEVEL_ALREADY_LIVE) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ".level: choose required, wanted, optional, not-needed or already-live"));
  }
  if (!need->desired_start_quarter().empty()) {
    absl::StatusOr<vocab::Quarter> q = vocab::Quarter::Parse(need->desired_start_quarter());
    if (!q.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".desired_start_quarter: ", q.status().message()));
    }
    const vocab::Quarter first = *vocab::Quarter::Parse(round.plan_start_quarter());
    const vocab::Quarter last = first.Plus(static_cast<int>(round.horizon_quarters()) - 1);
    if (*q < first || *q > last) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".desired_start_quarter: ", q->ToString(),
          " is outside the round's planning window ", first.ToString(), " to ", last.ToString()));
    }
    need->set_desired_start_quarter(q->ToString());
  }
  if (need->has_yearly_cases() &&
      (need->yearly_cases() < 0 || need->yearly_cases() > kMaxYearlyCases)) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".yearly_cases: must be 0-",
                                                   kMaxYearlyCases, ", got ",
                                                   need->yearly_cases()));
  }
  // A department must be named wherever the municipality will do work.
  PRIO_RETURN_IF_ERROR(rules::CheckText(absl::StrCat(field, ".department"), need->department(),
                                        SupportsLevel(need->level()) ? 1 : 0, 100));
  PRIO_RETURN_IF_ERROR(
      rules::CheckText(absl::StrCat(field, ".comment"), need->comment(), 0, 2000, true));
  PRIO_RETURN_IF_ERROR(
      rules::CheckText(absl::StrCat(field, ".contact_name"), need->contact_name(), 0, 200));
  PRIO_RETURN_IF_ERROR(rules::CheckEmail(absl::StrCat(field, ".contact_email"),
                                         need->contact_email()));
  if (!need->sealed_personal().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ".sealed_personal: is set by the server; send comment, contact_name and "
               "contact_email in plain text"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Decision> DecideSubmitNeeds(const SurveyState& state,
                                           const v1::SubmitNeedsRequest& request,
                                           const CommandContext& ctx) {
  PRIO_ASSIGN_OR_RETURN(Respondent r,
                        FindRespondent(state, request.round_id(), request.ags(), ctx));
  if (request.needs().empty() ||
      static_cast<std::size_t>(request.needs_size()) > kMaxNeedsPerCommand) {
    return absl::InvalidArgumentError(absl::StrCat("needs: submit 1-", kMaxNeedsPerCommand,
                                                   " needs, got ", request.needs_size()));
  }
  Decision d;
  std::set<std::string_view> seen;
  for (int i = 0; i < request.needs_size(); ++i) {
    const std::string field = absl::StrCat("needs[", i, "]");
    v1::Need need = request.needs(i);
    need.set_entered_by(r.entered_by);  // never what the sender says
    PRIO_RETURN_IF_ERROR(rules::FindAnswerableService(state, *r.round, *r.municipality,
                                                      absl::StrCat(field, ".service_id"),
                                                      need.service_id())
                             .status());
    if (!seen.insert(request.needs(i).service_id()).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ".service_id: service ", need.service_id(), " appears twice in this submission"));
    }
    PRIO_RETURN_IF_ERROR(CheckNeed(field, r.round->round, &need));
    const std::string* current = nullptr;
    if (r.answers != nullptr) {
      auto it = r.answers->needs.find(need.service_id());
      if (it != r.answers->needs.end()) current = &it->second;
    }
    if (current != nullptr) {
      v1::Need previous;
      previous.ParseFromString(*current);
      // A need whose personal data can no longer be read (erased) is written anew. Staff
      // entering what is already there change nothing (the answer stays whose it was).
      v1::Need compare = need;
      if (ctx.provider_staff) compare.set_entered_by(previous.entered_by());
      if (OpenNeed(ctx.cipher, request.ags(), request.round_id(), &previous).ok() &&
          SerializeDeterministic(previous) == SerializeDeterministic(compare)) {
        ++d.unchanged;
        continue;
      }
    }
    PRIO_RETURN_IF_ERROR(SealNeed(ctx.cipher, request.ags(), request.round_id(), &need));
    if (current == nullptr) {
      v1::NeedSubmitted e;
      e.set_round_id(request.round_id());
      e.set_ags(request.ags());
      *e.mutable_need() = need;
      d.Add(r.stream, r.revision, e);
    } else {
      v1::NeedAmended e;
      e.set_round_id(request.round_id());
      e.set_ags(request.ags());
      *e.mutable_need() = need;
      d.Add(r.stream, r.revision, e);
    }
  }
  return d;
}

absl::StatusOr<Decision> DecideWithdrawNeeds(const SurveyState& state,
                                             const v1::WithdrawNeedsRequest& request,
                                             const CommandContext& ctx) {
  PRIO_ASSIGN_OR_RETURN(Respondent r,
                        FindRespondent(state, request.round_id(), request.ags(), ctx));
  if (request.service_ids().empty()) {
    return absl::InvalidArgumentError("service_ids: name at least one service");
  }
  Decision d;
  std::set<std::string_view> seen;
  for (int i = 0; i < request.service_ids_size(); ++i) {
    const std::string& id = request.service_ids(i);
    const std::string field = absl::StrCat("service_ids[", i, "]");
    PRIO_RETURN_IF_ERROR(rules::CheckServiceId(field, id));
    if (!seen.insert(id).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": service ", id, " appears twice"));
    }
    if (r.answers == nullptr || !r.answers->needs.contains(id)) {
      return absl::NotFoundError(absl::StrCat(field, ": ", rules::Describe(*r.municipality),
                                              " has no need for service ", id, " in round \"",
                                              request.round_id(), "\""));
    }
    v1::NeedWithdrawn e;
    e.set_round_id(request.round_id());
    e.set_ags(request.ags());
    e.set_service_id(id);
    e.set_entered_by(r.entered_by);
    d.Add(r.stream, r.revision, e);
  }
  return d;
}

absl::StatusOr<Decision> DecideCastBallot(const SurveyState& state,
                                          const v1::CastBallotRequest& request,
                                          const CommandContext& ctx) {
  PRIO_ASSIGN_OR_RETURN(Respondent r,
                        FindRespondent(state, request.round_id(), request.ags(), ctx));
  const v1::BallotRules& rules = r.round->round.ballot();
  v1::Ballot ballot = request.ballot();
  ballot.set_entered_by(r.entered_by);  // never what the sender says
  std::set<std::string_view> seen;
  if (rules.kind() == v1::BALLOT_KIND_POINTS) {
    if (!ballot.ranked().empty() || ballot.points().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "ballot: round \"", request.round_id(), "\" takes points ballots (a budget of ",
          rules.budget(), " points over its services); give points to at least one service"));
    }
    uint64_t sum = 0;
    for (int i = 0; i < ballot.points_size(); ++i) {
      const v1::PointsAllocation& p = ballot.points(i);
      const std::string field = absl::StrCat("ballot.points[", i, "]");
      PRIO_RETURN_IF_ERROR(rules::FindAnswerableService(state, *r.round, *r.municipality,
                                                        absl::StrCat(field, ".service_id"),
                                                        p.service_id())
                               .status());
      if (!seen.insert(p.service_id()).second) {
        return absl::InvalidArgumentError(absl::StrCat(
            field, ": service ", p.service_id(), " appears twice; give it all its points once"));
      }
      sum += p.points();
    }
    if (sum > rules.budget()) {
      return absl::InvalidArgumentError(absl::StrCat("ballot.points: the points add up to ", sum,
                                                     ", more than the budget of ",
                                                     rules.budget()));
    }
  } else {
    if (!ballot.points().empty() || ballot.ranked().empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "ballot: round \"", request.round_id(),
          "\" takes ranked ballots (an ordered list of at most ", rules.max_ranks(),
          " services); rank at least one service"));
    }
    if (static_cast<uint32_t>(ballot.ranked_size()) > rules.max_ranks()) {
      return absl::InvalidArgumentError(absl::StrCat("ballot.ranked: ", ballot.ranked_size(),
                                                     " services ranked, at most ",
                                                     rules.max_ranks(), " allowed"));
    }
    for (int i = 0; i < ballot.ranked_size(); ++i) {
      const std::string field = absl::StrCat("ballot.ranked[", i, "]");
      PRIO_RETURN_IF_ERROR(rules::FindAnswerableService(state, *r.round, *r.municipality, field,
                                                        ballot.ranked(i))
                               .status());
      if (!seen.insert(ballot.ranked(i)).second) {
        return absl::InvalidArgumentError(absl::StrCat(
            field, ": service ", ballot.ranked(i), " is ranked twice"));
      }
    }
  }
  Decision d;
  if (r.answers != nullptr && r.answers->ballot.has_value()) {
    v1::Ballot compare = ballot;
    if (ctx.provider_staff) {  // entering what is already there changes nothing
      v1::Ballot current;
      current.ParseFromString(*r.answers->ballot);
      compare.set_entered_by(current.entered_by());
    }
    if (*r.answers->ballot == SerializeDeterministic(compare)) {
      d.unchanged = 1;
      return d;
    }
  }
  v1::BallotCast e;
  e.set_round_id(request.round_id());
  e.set_ags(request.ags());
  *e.mutable_ballot() = ballot;
  d.Add(r.stream, r.revision, e);
  return d;
}

absl::StatusOr<Decision> DecideWithdrawBallot(const SurveyState& state,
                                              const v1::WithdrawBallotRequest& request,
                                              const CommandContext& ctx) {
  PRIO_ASSIGN_OR_RETURN(Respondent r,
                        FindRespondent(state, request.round_id(), request.ags(), ctx));
  if (r.answers == nullptr || !r.answers->ballot.has_value()) {
    return absl::NotFoundError(absl::StrCat(rules::Describe(*r.municipality),
                                            " has no ballot in round \"", request.round_id(),
                                            "\" to withdraw"));
  }
  v1::BallotWithdrawn e;
  e.set_round_id(request.round_id());
  e.set_ags(request.ags());
  e.set_entered_by(r.entered_by);
  Decision d;
  d.Add(r.stream, r.revision, e);
  return d;
}

}  // namespace prio::domain
