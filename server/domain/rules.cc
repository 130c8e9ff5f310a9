#include "server/domain/rules.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/utf8.h"
#include "vocabulary/authority.h"
#include "vocabulary/quarter.h"
#include "server/domain/compass.h"
#include "vocabulary/size_class.h"
#include "server/domain/streams.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"
#include "common/time_format.h"
#include "vocabulary/identifiers.h"

namespace prio::domain::rules {

absl::Status CheckText(std::string_view field, std::string_view value, std::size_t min_chars,
                       std::size_t max_chars, bool multiline) {
  const std::optional<std::size_t> length = Utf8Length(value);
  if (!length || !IsPrintableUtf8(value, multiline)) {
    return absl::InvalidArgumentError(absl::StrCat(
        ToAbsl(field), ": must be printable UTF-8 text",
        multiline ? "" : " on one line", " (no control characters)"));
  }
  if (*length < min_chars || *length > max_chars) {
    if (min_chars > 0 && *length == 0) {
      return absl::InvalidArgumentError(absl::StrCat(ToAbsl(field), ": is required"));
    }
    return absl::InvalidArgumentError(absl::StrCat(ToAbsl(field), ": must be ", min_chars, "-",
                                                   max_chars, " characters, got ", *length));
  }
  return absl::OkStatus();
}

absl::Status CheckEmail(std::string_view field, std::string_view email) {
  if (email.empty()) return absl::OkStatus();
  PRIO_RETURN_IF_ERROR(CheckText(field, email, 1, 254));
  const std::size_t at = email.find('@');
  const std::string_view domain =
      at == std::string_view::npos ? std::string_view() : email.substr(at + 1);
  const bool ok = at != std::string_view::npos && at > 0 && email.find('@', at + 1) == std::string_view::npos &&
                  domain.find('.') != std::string_view::npos && domain.front() != '.' &&
                  domain.back() != '.' && email.find(' ') == std::string_view::npos;
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      ToAbsl(field), ": \"", ToAbsl(email.substr(0, 60)),
      "\" is not an e-mail address (expected name@domain.de)"));
}

absl::Status CheckServiceId(std::string_view field, std::string_view id) {
  bool ok = !id.empty() && id.size() <= 32;
  for (char c : id) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-');
  }
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(
      ToAbsl(field), ": service id \"", ToAbsl(id.substr(0, 40)),
      "\" must be 1-32 characters of A-Z, a-z, 0-9, '.', '_', '-' (an OZG-ID such as 10000)"));
}

absl::Status CheckPersonDays(std::string_view field, double days) {
  if (std::isfinite(days) && days >= 0 && days <= kMaxPersonDays) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(ToAbsl(field), ": person-days must be 0-",
                                                 kMaxPersonDays, ", got ", days));
}

absl::StatusOr<std::string> CanonicalQuarter(std::string_view field, std::string_view text) {
  absl::StatusOr<vocab::Quarter> q = vocab::Quarter::Parse(text);
  if (!q.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(ToAbsl(field), ": ", q.status().message()));
  }
  return q->ToString();
}

absl::Status CheckEuros(std::string_view field, double euros) {
  if (std::isfinite(euros) && euros >= 0 && euros <= kMaxEuros) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(ToAbsl(field), ": euros must be 0-", kMaxEuros, ", got ", euros));
}

absl::StatusOr<const ServiceState*> FindCurrentService(const SurveyState& state,
                                                       std::string_view field,
                                                       std::string_view service_id) {
  PRIO_RETURN_IF_ERROR(CheckServiceId(absl::StrCat(ToAbsl(field), ".service_id"), service_id));
  const ServiceState* s = state.FindService(service_id);
  if (s == nullptr) {
    return absl::NotFoundError(absl::StrCat(ToAbsl(field), ": service ", ToAbsl(service_id),
                                            " is not in the catalogue"));
  }
  if (s->retired) {
    return absl::FailedPreconditionError(
        absl::StrCat(ToAbsl(field), ": service ", Describe(*s), " has been retired"));
  }
  return s;
}

void AddPlanningChange(const SurveyState& state, const google::protobuf::Message* current,
                       const google::protobuf::Message& event, Decision& d) {
  if (current != nullptr && SerializeDeterministic(*current) == SerializeDeterministic(event)) {
    ++d.unchanged;
    return;
  }
  d.Add(std::string(kPlanningStream), state.planning_revision(), event);
}

std::string Describe(const MunicipalityState& m) {
  return absl::StrCat(m.municipality.ags(), " (", m.municipality.name(), ")");
}

std::string Describe(const ServiceState& s) {
  return absl::StrCat(s.service.service_id(), " (", s.service.name(), ")");
}

