// The survey's command rules: for each command, a pure function that checks a request
// against the current SurveyState and decides which events to append, with the
// stream revisions it read as expected revisions.
//
//   PRIO_ASSIGN_OR_RETURN(Decision d, DecideSubmitNeeds(state, request, ctx));
//   // d.writes: what to append; nothing was written yet.
//
// Every function returns the first violated rule as a status whose message a
// municipal clerk can act on (codes as in proto/prio/v1/commands.proto) and then
// decides nothing. No function has side effects; they are thread-compatible (call
// them under the lock that keeps `state` still).
#ifndef PRIO_SERVER_DOMAIN_COMMANDS_H_
#define PRIO_SERVER_DOMAIN_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "prio/v1/commands.pb.h"
#include "server/domain/personal_data.h"
#include "server/domain/survey_state.h"
#include "storage/event_store.h"

namespace prio::domain {

// Limits (INVALID_ARGUMENT naming the field when exceeded).
inline constexpr std::size_t kMaxServicesPerImport = 10'000;
inline constexpr std::size_t kMaxLeikaPerImport = 100'000;
inline constexpr std::size_t kMaxMunicipalitiesPerImport = 20'000;
inline constexpr std::size_t kMaxExceptionsPerImport = 10'000;
inline constexpr std::size_t kMaxParticipants = 20'000;
inline constexpr std::size_t kMaxNeedsPerCommand = 10'000;
inline constexpr uint32_t kMaxBudget = 1'000'000;
inline constexpr uint32_t kMaxRanks = 1'000;
inline constexpr uint32_t kMaxHorizonQuarters = 40;
inline constexpr int64_t kMaxYearlyCases = 1'000'000'000;
inline constexpr double kMaxPersonDays = 1'000'000;
inline constexpr double kMaxEuros = 1e12;

struct CommandContext {
  std::string principal;  // who issues the command
  // The caller is provider staff (an admin token). For the answer commands this means
  // entering a municipality's answers on its behalf (RoundOpened.answers_by_provider).
  bool provider_staff = false;
  absl::Time now;
  // Seals personal data into the events (personal_data.h); nullptr keeps it plain.
  PersonalDataCipher* cipher = nullptr;
};

struct PendingEvent {
  std::string type;  // the payload's message name, e.g. "NeedSubmitted"
  std::string data;  // its serialization
};

struct StreamWrite {
  std::string stream;
  storage::ExpectedRevision expected;
  std::vector<PendingEvent> events;
};

struct Decision {
  std::vector<StreamWrite> writes;  // in append order; empty: nothing to write
  uint32_t unchanged = 0;           // entries that already had the requested value

  // Appends `event` to the write for `stream` (created with `revision` as the
  // expected revision on first use).
  void Add(const std::string& stream, int64_t revision, const google::protobuf::Message& event);
  std::size_t event_count() const;
};

absl::StatusOr<Decision> DecideImportCatalog(const SurveyState& state,
                                             const v1::ImportCatalogRequest& request,
                                             const CommandContext& ctx);
absl::StatusOr<Decision> DecideRetireServices(const SurveyState& state,
                                              const v1::RetireServicesRequest& request,
                                              const CommandContext& ctx);
absl::StatusOr<Decision> DecideImportResponsibility(
    const SurveyState& state, const v1::ImportResponsibilityRequest& request,
    const CommandContext& ctx);
absl::StatusOr<Decision> DecideImportOfficeExceptions(
    const SurveyState& state, const v1::ImportOfficeExceptionsRequest& request,
    const CommandContext& ctx);
absl::StatusOr<Decision> DecideImportMunicipalities(
    const SurveyState& state, const v1::ImportMunicipalitiesRequest& request,
    const CommandContext& ctx);

absl::StatusOr<Decision> DecideOpenRound(const SurveyState& state,
                                         const v1::OpenRoundRequest& request,
                                         const CommandContext& ctx);
absl::StatusOr<Decision> DecideExtendRound(const SurveyState& state,
                                           const v1::ExtendRoundRequest& request,
                                           const CommandContext& ctx);
absl::StatusOr<Decision> DecideCloseRound(const SurveyState& state,
                                          const v1::CloseRoundRequest& request,
                                          const CommandContext& ctx);
absl::StatusOr<Decision> DecideChangeBallotRules(const SurveyState& state,
                                                 const v1::ChangeBallotRulesRequest& request,
                                                 const CommandContext& ctx);

absl::StatusOr<Decision> DecideSubmitNeeds(const SurveyState& state,
                                           const v1::SubmitNeedsRequest& request,
                                           const CommandContext& ctx);
absl::StatusOr<Decision> DecideWithdrawNeeds(const SurveyState& state,
                                             const v1::WithdrawNeedsRequest& request,
                                             const CommandContext& ctx);
absl::StatusOr<Decision> DecideCastBallot(const SurveyState& state,
                                          const v1::CastBallotRequest& request,
                                          const CommandContext& ctx);
absl::StatusOr<Decision> DecideWithdrawBallot(const SurveyState& state,
                                              const v1::WithdrawBallotRequest& request,
                                              const CommandContext& ctx);

absl::StatusOr<Decision> DecideSetEffort(const SurveyState& state,
                                         const v1::SetEffortRequest& request,
                                         const CommandContext& ctx);
absl::StatusOr<Decision> DecideDeclareCapacity(const SurveyState& state,
                                               const v1::DeclareCapacityRequest& request,
                                               const CommandContext& ctx);
absl::StatusOr<Decision> DecideSetOfferings(const SurveyState& state,
                                            const v1::SetOfferingsRequest& request,
                                            const CommandContext& ctx);
absl::StatusOr<Decision> DecideSetDeadlines(const SurveyState& state,
                                            const v1::SetDeadlinesRequest& request,
                                            const CommandContext& ctx);

// The metadata every event of a command records (events.proto): principal,
// correlation-id and command.
storage::Metadata CommandMetadata(std::string_view principal, std::string_view command,
                                  std::string_view correlation_id);

// Request ids: 1-64 printable ASCII characters (INVALID_ARGUMENT otherwise); empty is
// allowed and means "no idempotency".
absl::Status ValidateRequestId(std::string_view request_id);

}  // namespace prio::domain

#endif  // PRIO_SERVER_DOMAIN_COMMANDS_H_
