#include "server/domain/commands.h"

#include "absl/strings/str_cat.h"

namespace prio::domain {

void Decision::Add(const std::string& stream, int64_t revision,
                   const google::protobuf::Message& event) {
  StreamWrite* write = nullptr;
  for (StreamWrite& w : writes) {
    if (w.stream == stream) write = &w;
  }
  if (write == nullptr) {
    write = &writes.emplace_back();
    write->stream = stream;
    write->expected = revision == kNoRevision
                          ? storage::ExpectedRevision::NoStream()
                          : storage::ExpectedRevision::Exact(static_cast<uint64_t>(revision));
  }
  write->events.push_back({std::string(event.GetDescriptor()->name()), SerializeDeterministic(event)});
}

std::size_t Decision::event_count() const {
  std::size_t n = 0;
  for (const StreamWrite& w : writes) n += w.events.size();
  return n;
}

absl::Status ValidateRequestId(std::string_view request_id) {
  bool ok = request_id.size() <= 64;
  for (char c : request_id) ok = ok && c > 0x20 && c < 0x7F;
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(
      "options.request_id: must be 1-64 printable ASCII characters without spaces");
}

storage::Metadata CommandMetadata(std::string_view principal, std::string_view command,
                                  std::string_view correlation_id) {
  return {{std::string(kMetaPrincipal), std::string(principal)},
          {std::string(kMetaCorrelationId), std::string(correlation_id)},
          {std::string(kMetaCommand), std::string(command)}};
}

}  // namespace prio::domain
