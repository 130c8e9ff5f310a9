// Printing events and results as a human table or as JSON (one object per line).
#ifndef PRIO_CLIENT_OUTPUT_H_
#define PRIO_CLIENT_OUTPUT_H_

#include <ostream>
#include <string>
#include <string_view>

#include "prio/v1/store.pb.h"

namespace prio::client {

// JSON string literal for `s` (UTF-8 kept; control characters and invalid bytes
// escaped as \u00XX).
std::string JsonString(std::string_view s);

// A number as tables, CSV and reports show it: at most 6 significant digits ("%g").
std::string FormatNumber(double d);

// Events as a table, or as JSON, one object per line: position, stream, revision,
// event_id (hex), type, data (text) or data_base64 (binary payloads), metadata,
// recorded_at, hash (hex).
class EventPrinter {
 public:
  EventPrinter(std::ostream& out, bool json) : out_(out), json_(json) {}

  void PrintEvent(const v1::RecordedEvent& e);
  void PrintAppend(const v1::AppendResponse& r);
  void PrintHead(const v1::HeadResponse& r);
  // Ends a table (prints a count line); nothing for JSON.
  void Finish();

 private:
  std::ostream& out_;
  const bool json_;
  uint64_t printed_ = 0;
};

}  // namespace prio::client

#endif  // PRIO_CLIENT_OUTPUT_H_
