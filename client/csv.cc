#include "client/csv.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/utf8.h"
#include "common/absl_compat.h"
#include "common/files.h"
#include "common/status_macros.h"

namespace prio {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Chooses `;` or `,` from the first line, counting only outside quotes.
char DetectSeparator(std::string_view text) {
  int semicolons = 0;
  int commas = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ';') ++semicolons;
    if (c == ',') ++commas;
  }
  return commas > semicolons ? ',' : ';';
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

absl::StatusOr<CsvTable> CsvTable::Parse(std::string_view text, std::string source) {
  CsvTable table;
  table.source_ = std::move(source);
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  table.separator_ = DetectSeparator(text);
  const char sep = table.separator_;

  auto error = [&](std::size_t line, std::size_t column, std::string_view reason) {
    return absl::InvalidArgumentError(
        absl::StrCat(table.source_, ":", line, ":", column, ": ", ToAbsl(reason)));
  };

  std::vector<CsvRow> records;
  std::size_t line = 1;
  std::size_t i = 0;
  while (i < text.size()) {
    // Skip empty lines between records.
    if (text[i] == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++line;
      i += 2;
      continue;
    }
    CsvRow row;
    row.line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      std::string field;
      const std::size_t column = row.fields.size() + 1;
      if (i < text.size() && text[i] == '"') {
        ++i;
        bool closed = false;
        while (i < text.size()) {
          const char c = text[i];
          if (c == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          field.push_back(c);
          ++i;
        }
        if (!closed) return error(row.line, column, "quoted field is not closed");
        if (i < text.size() && text[i] != sep && text[i] != '\n' && text[i] != '\r') {
          return error(line, column, "unexpected character after a closing quote");
        }
      } else {
        while (i < text.size() && text[i] != sep && text[i] != '\n' && text[i] != '\r') {
          if (text[i] == '"') {
            return error(line, column,
                         "quote inside an unquoted field (quote the whole field and double the "
                         "quote)");
          }
          field.push_back(text[i]);
          ++i;
        }
      }
      // Line breaks inside quoted fields become LF, whatever wrote them (CRLF, or a lone
      // CR), so that reading what AppendCsvLine wrote gives the same field.
      std::string normalised;
      normalised.reserve(field.size());
      for (std::size_t k = 0; k < field.size(); ++k) {
        if (field[k] == '\r') {
          if (k + 1 < field.size() && field[k + 1] == '\n') continue;
          normalised.push_back('\n');
          continue;
        }
        normalised.push_back(field[k]);
      }
      if (!IsValidUtf8(normalised)) {
        return error(row.line, column, "not valid UTF-8 (save the file as UTF-8)");
      }
      row.fields.push_back(std::move(normalised));
      if (i >= text.size()) {
        end_of_record = true;
      } else if (text[i] == sep) {
        ++i;
      } else if (text[i] == '\r') {
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        ++i;
        ++line;
        end_of_record = true;
      } else {  // '\n'
        ++i;
        ++line;
        end_of_record = true;
      }
    }
    records.push_back(std::move(row));
  }
  if (records.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(table.source_, ": the file is empty (a header row is required)"));
  }
  for (const std::string& h : records.front().fields) {
    table.header_.emplace_back(Trim(h));
  }
  for (std::size_t r = 1; r < records.size(); ++r) {
    CsvRow& row = records[r];
    if (row.fields.size() != table.header_.size()) {
      return error(row.line, std::min(row.fields.size(), table.header_.size()) + 1,
                   absl::StrCat("row has ", row.fields.size(), " fields, the header has ",
                                table.header_.size(), " (separator '", std::string(1, sep),
                                "')"));
    }
    table.rows_.push_back(std::move(row));
  }
  return table;
}

absl::StatusOr<CsvTable> CsvTable::ReadFile(const std::string& path) {
  PRIO_ASSIGN_OR_RETURN(std::string content, prio::ReadFile(path));
  return Parse(content, path);
}

