#include "server/command_runner.h"

#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/absl_compat.h"
#include "common/hex.h"
#include "server/security/aead.h"
#include "storage/record.h"

namespace prio::server {
namespace {

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

void CommandRunner::Run(const CommandCall& call, DecideFn decide, Done done) {
  const std::string& request_id = call.options->request_id();
  if (absl::Status s = domain::ValidateRequestId(request_id); !s.ok()) {
    std::move(done)(s);
    return;
  }
  const CommandGate::Mode mode = call.mode;
  const std::string& principal = call.principal;

  // Step 1; from here on every path releases the gate exactly once.
  gate_.Acquire(mode);
  auto finish = [this, mode, &done](absl::StatusOr<v1::CommandResponse> result) {
    gate_.Release(mode);
    std::move(done)(std::move(result));
  };
  // Step 2.
  if (absl::Status s = projection_->CatchUp(); !s.ok()) return finish(s);

  // Steps 3 and 4, under the projection's reader lock.
  const std::string request_hash =
      HexEncode(storage::AsStringView(storage::Sha256(domain::SerializeDeterministic(*call.request))));
  domain::CommandContext ctx{.principal = principal,
                             .provider_staff = call.provider_staff,
                             .now = absl::Now(),
                             .cipher = cipher_};
  absl::StatusOr<domain::Decision> decision;
  std::optional<v1::CommandResponse> replay;
  projection_->Read([&](const domain::SurveyState& state) {
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
      request_id.empty() ? HexEncode(security::RandomBytes(16))
                         : HexEncode(Truncated(storage::Sha256("prio-correlation", key), 16));
  storage::Metadata metadata = domain::CommandMetadata(principal, call.command, correlation_id);
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

absl::StatusOr<v1::CommandResponse> CommandRunner::RunAndWait(const CommandCall& call,
                                                               DecideFn decide) {
  absl::Notification finished;
  absl::StatusOr<v1::CommandResponse> out;
  Run(call, decide, [&](absl::StatusOr<v1::CommandResponse> result) {
    out = std::move(result);
    finished.Notify();
  });
  finished.WaitForNotification();
  return out;
}

}  // namespace prio::server
