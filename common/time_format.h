// The one time formatter. Two formats, one per kind of output:
//   kMessage  "2027-01-15 12:00 UTC"          messages, tables of plans and rounds,
//                                             the HTML report: minutes are what people
//                                             plan with.
//   kExact    "2027-01-15T12:00:00.123456Z"   recorded facts (an event's recorded_at,
//                                             a checkpoint's issue time, a token's
//                                             expiry) in tables and JSON: RFC 3339 in
//                                             UTC with microseconds, the store's unit,
//                                             so nothing is rounded away.
// Pure; thread-safe.
#ifndef PRIO_COMMON_TIME_FORMAT_H_
#define PRIO_COMMON_TIME_FORMAT_H_

#include <cstdint>
#include <string>

namespace prio {

enum class TimeFormat { kMessage, kExact };

// `unix_us` (microseconds since 1970-01-01 UTC) in `format`.
std::string FormatTime(int64_t unix_us, TimeFormat format = TimeFormat::kMessage);

}  // namespace prio

#endif  // PRIO_COMMON_TIME_FORMAT_H_
