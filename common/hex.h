// Lower-case hexadecimal for bytes (hashes, event ids, key ids) in messages, tables
// and JSON. Pure functions; thread-safe.
#ifndef PRIO_COMMON_HEX_H_
#define PRIO_COMMON_HEX_H_

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

namespace prio {

// "00ff..." for the first `max_bytes` bytes of `bytes` (all of them by default).
std::string HexEncode(std::string_view bytes,
                      std::size_t max_bytes = std::numeric_limits<std::size_t>::max());

}  // namespace prio

#endif  // PRIO_COMMON_HEX_H_
