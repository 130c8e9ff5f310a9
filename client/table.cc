#include "client/table.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "client/csv.h"
#include "client/output.h"
#include "common/utf8.h"
#include "common/absl_compat.h"

namespace prio::client {

absl::StatusOr<OutputFormat> ParseOutputFormat(std::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "csv") return OutputFormat::kCsv;
  if (text == "json") return OutputFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("--output must be table, csv or json, got \"", ToAbsl(text), "\""));
}

Table::Table(std::vector<std::string> columns, std::vector<Kind> kinds)
    : columns_(std::move(columns)), kinds_(std::move(kinds)) {
  kinds_.resize(columns_.size(), kText);
}

void Table::AddRow(std::vector<std::string> values) {
  values.resize(columns_.size());
  rows_.push_back(std::move(values));
}

void Table::PrintJsonObject(std::ostream& out, const std::vector<std::string>& row) const {
  out << "{";
  for (std::size_t c = 0; c < columns_.size(); ++c) {
    if (c) out << ", ";
    out << JsonString(columns_[c]) << ": ";
    const std::string& v = row[c];
    if (kinds_[c] == kNumber && !v.empty()) {
      out << v;
    } else if (kinds_[c] == kBool) {
      out << (v == "yes" || v == "true" || v == "1" ? "true" : "false");
    } else if (kinds_[c] == kNumber) {
      out << "null";
    } else {
      out << JsonString(v);
    }
  }
  out << "}";
}

void Table::PrintRecord(std::ostream& out, OutputFormat format) const {
  if (format != OutputFormat::kJson || rows_.size() != 1) return Print(out, format);
  PrintJsonObject(out, rows_.front());
  out << "\n";
}

void Table::Print(std::ostream& out, OutputFormat format) const {
  switch (format) {
    case OutputFormat::kCsv: {
      std::string text = "\xEF\xBB\xBF";  // Excel reads UTF-8 only with a BOM
      AppendCsvLine(columns_, ';', &text);
      for (const auto& row : rows_) AppendCsvLine(row, ';', &text);
      out << text;
      return;
    }
    case OutputFormat::kJson: {
      out << "[";
      for (std::size_t r = 0; r < rows_.size(); ++r) {
        out << (r ? ",\n " : "\n ");
        PrintJsonObject(out, rows_[r]);
      }
      out << (rows_.empty() ? "]\n" : "\n]\n");
      return;
    }
    case OutputFormat::kTable: {
      auto width = [](const std::string& s) { return Utf8Length(s).value_or(s.size()); };
      std::vector<std::size_t> widths(columns_.size());
      for (std::size_t c = 0; c < columns_.size(); ++c) {
        widths[c] = width(columns_[c]);
        for (const auto& row : rows_) widths[c] = std::max(widths[c], width(row[c]));
      }
      auto line = [&](const std::vector<std::string>& values) {
        std::string s;
        for (std::size_t c = 0; c < values.size(); ++c) {
          // Line breaks inside a cell would break the table.
          std::string v = values[c];
          std::replace(v.begin(), v.end(), '\n', ' ');
          const std::string pad(widths[c] - std::min(widths[c], width(v)), ' ');
          const bool last = c + 1 == values.size();
          if (kinds_[c] == kNumber) {
            absl::StrAppend(&s, pad, v);
          } else {
            absl::StrAppend(&s, v, last ? "" : pad);
          }
          if (!last) s += "  ";
        }
        out << s << "\n";
      };
      line(columns_);
      for (const auto& row : rows_) line(row);
      return;
    }
  }
}

}  // namespace prio::client
