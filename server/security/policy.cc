#include "server/security/policy.h"

namespace prio::security {
namespace {

constexpr uint32_t kAdmin = RoleBit(v1::ROLE_ADMIN);
constexpr uint32_t kMunicipality = RoleBit(v1::ROLE_MUNICIPALITY);
constexpr uint32_t kService = RoleBit(v1::ROLE_SERVICE);
constexpr uint32_t kAuditor = RoleBit(v1::ROLE_AUDITOR);
constexpr uint32_t kReaders = kAdmin | kService | kAuditor;
constexpr uint32_t kEveryone = kReaders | kMunicipality;

using enum MunicipalityScope;

constexpr MethodPolicy kPolicies[] = {
    // The raw event log: the survey's events carry every municipality's answers.
    {"EventStore/Append", kAdmin},  // streams outside the survey's only
    {"EventStore/ReadStream", kReaders},
    {"EventStore/ReadAll", kReaders},
    {"EventStore/Subscribe", kReaders},
    {"EventStore/Head", kEveryone},

    // Reference data, rounds and planning inputs: provider staff.
    {"SurveyCommands/ImportCatalog", kAdmin},
    {"SurveyCommands/RetireServices", kAdmin},
    {"SurveyCommands/ImportResponsibility", kAdmin},
    {"SurveyCommands/ImportOfficeExceptions", kAdmin},
    {"SurveyCommands/ImportMunicipalities", kAdmin},
    {"SurveyCommands/OpenRound", kAdmin},
    {"SurveyCommands/ExtendRound", kAdmin},
    {"SurveyCommands/CloseRound", kAdmin},
    {"SurveyCommands/ChangeBallotRules", kAdmin},
    // Answers: the municipality itself; provider staff on its behalf only where the
    // round allows it (RoundOpened.answers_by_provider, checked by the command).
    {"SurveyCommands/SubmitNeeds", kMunicipality | kAdmin, kOwnAgs},
    {"SurveyCommands/WithdrawNeeds", kMunicipality | kAdmin, kOwnAgs},
    {"SurveyCommands/CastBallot", kMunicipality | kAdmin, kOwnAgs},
    {"SurveyCommands/WithdrawBallot", kMunicipality | kAdmin, kOwnAgs},
    {"SurveyCommands/SetEffort", kAdmin},
    {"SurveyCommands/DeclareCapacity", kAdmin},
    {"SurveyCommands/SetOfferings", kAdmin},
    {"SurveyCommands/SetDeadlines", kAdmin},

    {"SurveyQueries/ListServices", kEveryone},
    {"SurveyQueries/GetService", kEveryone},
    {"SurveyQueries/ListMunicipalities", kEveryone},
    {"SurveyQueries/ListRounds", kEveryone},
    {"SurveyQueries/GetRound", kEveryone},
    // Answers carry personal data: not for internal services.
    {"SurveyQueries/GetAnswers", kAdmin | kAuditor | kMunicipality, kOwnAgs},
    {"SurveyQueries/Ranking", kEveryone, kResults},
    {"SurveyQueries/Plan", kEveryone, kResults},  // a municipality sees its own departments
    // Every participant's ballot (AGS and points, no personal data): as the ranking.
    {"SurveyQueries/ExportRound", kAdmin | kAuditor, kResults},
    {"SurveyQueries/RoundStatus", kReaders},
    {"SurveyQueries/Compass", kEveryone, kOwnAgs},
    {"SurveyQueries/Watch", kReaders},
    {"SurveyQueries/VerifyChain", kAdmin | kAuditor},
    {"SurveyQueries/Rebuild", kAdmin},

    {"Security/CreateToken", kAdmin},
    {"Security/RevokeToken", kAdmin},
    {"Security/ListTokens", kAdmin | kAuditor},
    {"Security/WhoAmI", kEveryone},
    {"Security/ErasePersonalData", kAdmin},

    // The verifiable history: checkpoints and proofs name and return raw events.
    {"Audit/GetPublicKey", kEveryone},
    {"Audit/CreateCheckpoint", kAdmin | kAuditor},
    {"Audit/GetCheckpoint", kReaders},
    {"Audit/ListCheckpoints", kReaders},
    {"Audit/ProveInclusion", kAdmin | kAuditor},
    {"Audit/ProveConsistency", kReaders},
};

}  // namespace

std::span<const MethodPolicy> Policies() { return kPolicies; }

const MethodPolicy* FindPolicy(std::string_view method) {
  for (const MethodPolicy& p : kPolicies) {
    if (p.method == method) return &p;
  }
  return nullptr;
}

std::string_view RoleSummary(v1::Role role) {
  switch (role) {
    case v1::ROLE_ADMIN:
      return "admin tokens manage the catalogue, municipalities, rounds, planning inputs and "
             "tokens, and read everything; answers are given by the municipalities' own tokens";
    case v1::ROLE_MUNICIPALITY:
      return "municipality tokens submit and withdraw their own municipality's needs and "
             "ballot, read the catalogue, municipalities and rounds, their own answers and "
             "compass, and rankings and plans of their rounds as the round's results "
             "visibility allows";
    case v1::ROLE_SERVICE:
      return "service tokens read and watch rankings, plans, round status and events, and "
             "never write";
    case v1::ROLE_AUDITOR:
      return "auditor tokens read everything and verify the chain, and never write";
    default:
      return "this token has no role";
  }
}

}  // namespace prio::security
