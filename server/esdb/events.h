// Events between prio's log and the EventStoreDB protocol's messages. Pure functions;
// thread-safe.
//
// An event a client appends through the listener is stored with its type, its data as
// sent, and prio metadata "content-type", "esdb-custom-metadata" (the client's custom
// metadata, possibly empty) and "principal" (who appended it). Reading it back gives
// the same type, data, content-type and custom metadata. prio's own events (written by
// its commands, on reserved streams) are delivered as the protobuf JSON mapping of
// their payload (content-type application/json) with prio's metadata (principal,
// correlation id, ...) as a JSON object in custom_metadata.
#ifndef PRIO_SERVER_ESDB_EVENTS_H_
#define PRIO_SERVER_ESDB_EVENTS_H_

#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "event_store/client/shared.pb.h"
#include "event_store/client/streams.pb.h"
#include "storage/event_store.h"

namespace prio::server::esdb {

// The type of the event that tombstones a stream (the protocol's own name for it).
// Clients may not append events whose type starts with '$'.
inline constexpr std::string_view kTombstoneType = "$streamDeleted";
inline constexpr std::string_view kContentTypeKey = "content-type";
inline constexpr std::string_view kCustomMetadataKey = "esdb-custom-metadata";

// 16 bytes from a UUID in either form. Errors: INVALID_ARGUMENT naming `what`.
absl::StatusOr<std::string> ParseUuid(const event_store::client::UUID& id, std::string_view what);
// The canonical lowercase text form of 16 bytes.
std::string FormatUuid(std::string_view bytes16);
void ToUuid(std::string_view bytes16, bool structured, event_store::client::UUID* out);
std::string RandomUuid();

// A proposed event as stored (see above). `what` names it in errors: INVALID_ARGUMENT
// (bad id, type starting with '$', or a limit of storage/event_store.h) and the
// protocol's missing-metadata and maximum-append-size errors.
absl::StatusOr<storage::ProposedEvent> FromProposed(
    const event_store::client::UUID& id, const google::protobuf::Map<std::string, std::string>& md,
    const std::string& custom_metadata, const std::string& data, std::string_view principal,
    std::string_view what);

// True for events that are prio's own (written by its commands; delivered as JSON).
using IsDomainEvent = std::function<bool(const storage::RecordedEvent&)>;

// Fills a ReadResp.ReadEvent from a stored event.
void ToReadEvent(const storage::RecordedEvent& e, bool structured_ids,
                 const IsDomainEvent& is_domain,
                 event_store::client::streams::ReadResp::ReadEvent* out);

}  // namespace prio::server::esdb

#endif  // PRIO_SERVER_ESDB_EVENTS_H_
