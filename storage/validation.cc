// Input rules of the event store (limits in storage/event_store.h).
#include <algorithm>
#include <string_view>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/utf8.h"
#include "storage/event_store.h"

namespace prio::storage {
namespace {

std::string Quote(std::string_view s) {
  constexpr size_t kShown = 60;
  std::string shown(s.substr(0, kShown));
  return absl::StrCat("\"", absl::CHexEscape(shown), s.size() > kShown ? "...\"" : "\"");
}

}  // namespace

absl::Status ValidateStreamName(std::string_view stream) {
  if (stream.empty()) return absl::InvalidArgumentError("stream name is empty");
  if (stream.size() > kMaxStreamNameBytes) {
    return absl::InvalidArgumentError(absl::StrCat("stream name ", Quote(stream), " is ",
                                                   stream.size(), " bytes; the limit is ",
                                                   kMaxStreamNameBytes));
  }
  if (stream[0] == '$') {
    return absl::InvalidArgumentError(
        absl::StrCat("stream name ", Quote(stream), " starts with '$', which is reserved"));
  }
  if (!IsPrintableUtf8(stream)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "stream name ", Quote(stream), " is not printable UTF-8 (control characters or "
        "malformed bytes)"));
  }
  return absl::OkStatus();
}

absl::Status ValidateAppendRequest(const AppendRequest& request) {
  if (request.appends.empty()) return absl::InvalidArgumentError("append has no streams");
  size_t total_events = 0;
  size_t total_bytes = 0;
  absl::flat_hash_set<std::string_view> streams;
  absl::flat_hash_set<std::string_view> ids;
  for (const StreamAppend& sa : request.appends) {
    if (absl::Status s = ValidateStreamName(sa.stream); !s.ok()) return s;
    if (!streams.insert(sa.stream).second) {
      return absl::InvalidArgumentError(absl::StrCat(
          "stream ", Quote(sa.stream),
          " appears more than once in one append; put all its events in one StreamAppend"));
    }
    if (sa.events.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("append to stream ", Quote(sa.stream), " has no events"));
    }
    total_events += sa.events.size();
    if (total_events > kMaxAppendEvents) {
      return absl::InvalidArgumentError(absl::StrCat(
          "append has more than ", kMaxAppendEvents, " events; split it into several appends"));
    }
    for (size_t i = 0; i < sa.events.size(); ++i) {
      const ProposedEvent& e = sa.events[i];
      const std::string where = absl::StrCat("event ", i, " of stream ", Quote(sa.stream));
      if (e.event_id.size() != kEventIdBytes) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": event id is ",
                                                       e.event_id.size(), " bytes; it must be ",
                                                       kEventIdBytes));
      }
      if (!ids.insert(e.event_id).second) {
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": event id ", absl::BytesToHexString(e.event_id),
            " appears more than once in this append"));
      }
      if (e.type.empty()) return absl::InvalidArgumentError(absl::StrCat(where, ": type is empty"));
      if (e.type.size() > kMaxTypeBytes) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": type is ", e.type.size(),
                                                       " bytes; the limit is ", kMaxTypeBytes));
      }
      size_t bytes = e.type.size() + e.data.size();
      for (const auto& [k, v] : e.metadata) {
        if (k.empty() || k.size() > kMaxMetadataKeyBytes) {
          return absl::InvalidArgumentError(absl::StrCat(
              where, ": metadata key ", Quote(k), " must be 1-", kMaxMetadataKeyBytes, " bytes"));
        }
        bytes += k.size() + v.size();
      }
      if (bytes > kMaxEventBytes) {
        return absl::InvalidArgumentError(absl::StrCat(where, " is ", bytes,
                                                       " bytes; the limit is ", kMaxEventBytes,
                                                       " (type + data + metadata)"));
      }
      total_bytes += bytes;
    }
  }
  if (total_bytes > kMaxAppendBytes) {
    return absl::InvalidArgumentError(absl::StrCat("append is ", total_bytes,
                                                   " bytes; the limit is ", kMaxAppendBytes));
  }
  return absl::OkStatus();
}

bool Filter::Matches(const RecordedEvent& e) const {
  if (!stream_prefixes.empty() &&
      std::none_of(stream_prefixes.begin(), stream_prefixes.end(),
                   [&](const std::string& p) { return e.stream.starts_with(p); })) {
    return false;
  }
  if (!types.empty() && std::find(types.begin(), types.end(), e.type) == types.end()) {
    return false;
  }
  return true;
}

}  // namespace prio::storage
