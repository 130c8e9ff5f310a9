#include "client/output.h"

#include <cstdio>

#include "absl/strings/escaping.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/utf8.h"
#include "common/absl_compat.h"
#include "common/hex.h"
#include "common/time_format.h"

namespace prio::client {
namespace {

std::string Hex(std::string_view bytes, size_t max_bytes = 64) { return HexEncode(bytes, max_bytes); }

std::string Time(int64_t us) {
  return FormatTime(us, TimeFormat::kExact);
}

// Data shown in a table: text as it is (shortened), anything else as hex.
std::string Preview(std::string_view data) {
  bool text = true;
  for (unsigned char c : data) {
    if (c < 0x20 && c != '\t') text = false;
  }
  std::string s = text ? std::string(data.substr(0, 60)) : "0x" + Hex(data, 24);
  if (data.size() > (text ? 60u : 24u)) s += "...";
  return s;
}

}  // namespace

std::string FormatNumber(double d) { return absl::StrFormat("%g", d); }

std::string JsonString(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  return out + "\"";
}

void EventPrinter::PrintEvent(const v1::RecordedEvent& e) {
  if (json_) {
    out_ << "{\"position\": " << e.position() << ", \"stream\": " << JsonString(e.stream())
         << ", \"revision\": " << e.revision() << ", \"event_id\": \"" << Hex(e.event_id())
         << "\", \"type\": " << JsonString(e.type());
    // Text payloads as a string; binary ones (the survey's protobuf events) as base64.
    if (IsPrintableUtf8(e.data(), /*allow_line_breaks=*/true)) {
      out_ << ", \"data\": " << JsonString(e.data());
    } else {
      out_ << ", \"data_base64\": \"" << absl::Base64Escape(ToAbsl(e.data())) << "\"";
    }
    out_ << ", \"metadata\": {";
    bool first = true;
    for (const auto& [k, v] : e.metadata()) {
      out_ << (first ? "" : ", ") << JsonString(k) << ": " << JsonString(v);
      first = false;
    }
    out_ << "}, \"recorded_at\": \"" << Time(e.recorded_at_us()) << "\", \"hash\": \""
         << Hex(e.hash()) << "\"}\n";
  } else {
    if (printed_ == 0) {
      out_ << "POSITION  STREAM@REVISION           TYPE                  RECORDED (UTC)        "
              "   HASH      DATA\n";
    }
    char line[512];
    const std::string sr = e.stream() + "@" + std::to_string(e.revision());
    std::snprintf(line, sizeof line, "%8llu  %-24s %-21s %-25s %-9s ",
                  static_cast<unsigned long long>(e.position()), sr.c_str(), e.type().c_str(),
                  Time(e.recorded_at_us()).c_str(), Hex(e.hash(), 4).c_str());
    out_ << line << Preview(e.data()) << "\n";
  }
  out_.flush();
  ++printed_;
}

void EventPrinter::PrintAppend(const v1::AppendResponse& r) {
  if (json_) {
    out_ << "{\"first_position\": " << r.first_position()
         << ", \"last_position\": " << r.last_position() << ", \"results\": [";
    for (int i = 0; i < r.results_size(); ++i) {
      const auto& s = r.results(i);
      out_ << (i ? ", " : "") << "{\"stream\": " << JsonString(s.stream())
           << ", \"first_revision\": " << s.first_revision()
           << ", \"last_revision\": " << s.last_revision() << "}";
    }
    out_ << "]}\n";
    return;
  }
  out_ << "appended at position " << r.first_position();
  if (r.last_position() != r.first_position()) out_ << "-" << r.last_position();
  for (const auto& s : r.results()) {
    out_ << "; " << s.stream() << " revision " << s.first_revision();
    if (s.last_revision() != s.first_revision()) out_ << "-" << s.last_revision();
  }
  out_ << " (durable)\n";
}

void EventPrinter::PrintHead(const v1::HeadResponse& r) {
  if (json_) {
    out_ << "{\"last_position\": " << r.last_position() << ", \"last_hash\": \""
         << Hex(r.last_hash()) << "\", \"last_recorded_at\": \"" << Time(r.last_recorded_at_us())
         << "\"}\n";
    return;
  }
  out_ << "head position " << r.last_position() << ", hash " << Hex(r.last_hash());
  if (r.last_position() != 0) out_ << ", recorded " << Time(r.last_recorded_at_us());
  out_ << "\n";
}

void EventPrinter::Finish() {
  if (!json_) out_ << "(" << printed_ << " event" << (printed_ == 1 ? "" : "s") << ")\n";
}

}  // namespace prio::client
