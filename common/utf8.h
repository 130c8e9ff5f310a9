// UTF-8 checks shared by the store (stream names), the domain (text limits counted in
// characters) and the CSV reader.
#ifndef PRIO_COMMON_UTF8_H_
#define PRIO_COMMON_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace prio {

// Decodes the code point starting at s[i]: its byte length (1-4) and value, or 0 if
// the bytes there are not well-formed UTF-8 (truncated, overlong, surrogate, or past
// U+10FFFF).
std::size_t DecodeUtf8(std::string_view s, std::size_t i, std::uint32_t* code_point);

// True if `s` is well-formed UTF-8.
bool IsValidUtf8(std::string_view s);

// True if `s` is well-formed UTF-8 without control characters (C0, DEL, C1).
// With allow_line_breaks, '\n', '\r' and '\t' are accepted (free-text comments).
bool IsPrintableUtf8(std::string_view s, bool allow_line_breaks = false);

// Number of code points in `s`, or nullopt if it is not well-formed UTF-8.
std::optional<std::size_t> Utf8Length(std::string_view s);

// `s` lower-cased for comparisons of German words: ASCII letters and the upper-case
// umlauts Ä, Ö, Ü (UTF-8), surrounding spaces trimmed. Other bytes are kept as they are.
std::string FoldCase(std::string_view s);

}  // namespace prio

#endif  // PRIO_COMMON_UTF8_H_
