// Table: the output of every prio command that prints rows, in the format the user
// chose — an aligned text table, CSV for Excel (UTF-8 BOM, ";", CRLF), or JSON (an
// array of objects whose keys are the column names, numbers unquoted; one object for
// a record: what a show/create-style command prints, see PrintRecord).
//
//   Table t({"service", "name", "score"}, {Table::kText, Table::kText, Table::kNumber});
//   t.AddRow({"10000", "Elterngeld", "12.5"});
//   t.Print(std::cout, OutputFormat::kTable);
#ifndef PRIO_CLIENT_TABLE_H_
#define PRIO_CLIENT_TABLE_H_

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace prio::client {

enum class OutputFormat { kTable, kCsv, kJson };

// "table", "csv" or "json"; INVALID_ARGUMENT otherwise.
absl::StatusOr<OutputFormat> ParseOutputFormat(std::string_view text);

class Table {
 public:
  enum Kind { kText, kNumber, kBool };

  // One kind per column (all kText if `kinds` is empty).
  explicit Table(std::vector<std::string> columns, std::vector<Kind> kinds = {});

  // A row has exactly one value per column.
  void AddRow(std::vector<std::string> values);
  std::size_t size() const { return rows_.size(); }

  // Table: columns padded to their widest value (UTF-8 aware), numbers right-aligned.
  void Print(std::ostream& out, OutputFormat format) const;
  // For a table of one row (what show- and create-style commands print): as Print,
  // except that JSON is that row's object, not an array. Any other row count prints
  // as Print.
  void PrintRecord(std::ostream& out, OutputFormat format) const;

 private:
  std::vector<std::string> columns_;
  std::vector<Kind> kinds_;
  std::vector<std::vector<std::string>> rows_;

  void PrintJsonObject(std::ostream& out, const std::vector<std::string>& row) const;
};

}  // namespace prio::client

#endif  // PRIO_CLIENT_TABLE_H_
