#include "server/survey_command_service.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "server/grpc_status.h"
#include "server/security/aead.h"
#include "common/absl_compat.h"
#include "storage/record.h"
#include "common/status_macros.h"

namespace prio::server {
namespace {

using domain::Decision;
using domain::SurveyState;

std::string Truncated(const storage::Hash& h, std::size_t n) {
  return std::string(reinterpret_cast<const char*>(h.data()), n);
}

// What identifies a command's events across retries: (principal, request id).
std::string RequestKey(std::string_view principal, std::string_view request_id) {
  return absl::StrCat(ToAbsl(principal), absl::string_view("\0", 1), ToAbsl(request_id));
}

v1::CommandResponse ReplayedResponse(const domain::RequestRecord& r) {
  v1::CommandResponse response;
  response.set_first_position(r.first_position);
  response.set_last_position(r.last_position);
  response.set_events_written(r.events);
  for (const auto& [type, n] : r.event_counts) (*response.mutable_event_counts())[type] = n;
  response.set_replayed(true);
  response.set_correlation_id(r.correlation_id);
  return response;
}

}  // namespace

template <typename Request, typename Decide>
grpc::ServerUnaryReactor* SurveyCommandService::Run(grpc::CallbackServerContext* ctx,
                                                    std::string_view command,
                                                    const Request* request, LockMode mode,
                                                    Decide decide,
                                                    v1::CommandResponse* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::StatusOr<security::Principal> caller =
      authorizer_->Authorize(*ctx, absl::StrCat("SurveyCommands/", ToAbsl(command)), *request);
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  std::string principal = std::move(caller->name);
  workers_->Schedule([this, reactor, command, request, mode, decide, response,
                      principal = std::move(principal)]() mutable {
    Execute(
        command, std::move(principal), *request, request->options(), mode,
        [&](const SurveyState& state, const domain::CommandContext& c) {
          return decide(state, *request, c);
        },
        [reactor, response](absl::StatusOr<v1::CommandResponse> result) {
          if (result.ok()) *response = *std::move(result);
          reactor->Finish(ToGrpcStatus(result.status()));
        });
  });
  return reactor;
}

void SurveyCommandService::Execute(std::string_view command, std::string principal,
                                   const google::protobuf::Message& request,
                                   const v1::CommandOptions& options, LockMode mode,
                                   DecideFn decide, Done done) {
  if (absl::Status s = domain::ValidateRequestId(options.request_id()); !s.ok()) {
    std::move(done)(s);
    return;
  }
  const std::string& request_id = options.request_id();

  // Step 1; from here on every path releases the gate exactly once.
  gate_.Acquire(mode);
  auto finish = [this, mode, &done](absl::StatusOr<v1::CommandResponse> result) {
    gate_.Release(mode);
    std::move(done)(std::move(result));
  };
  if (absl::Status s = projection_->CatchUp(); !s.ok()) return finish(s);

  const std::string request_hash =
      storage::HexEncode(storage::Sha256(domain::SerializeDeterministic(request)));
  domain::CommandContext ctx{.principal = principal, .now = absl::Now(), .cipher = cipher_};
  absl::StatusOr<Decision> decision;
  std::optional<v1::CommandResponse> replay;
  projection_->Read([&](const SurveyState& state) {
    if (!request_id.empty()) {
      if (const domain::RequestRecord* r = state.FindRequest(principal, request_id)) {
        if (r->request_hash == request_hash) {
          replay = ReplayedResponse(*r);
        } else {
          decision = absl::AlreadyExistsError(absl::StrCat(
              "request id \"", request_id, "\" was already used for another command (",
              r->command, " at position ", r->first_position, "); use a new request id"));
        }
        return;
      }
    }
    decision = decide(state, ctx);
  });
  if (replay) return finish(*replay);
  if (!decision.ok()) return finish(decision.status());

  v1::CommandResponse response;
  response.set_unchanged(decision->unchanged);
  if (decision->writes.empty()) return finish(response);

  // Step 5: one atomic append.
  const std::string key = RequestKey(principal, request_id);
  const std::string correlation_id =
      request_id.empty()
          ? storage::HexEncode(security::RandomBytes(16))
          : storage::HexEncode(Truncated(storage::Sha256("prio-correlation", key), 16));
  storage::Metadata metadata = domain::CommandMetadata(principal, command, correlation_id);
  if (!request_id.empty()) {
    metadata[std::string(domain::kMetaRequestId)] = request_id;
    metadata[std::string(domain::kMetaRequestHash)] = request_hash;
  }
  storage::AppendRequest append;
  uint32_t index = 0;
  for (domain::StreamWrite& write : decision->writes) {
    storage::StreamAppend& sa = append.appends.emplace_back();
    sa.stream = std::move(write.stream);
    sa.expected = write.expected;
    for (domain::PendingEvent& e : write.events) {
      storage::ProposedEvent& pe = sa.events.emplace_back();
      pe.event_id = request_id.empty()
                        ? security::RandomBytes(storage::kEventIdBytes)
                        : Truncated(storage::Sha256(absl::StrCat("prio-event", key),
                                                    absl::StrCat(index)),
                                    storage::kEventIdBytes);
      ++index;
      ++(*response.mutable_event_counts())[e.type];
      pe.type = std::move(e.type);
      pe.data = std::move(e.data);
      pe.metadata = metadata;
    }
  }
  response.set_events_written(index);
  response.set_correlation_id(correlation_id);
  store_->AppendAsync(
      std::move(append),
      [this, mode, done = std::move(done),
       response = std::move(response)](absl::StatusOr<storage::AppendResult> result) mutable {
        gate_.Release(mode);
        if (absl::IsAborted(result.status())) {
          std::move(done)(absl::AbortedError(absl::StrCat(
              "a concurrent change came first (", result.status().message(),
              "); nothing was written - send the command again")));
          return;
        }
        if (!result.ok()) {
          std::move(done)(result.status());
          return;
        }
        response.set_first_position(result->first_position);
        response.set_last_position(result->last_position);
        std::move(done)(std::move(response));
      });
}

#define PRIO_COMMAND(Name, Mode)                                                           \
  grpc::ServerUnaryReactor* SurveyCommandService::Name(grpc::CallbackServerContext* ctx,  \
                                                       const v1::Name##Request* request,   \
                                                       v1::CommandResponse* response) {   \
    return Run(ctx, #Name, request, LockMode::Mode, &domain::Decide##Name, response);     \
  }

// Reference data and round lifecycle exclude every other command while they run.
PRIO_COMMAND(ImportCatalog, kExclusive)
PRIO_COMMAND(RetireServices, kExclusive)
PRIO_COMMAND(ImportResponsibility, kExclusive)
PRIO_COMMAND(ImportOfficeExceptions, kExclusive)
PRIO_COMMAND(ImportMunicipalities, kExclusive)
PRIO_COMMAND(OpenRound, kExclusive)
PRIO_COMMAND(ExtendRound, kExclusive)
PRIO_COMMAND(CloseRound, kExclusive)
PRIO_COMMAND(ChangeBallotRules, kExclusive)
// Answers and planning inputs run side by side; expected revisions order them.
PRIO_COMMAND(SubmitNeeds, kShared)
PRIO_COMMAND(WithdrawNeeds, kShared)
PRIO_COMMAND(CastBallot, kShared)
PRIO_COMMAND(WithdrawBallot, kShared)
PRIO_COMMAND(SetEffort, kShared)
PRIO_COMMAND(DeclareCapacity, kShared)

#undef PRIO_COMMAND

}  // namespace prio::server
