#include "common/time_format.h"

#include "absl/time/time.h"

namespace prio {

std::string FormatTime(int64_t unix_us, TimeFormat format) {
  const char* pattern =
      format == TimeFormat::kExact ? "%Y-%m-%dT%H:%M:%E6SZ" : "%Y-%m-%d %H:%M UTC";
  return absl::FormatTime(pattern, absl::FromUnixMicros(unix_us), absl::UTCTimeZone());
}

}  // namespace prio
