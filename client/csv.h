// CSV as municipalities produce it: RFC 4180 plus the Excel dialect of German
// offices.
//
//   absl::StatusOr<CsvTable> t = CsvTable::ReadFile("bedarf.csv");
//   int service = t->Column({"service", "leistung", "ozg_id"});
//   for (const CsvRow& row : t->rows()) { ... row.fields[service] ... }
//
// Accepted: `;` or `,` as separator (detected from the header line: whichever occurs
// more often outside quotes; `;` wins a tie), UTF-8 with or without a byte order
// mark, LF or CRLF line ends, quoted fields with doubled quotes and embedded
// separators or line breaks (which read as LF, whether written as CRLF, CR or LF).
// Empty lines are skipped. Every row must have exactly as many fields as the header. Not accepted: other encodings (invalid UTF-8 is an
// error naming line and column), a quote inside an unquoted field.
//
// Errors are INVALID_ARGUMENT with "FILE:LINE:COLUMN: reason"; LINE is the physical
// line (1-based) where the row starts, COLUMN the 1-based field number.
#ifndef PRIO_CLIENT_CSV_H_
#define PRIO_CLIENT_CSV_H_

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace prio {

struct CsvRow {
  std::size_t line = 0;  // physical line where the row starts, 1-based
  std::vector<std::string> fields;
};

class CsvTable {
 public:
  // Parses `text`; `source` names it in error messages (usually the file name).
  static absl::StatusOr<CsvTable> Parse(std::string_view text, std::string source);
  // Reads and parses a file; NOT_FOUND if it cannot be opened.
  static absl::StatusOr<CsvTable> ReadFile(const std::string& path);

  const std::string& source() const { return source_; }
  char separator() const { return separator_; }
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<CsvRow>& rows() const { return rows_; }

  // Index of the first header that equals one of `aliases` (ASCII case-insensitive,
  // surrounding spaces ignored; umlauts compare exactly), or -1.
  int Column(std::initializer_list<std::string_view> aliases) const;
  // Like Column, but a missing column is INVALID_ARGUMENT naming the file and the
  // accepted header names.
  absl::StatusOr<int> RequiredColumn(std::initializer_list<std::string_view> aliases) const;

  // INVALID_ARGUMENT "FILE:LINE:COLUMN (header): reason" for a bad field.
  absl::Status FieldError(const CsvRow& row, int column, std::string_view reason) const;
  // The trimmed value of `column` in `row`, or "" when column is -1.
  static std::string_view Field(const CsvRow& row, int column);

 private:
  std::string source_;
  char separator_ = ',';
  std::vector<std::string> header_;
  std::vector<CsvRow> rows_;
};

// A yes/no field: 1/0, x/empty, ja/nein, yes/no, true/false (any case); otherwise
// FieldError "expected 1 or 0 (also x/empty, ja/nein)".
absl::StatusOr<bool> ParseCsvFlag(const CsvTable& table, const CsvRow& row, int column);

// A decimal number: "12.5", or with a decimal comma "12,5" (then dots and spaces are
// thousands separators: "12.345,67"); otherwise FieldError "expected a number of
// WHAT".
absl::StatusOr<double> ParseCsvDecimal(const CsvTable& table, const CsvRow& row, int column,
                                       std::string_view what);

// A text cell for a spreadsheet: one starting with =, +, -, @, a tab or a CR would be
// read as a formula by Excel (CSV injection), so it gets a leading ' (which Excel
// hides). FromSpreadsheetText undoes exactly that when such a file is read back.
std::string SpreadsheetText(std::string_view s);
std::string_view FromSpreadsheetText(std::string_view s);

// Appends one CSV line: fields joined by `separator`, quoted where needed (a
// separator, quote, line break, leading/trailing space, or a leading byte order
// mark), ended by `eol` (RFC 4180 and Excel want CRLF).
void AppendCsvLine(const std::vector<std::string>& fields, char separator, std::string* out,
                   std::string_view eol = "\r\n");

}  // namespace prio

#endif  // PRIO_CLIENT_CSV_H_
