#include "server/esdb/events.h"

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "server/esdb/errors.h"
#include "server/security/aead.h"

namespace prio::server::esdb {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

absl::StatusOr<std::string> ParseUuidText(std::string_view text, std::string_view what) {
  // 8-4-4-4-12 hex digits (braces and other forms are not accepted).
  std::string out;
  const auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat(
        ToAbsl(what), ": id \"", ToAbsl(text.substr(0, 64)),
        "\" is not a UUID (expected 8-4-4-4-12 hex digits, e.g. "
        "\"0f8fad5b-d9cb-469f-a165-70867728950e\")"));
  };
  if (text.size() != 36) return bad();
  for (size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return bad();
      ++i;
      continue;
    }
    const int hi = HexValue(text[i]);
    const int lo = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
    if (hi < 0 || lo < 0) return bad();
    out.push_back(static_cast<char>(hi << 4 | lo));
    i += 2;
  }
  return out;
}

void PutBigEndian(uint64_t v, std::string* out) {
  for (int i = 7; i >= 0; --i) out->push_back(static_cast<char>(v >> (8 * i)));
}

uint64_t GetBigEndian(std::string_view b) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | static_cast<uint8_t>(b[i]);
  return v;
}

// The protobuf JSON mapping of a prio event's payload, or nullopt if its type is not a
// prio.v1 message or its payload does not parse as one.
std::optional<std::string> PayloadJson(const storage::RecordedEvent& e) {
  const google::protobuf::Descriptor* d =
      google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          absl::StrCat("prio.v1.", e.type));
  if (d == nullptr) return std::nullopt;
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> m(factory.GetPrototype(d)->New());
  if (!m->ParseFromString(e.data)) return std::nullopt;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(*m, &json).ok()) return std::nullopt;
  return json;
}

// prio's metadata as a JSON object of strings.
std::string MetadataJson(const storage::Metadata& metadata) {
  google::protobuf::Struct s;
  for (const auto& [k, v] : metadata) (*s.mutable_fields())[k].set_string_value(v);
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(s, &json).ok()) return "{}";
  return json;
}

}  // namespace

absl::StatusOr<std::string> ParseUuid(const event_store::client::UUID& id, std::string_view what) {
  switch (id.value_case()) {
    case event_store::client::UUID::kString:
      return ParseUuidText(id.string(), what);
    case event_store::client::UUID::kStructured: {
      std::string out;
      PutBigEndian(static_cast<uint64_t>(id.structured().most_significant_bits()), &out);
      PutBigEndian(static_cast<uint64_t>(id.structured().least_significant_bits()), &out);
      return out;
    }
    case event_store::client::UUID::VALUE_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat(ToAbsl(what), ": the event has no id"));
}

std::string FormatUuid(std::string_view b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < b.size() && i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[static_cast<uint8_t>(b[i]) >> 4]);
    out.push_back(kHex[static_cast<uint8_t>(b[i]) & 15]);
  }
  return out;
}

void ToUuid(std::string_view b, bool structured, event_store::client::UUID* out) {
  if (structured && b.size() == 16) {
    out->mutable_structured()->set_most_significant_bits(
        static_cast<int64_t>(GetBigEndian(b.substr(0, 8))));
    out->mutable_structured()->set_least_significant_bits(
        static_cast<int64_t>(GetBigEndian(b.substr(8, 8))));
  } else {
    out->set_string(FormatUuid(b));
  }
}

std::string RandomUuid() {
  std::string b = security::RandomBytes(16);
  b[6] = static_cast<char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  return FormatUuid(b);
}

absl::StatusOr<storage::ProposedEvent> FromProposed(
    const event_store::client::UUID& id, const google::protobuf::Map<std::string, std::string>& md,
    const std::string& custom_metadata, const std::string& data, std::string_view principal,
    std::string_view what) {
  storage::ProposedEvent e;
  absl::StatusOr<std::string> event_id = ParseUuid(id, what);
  if (!event_id.ok()) return event_id.status();
  e.event_id = *std::move(event_id);
  const auto type = md.find("type");
  const auto content_type = md.find(std::string(kContentTypeKey));
  if (type == md.end() || type->second.empty() || content_type == md.end() ||
      content_type->second.empty()) {
    return MissingMetadataError(what);
  }
  if (type->second[0] == '$') {
    return absl::InvalidArgumentError(absl::StrCat(
        ToAbsl(what), ": event type \"", type->second,
        "\" starts with '$', which is reserved for the store's own events (a tombstone is \"",
        ToAbsl(kTombstoneType), "\")"));
  }
  const size_t bytes = type->second.size() + data.size() + custom_metadata.size() +
                       content_type->second.size();
  if (bytes > storage::kMaxEventBytes) {
    return MaximumAppendSizeError(static_cast<uint32_t>(storage::kMaxEventBytes),
                                  absl::StrCat(ToAbsl(what), " (", bytes, " bytes)"));
  }
  e.type = type->second;
  e.data = data;
  e.metadata[std::string(kContentTypeKey)] = content_type->second;
  e.metadata[std::string(kCustomMetadataKey)] = custom_metadata;
  e.metadata["principal"] = std::string(principal);
  return e;
}

void ToReadEvent(const storage::RecordedEvent& e, bool structured_ids,
                 const IsDomainEvent& is_domain,
                 event_store::client::streams::ReadResp::ReadEvent* out) {
  auto* r = out->mutable_event();
  ToUuid(e.event_id, structured_ids, r->mutable_id());
  r->mutable_stream_identifier()->set_stream_name(e.stream);
  r->set_stream_revision(e.revision);
  r->set_prepare_position(e.position);
  r->set_commit_position(e.position);
  out->set_commit_position(e.position);
  auto& md = *r->mutable_metadata();
  md["type"] = e.type;
  md["created"] = std::to_string(e.recorded_at_us * 10);  // 100 ns ticks since 1970
  const auto ct = e.metadata.find(std::string(kContentTypeKey));
  const auto custom = e.metadata.find(std::string(kCustomMetadataKey));
  std::optional<std::string> json;
  if (ct == e.metadata.end() && is_domain && is_domain(e)) json = PayloadJson(e);
  if (json.has_value()) {
    md[std::string(kContentTypeKey)] = "application/json";
    r->set_data(*std::move(json));
  } else {
    md[std::string(kContentTypeKey)] =
        ct != e.metadata.end() ? ct->second : std::string("application/octet-stream");
    r->set_data(e.data);
  }
  r->set_custom_metadata(custom != e.metadata.end() ? custom->second : MetadataJson(e.metadata));
}

}  // namespace prio::server::esdb
