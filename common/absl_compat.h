// Debian's Abseil 20220623 is built with its own absl::string_view
// (ABSL_OPTION_USE_STD_STRING_VIEW 0), which does not convert from
// std::string_view. prio uses std::string_view and converts at absl calls with ToAbsl.
#ifndef PRIO_COMMON_ABSL_COMPAT_H_
#define PRIO_COMMON_ABSL_COMPAT_H_

#include <string_view>

#include "absl/strings/string_view.h"

namespace prio {

inline absl::string_view ToAbsl(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view ToStd(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace prio

#endif  // PRIO_COMMON_ABSL_COMPAT_H_
