// CommandRunner: runs one survey command against the store, without any transport.
// The gRPC service (survey_command_service.h) authorizes a call and hands it here;
// tests and tools may call it directly.
//
// Run takes these steps:
//   1. take the command gate: shared for a municipality's answers and planning
//      inputs, exclusive for reference data and round lifecycle (so that an answer is
//      never validated against a round that is closing or a catalogue being replaced);
//   2. catch the survey state up to the log's head (so a caller's next command always
//      sees its previous one);
//   3. answer a retried request id from the state (nothing is written again;
//      `replayed` is set); a request id reused for a different request is refused;
//   4. decide (server/domain/commands.h): validate and build the events;
//   5. append them atomically with the stream revisions read in step 4 as expected
//      revisions (a concurrent change to the same stream is ABORTED), with metadata
//      principal, correlation-id, command and request-id/request-hash. The append
//      joins the store's group commit without blocking the caller's thread; the gate
//      is released and `done` called once the events are durable (or failed).
// Event ids and the correlation id of a command with a request id are derived from
// (principal, request id, index), so that even two racing retries append the events
// once; without a request id they are random.
//
// Errors passed to `done`: INVALID_ARGUMENT (a bad request id, or the decision's own
// refusal), ALREADY_EXISTS (request id used for another command), ABORTED (a
// concurrent change came first; nothing written), those of Decide*, of
// SurveyProjection::CatchUp and of EventStore::AppendAsync.
//
// Thread-safe: Run may be called from any number of threads.
#ifndef PRIO_SERVER_COMMAND_RUNNER_H_
#define PRIO_SERVER_COMMAND_RUNNER_H_

#include <string>
#include <string_view>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "prio/v1/commands.pb.h"
#include "server/command_gate.h"
#include "server/domain/commands.h"
#include "server/survey_projection.h"
#include "storage/event_store.h"

namespace prio::server {

struct CommandCall {
  std::string_view command;  // "SubmitNeeds": recorded in each event's metadata
  std::string principal;     // who sends it (security/principal.h): recorded too
  bool provider_staff = false;  // it is an admin's (CommandContext::provider_staff)
  const google::protobuf::Message* request;  // hashed for request-id idempotency
  const v1::CommandOptions* options;          // its request id
  CommandGate::Mode mode;
};

class CommandRunner {
 public:
  using Done = absl::AnyInvocable<void(absl::StatusOr<v1::CommandResponse>) &&>;
  using DecideFn = absl::FunctionRef<absl::StatusOr<domain::Decision>(
      const domain::SurveyState&, const domain::CommandContext&)>;

  // All must outlive the runner. `cipher` seals personal data (may be null for
  // commands that carry none).
  CommandRunner(storage::EventStore* store, SurveyProjection* projection,
                domain::PersonalDataCipher* cipher)
      : store_(store), projection_(projection), cipher_(cipher) {}

  // Steps 1-5 above. `decide` is called at most once, before Run returns. `done` runs
  // exactly once, on this thread or on the store's writer thread (so it must not
  // block). `call.request` and `call.options` need to live only until Run returns.
  void Run(const CommandCall& call, DecideFn decide, Done done);

  // Run, waiting for the result.
  absl::StatusOr<v1::CommandResponse> RunAndWait(const CommandCall& call, DecideFn decide);

 private:
  storage::EventStore* const store_;
  SurveyProjection* const projection_;
  domain::PersonalDataCipher* const cipher_;
  CommandGate gate_;  // see step 1
};

}  // namespace prio::server

#endif  // PRIO_SERVER_COMMAND_RUNNER_H_