int CsvTable::Column(std::initializer_list<std::string_view> aliases) const {
  for (std::size_t i = 0; i < header_.size(); ++i) {
    for (std::string_view alias : aliases) {
      if (absl::EqualsIgnoreCase(ToAbsl(header_[i]), ToAbsl(alias))) return static_cast<int>(i);
    }
  }
  return -1;
}

absl::StatusOr<int> CsvTable::RequiredColumn(
    std::initializer_list<std::string_view> aliases) const {
  const int column = Column(aliases);
  if (column >= 0) return column;
  std::vector<std::string> names(aliases.begin(), aliases.end());
  return absl::InvalidArgumentError(absl::StrCat(
      source_, ":1: missing column; expected one of: ", absl::StrJoin(names, ", "),
      " (found: ", absl::StrJoin(header_, ", "), ")"));
}

absl::Status CsvTable::FieldError(const CsvRow& row, int column, std::string_view reason) const {
  const std::string name =
      column >= 0 && static_cast<std::size_t>(column) < header_.size() ? header_[column] : "";
  return absl::InvalidArgumentError(absl::StrCat(source_, ":", row.line, ":", column + 1, " (",
                                                 name, "): ", ToAbsl(reason)));
}

std::string_view CsvTable::Field(const CsvRow& row, int column) {
  if (column < 0 || static_cast<std::size_t>(column) >= row.fields.size()) return {};
  return Trim(row.fields[column]);
}

absl::StatusOr<bool> ParseCsvFlag(const CsvTable& table, const CsvRow& row, int column) {
  const std::string v = absl::AsciiStrToLower(ToAbsl(CsvTable::Field(row, column)));
  if (v == "1" || v == "x" || v == "ja" || v == "yes" || v == "true") return true;
  if (v.empty() || v == "0" || v == "nein" || v == "no" || v == "false") return false;
  return table.FieldError(row, column, "expected 1 or 0 (also x/empty, ja/nein)");
}

absl::StatusOr<double> ParseCsvDecimal(const CsvTable& table, const CsvRow& row, int column,
                                       std::string_view what) {
  std::string v(CsvTable::Field(row, column));
  if (v.find(',') != std::string::npos) {
    v.erase(std::remove_if(v.begin(), v.end(), [](char c) { return c == '.' || c == ' '; }),
            v.end());
    std::replace(v.begin(), v.end(), ',', '.');
  }
  double d = 0;
  if (!absl::SimpleAtod(v, &d)) {
    return table.FieldError(row, column, absl::StrCat("expected a number of ", ToAbsl(what)));
  }
  return d;
}

void AppendCsvLine(const std::vector<std::string>& fields, char separator, std::string* out,
                   std::string_view eol) {
  bool first = true;
  for (const std::string& f : fields) {
    if (!first) out->push_back(separator);
    first = false;
    const bool quote = f.find_first_of(std::string{separator, '"', '\n', '\r'}) != std::string::npos ||
                       (!f.empty() && (f.front() == ' ' || f.back() == ' ')) ||
                       f.rfind(kBom, 0) == 0;  // else a reader would take it for the file's BOM
    if (!quote) {
      out->append(f);
      continue;
    }
    out->push_back('"');
    for (char c : f) {
      if (c == '"') out->push_back('"');
      out->push_back(c);
    }
    out->push_back('"');
  }
  out->append(eol);
}

namespace {
bool StartsFormula(std::string_view s) {
  return !s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos;
}
}  // namespace

std::string SpreadsheetText(std::string_view s) {
  return StartsFormula(s) ? "'" + std::string(s) : std::string(s);
}

std::string_view FromSpreadsheetText(std::string_view s) {
  return s.size() > 1 && s.front() == '\'' && StartsFormula(s.substr(1)) ? s.substr(1) : s;
}

}  // namespace prio
