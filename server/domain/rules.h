// Shared checks and wording of the command rules (commands.h). Internal to the
// domain library.
#ifndef PRIO_SERVER_DOMAIN_RULES_H_
#define PRIO_SERVER_DOMAIN_RULES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "server/domain/commands.h"
#include "server/domain/survey_state.h"

namespace prio::domain::rules {

// `value` must be well-formed, printable UTF-8 of min_chars..max_chars characters
// (line breaks allowed when multiline). INVALID_ARGUMENT "FIELD: ..." otherwise.
absl::Status CheckText(std::string_view field, std::string_view value, std::size_t min_chars,
                       std::size_t max_chars, bool multiline = false);
// Empty, or an e-mail address: at most 254 characters, one '@' between a non-empty
// local part and a domain with a dot, no spaces or control characters.
absl::Status CheckEmail(std::string_view field, std::string_view email);
// Service ids: 1-32 of [A-Za-z0-9._-].
absl::Status CheckServiceId(std::string_view field, std::string_view id);
// A finite number of person-days, 0..kMaxPersonDays.
absl::Status CheckPersonDays(std::string_view field, double days);
// `text` as a canonical quarter ("2027-Q1"); INVALID_ARGUMENT "FIELD: ..." otherwise.
absl::StatusOr<std::string> CanonicalQuarter(std::string_view field, std::string_view text);
// A finite amount of euros, 0..kMaxEuros.
absl::Status CheckEuros(std::string_view field, double euros);
// The service, if catalogued (NOT_FOUND naming `field`) and not retired
// (FAILED_PRECONDITION).
absl::StatusOr<const ServiceState*> FindCurrentService(const SurveyState& state,
                                                       std::string_view field,
                                                       std::string_view service_id);

// Appends `event` to the planning stream, unless `current` (the state's value for the
// same key, or nullptr) is the same message: then counts it as unchanged.
void AddPlanningChange(const SurveyState& state, const google::protobuf::Message* current,
                       const google::protobuf::Message& event, Decision& d);

// "05758004 (Bünde)", "10000 (Elterngeld)"
std::string Describe(const MunicipalityState& m);
std::string Describe(const ServiceState& s);

// The round, if it exists (NOT_FOUND) and takes answers at `now` (FAILED_PRECONDITION
// naming the opening or closing time).
absl::StatusOr<const RoundState*> FindOpenRound(const SurveyState& state,
                                                std::string_view round_id, absl::Time now);
// The municipality, if registered (NOT_FOUND) and participating in `round`
// (FAILED_PRECONDITION).
absl::StatusOr<const MunicipalityState*> FindParticipant(const SurveyState& state,
                                                         const RoundState& round,
                                                         std::string_view ags);
// The service, if catalogued (NOT_FOUND), not retired, in the round's scope and one
// the municipality must provide (compass.h; FAILED_PRECONDITION naming the service,
// the size class and who executes it).
absl::StatusOr<const ServiceState*> FindAnswerableService(const SurveyState& state,
                                                          const RoundState& round,
                                                          const MunicipalityState& m,
                                                          std::string_view field,
                                                          std::string_view service_id);
// A ballot rule set that is complete and within limits.
absl::Status CheckBallotRules(std::string_view field, const v1::BallotRules& rules);

}  // namespace prio::domain::rules

#endif  // PRIO_SERVER_DOMAIN_RULES_H_
