#include "server/system_events.h"

#include "server/domain/commands.h"
#include "server/security/aead.h"
#include "storage/record.h"
#include "common/status_macros.h"
#include "server/checkpoints.h"
#include "server/domain/streams.h"
#include "server/security/token_registry.h"
#include "server/security/vault.h"

namespace prio::server {

bool IsReservedStream(std::string_view stream) {
  return domain::IsDomainStream(stream) || stream == security::kTokensStream ||
         stream == security::kPrivacyStream || stream == kCheckpointsStream;
}

absl::StatusOr<storage::RecordedEvent> AppendOne(storage::EventStore* store,
                                                 std::string_view principal,
                                                 std::string_view command, std::string stream,
                                                 storage::ExpectedRevision expected,
                                                 const google::protobuf::Message& event) {
  storage::AppendRequest append;
  storage::StreamAppend& sa = append.appends.emplace_back();
  sa.stream = stream;
  sa.expected = expected;
  storage::ProposedEvent& pe = sa.events.emplace_back();
  pe.event_id = security::RandomBytes(storage::kEventIdBytes);
  pe.type = event.GetDescriptor()->name();
  pe.data = domain::SerializeDeterministic(event);
  pe.metadata =
      domain::CommandMetadata(principal, command, storage::HexEncode(security::RandomBytes(16)));
  PRIO_ASSIGN_OR_RETURN(storage::AppendResult r, store->Append(std::move(append)));
  PRIO_ASSIGN_OR_RETURN(std::vector<storage::RecordedEvent> read,
                        store->ReadStream({.stream = std::move(stream),
                                           .from_revision = r.results[0].last_revision,
                                           .max_count = 1}));
  if (read.empty()) return absl::InternalError("an appended event cannot be read back");
  return std::move(read[0]);
}

}  // namespace prio::server
