#include "common/utf8.h"

namespace prio {

std::size_t DecodeUtf8(std::string_view s, std::size_t i, std::uint32_t* code_point) {
  const auto c = static_cast<unsigned char>(s[i]);
  std::size_t len;
  std::uint32_t cp;
  if (c < 0x80) {
    *code_point = c;
    return 1;
  } else if ((c & 0xE0) == 0xC0) {
    cp = c & 0x1F;
    len = 2;
  } else if ((c & 0xF0) == 0xE0) {
    cp = c & 0x0F;
    len = 3;
  } else if ((c & 0xF8) == 0xF0) {
    cp = c & 0x07;
    len = 4;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    const auto cc = static_cast<unsigned char>(s[i + k]);
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    return 0;
  }
  *code_point = cp;
  return len;
}

bool IsValidUtf8(std::string_view s) { return Utf8Length(s).has_value(); }

bool IsPrintableUtf8(std::string_view s, bool allow_line_breaks) {
  for (std::size_t i = 0; i < s.size();) {
    std::uint32_t cp = 0;
    const std::size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) return false;
    const bool control = cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0);
    const bool line_break = cp == '\n' || cp == '\r' || cp == '\t';
    if (control && !(allow_line_breaks && line_break)) return false;
    i += len;
  }
  return true;
}

std::optional<std::size_t> Utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++n) {
    std::uint32_t cp = 0;
    const std::size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) return std::nullopt;
    i += len;
  }
  return n;
}

}  // namespace prio

namespace prio {

std::string FoldCase(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (c == '\xC3' && i + 1 < s.size() &&
               (s[i + 1] == '\x84' || s[i + 1] == '\x96' || s[i + 1] == '\x9C')) {
      // Ä (C3 84) -> ä (C3 A4), Ö (C3 96) -> ö (C3 B6), Ü (C3 9C) -> ü (C3 BC)
      out += c;
      out += static_cast<char>(s[i + 1] + 0x20);
      ++i;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace prio