absl::StatusOr<const RoundState*> FindOpenRound(const SurveyState& state,
                                                std::string_view round_id, absl::Time now) {
  if (absl::Status s = vocab::ValidateRoundId(round_id); !s.ok()) return s;
  const RoundState* round = state.FindRound(round_id);
  if (round == nullptr) {
    return absl::NotFoundError(absl::StrCat("round \"", ToAbsl(round_id), "\" does not exist"));
  }
  const int64_t now_us = absl::ToUnixMicros(now);
  if (round->closed) {
    return absl::FailedPreconditionError(
        absl::StrCat("round \"", ToAbsl(round_id), "\" was closed on ",
                     FormatTime(round->closed_at_us), "; it takes no more answers"));
  }
  if (now_us < round->round.opens_at_us()) {
    return absl::FailedPreconditionError(
        absl::StrCat("round \"", ToAbsl(round_id), "\" is not open yet; it opens on ",
                     FormatTime(round->round.opens_at_us())));
  }
  if (now_us >= round->round.closes_at_us()) {
    return absl::FailedPreconditionError(
        absl::StrCat("round \"", ToAbsl(round_id), "\" closed on ",
                     FormatTime(round->round.closes_at_us()), "; it takes no more answers"));
  }
  return round;
}

absl::StatusOr<const MunicipalityState*> FindParticipant(const SurveyState& state,
                                                         const RoundState& round,
                                                         std::string_view ags) {
  if (absl::Status s = vocab::ValidateAgs(ags); !s.ok()) return s;
  const MunicipalityState* m = state.FindMunicipality(ags);
  if (m == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("municipality ", ToAbsl(ags), " is not registered"));
  }
  if (!round.participants.contains(ToAbsl(ags))) {
    return absl::FailedPreconditionError(absl::StrCat("municipality ", Describe(*m),
                                                      " does not take part in round \"",
                                                      round.round.round_id(), "\""));
  }
  return m;
}

absl::StatusOr<const ServiceState*> FindAnswerableService(const SurveyState& state,
                                                          const RoundState& round,
                                                          const MunicipalityState& m,
                                                          std::string_view field,
                                                          std::string_view service_id) {
  if (absl::Status s = CheckServiceId(field, service_id); !s.ok()) return s;
  const ServiceState* service = state.FindService(service_id);
  if (service == nullptr) {
    return absl::NotFoundError(absl::StrCat(ToAbsl(field), ": service ", ToAbsl(service_id),
                                            " is not in the catalogue"));
  }
  if (service->retired) {
    return absl::FailedPreconditionError(
        absl::StrCat(ToAbsl(field), ": service ", Describe(*service), " has been retired"));
  }
  if (!round.InScope(service_id)) {
    return absl::FailedPreconditionError(absl::StrCat(ToAbsl(field), ": service ",
                                                      Describe(*service),
                                                      " is not among the services of round \"",
                                                      round.round.round_id(), "\""));
  }
  if (!MustProvide(state, m, *service)) {
    // Where the municipality handed the office to its Kreis, that is the reason.
    for (const auto& [id, r] : service->leika_responsibility) {
      auto x = m.exceptions.find(r.office());
      if (x != m.exceptions.end() && x->second.mode() == v1::OFFICE_EXCEPTION_MODE_HANDS_TO_KREIS) {
        return absl::FailedPreconditionError(absl::StrCat(
            ToAbsl(field), ": service ", Describe(*service), " is not the responsibility of ",
            Describe(m), ", which ", vocab::DescribeOfficeException(x->second)));
      }
    }
    return absl::FailedPreconditionError(absl::StrCat(
        ToAbsl(field), ": service ", Describe(*service), " is not the responsibility of a ",
        ToAbsl(vocab::SizeClassName(m.municipality.size_class())), " (", Describe(m), "); ",
        DescribeExecutor(*service)));
  }
  return service;
}

absl::Status CheckBallotRules(std::string_view field, const v1::BallotRules& rules) {
  switch (rules.kind()) {
    case v1::BALLOT_KIND_POINTS:
      if (rules.budget() < 1 || rules.budget() > kMaxBudget) {
        return absl::InvalidArgumentError(absl::StrCat(
            ToAbsl(field), ".budget: a points ballot needs a budget of 1-", kMaxBudget,
            " points, got ", rules.budget()));
      }
      if (rules.max_ranks() != 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(ToAbsl(field), ".max_ranks: only ranked ballots have a maximum length"));
      }
      return absl::OkStatus();
    case v1::BALLOT_KIND_RANKED:
      if (rules.max_ranks() < 1 || rules.max_ranks() > kMaxRanks) {
        return absl::InvalidArgumentError(absl::StrCat(
            ToAbsl(field), ".max_ranks: a ranked ballot needs a maximum length of 1-", kMaxRanks,
            ", got ", rules.max_ranks()));
      }
      if (rules.budget() != 0) {
        return absl::InvalidArgumentError(
            absl::StrCat(ToAbsl(field), ".budget: only points ballots have a budget"));
      }
      return absl::OkStatus();
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(ToAbsl(field), ".kind: must be points or ranked"));
  }
}

}  // namespace prio::domain::rules
