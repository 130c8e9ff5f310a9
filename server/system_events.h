// Events priod writes itself, outside the survey's command path: token changes,
// erasures, checkpoints. One at a time, each read back after it is durable so that the
// caller folds exactly what was stored.
#ifndef PRIO_SERVER_SYSTEM_EVENTS_H_
#define PRIO_SERVER_SYSTEM_EVENTS_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "storage/event_store.h"

namespace prio::server {

// Appends `event` (type = its message name, deterministic serialization, a random
// event id, CommandMetadata of `principal` and `command`) to `stream` and returns the
// recorded event. Errors: those of EventStore::Append.
absl::StatusOr<storage::RecordedEvent> AppendOne(storage::EventStore* store,
                                                 std::string_view principal,
                                                 std::string_view command, std::string stream,
                                                 storage::ExpectedRevision expected,
                                                 const google::protobuf::Message& event);

// True for the streams no client may append to through the raw EventStore service:
// the survey's domain streams (server/domain/streams.h: written only by validated
// commands) and priod's own streams (tokens, privacy, checkpoints). Thread-safe.
bool IsReservedStream(std::string_view stream);

}  // namespace prio::server

#endif  // PRIO_SERVER_SYSTEM_EVENTS_H_
