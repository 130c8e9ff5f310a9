// RowOrigins: which file line each element of an import request came from, so that a
// server's refusal of one element ("rows[17].leika_key: ...") reaches the user as
// FILE:LINE:COLUMN (header): reason, like the CLI's own checks.
//
//   RowOrigins origins(table, "rows");
//   origins.MapField("leika_key", key_column);
//   for (const CsvRow& row : table.rows()) { ...add an element...; origins.Add(row); }
//   if (std::optional<absl::Status> located = origins.Locate(refusal)) ...
//
// Holds a pointer to `table`, which must outlive it. Not thread-safe.
#ifndef PRIO_CLIENT_ROW_ORIGINS_H_
#define PRIO_CLIENT_ROW_ORIGINS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client/csv.h"

namespace prio::client {

class RowOrigins {
 public:
  RowOrigins(const CsvTable& table, std::string list_field)
      : table_(&table), list_field_(std::move(list_field)) {}

  // The next element of the request's list came from `row`.
  void Add(const CsvRow& row) { rows_.push_back(&row); }
  // A refusal naming `field` of an element points at `column` (else: the first column).
  void MapField(const std::string& field, int column) { columns_[field] = column; }

  // INVALID_ARGUMENT "FILE:LINE:COLUMN (header): reason (server: CODE)" if `refusal`'s
  // message starts with "<list_field>[N]" for a known element; nullopt otherwise.
  std::optional<absl::Status> Locate(const absl::Status& refusal) const;

 private:
  const CsvTable* table_;
  std::string list_field_;
  std::vector<const CsvRow*> rows_;
  std::map<std::string, int> columns_;
};

}  // namespace prio::client

#endif  // PRIO_CLIENT_ROW_ORIGINS_H_
