// The responsibility mapping (OZG-Kompass) and office exceptions from CSV files into
// command requests (commands.proto), with each request element's file line, so that
// the CLI's own checks and the server's refusals both name FILE:LINE:COLUMN.
// Headers are matched case-insensitively; German names beside English ones; unknown
// columns are ignored. data/README.md section 4 documents both files.
#ifndef PRIO_CLIENT_RESPONSIBILITY_CSV_H_
#define PRIO_CLIENT_RESPONSIBILITY_CSV_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "client/csv.h"
#include "client/row_origins.h"
#include "prio/v1/commands.pb.h"

namespace prio::client {

// Two forms, told apart by a leika_schluessel|leika_key column:
// - LeiKa level (data/responsibility.csv): leika_schluessel|leika_key,
//   ozg_id|service_id, leistung|name (the LeiKa entry's name; needed where the key
//   is shared, as "nicht im LeiKa"), behoerde|behörde|authority|authorities (kinds
//   separated by ";", ",", "|" or spaces: bund, land, gericht, kammer,
//   sozialversicherung, landschaftsverband, kreisebene, gemeinde, sonstige,
//   unresolved), the size classes (below), amt|office, regel|rule. Rows without an
//   OZG-ID belong to no service and are skipped (counted).
// - bundle level: ozg_id|service_id|leistung, the size classes, rule|regel.
// Size classes: one column per class (kreisfreie_stadt, kreis,
// grosse_kreisangehoerige_stadt, mittlere_kreisangehoerige_stadt,
// kleine_kreisangehoerige_gemeinde; 1/0, x/empty, ja/nein) or one column
// size_classes|groessenklassen with keys separated by spaces, "," or "|".
struct ResponsibilityImport {
  v1::ImportResponsibilityRequest request;
  RowOrigins origins;
  std::size_t rows_skipped = 0;
};
absl::StatusOr<ResponsibilityImport> ResponsibilityFromCsv(const CsvTable& table);

// Office exceptions: ags, amt|office, modus|mode (takes-on|übernimmt,
// hands-to-kreis|abgabe-an-kreis, none|keine), quelle|source (optional).
struct OfficeExceptionsImport {
  v1::ImportOfficeExceptionsRequest request;
  RowOrigins origins;
};
absl::StatusOr<OfficeExceptionsImport> OfficeExceptionsFromCsv(const CsvTable& table);

}  // namespace prio::client

#endif  // PRIO_CLIENT_RESPONSIBILITY_CSV_H_
