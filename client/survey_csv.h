// Survey data from CSV files into command requests (commands.proto). The client does
// this, so that a bad file is refused with FILE:LINE:COLUMN before anything is sent.
//
// Header names are matched case-insensitively; German names are accepted beside
// English ones (listed per function). Unknown columns are ignored. The files in
// data/ (see data/README.md) are read as they are.
#ifndef PRIO_CLIENT_SURVEY_CSV_H_
#define PRIO_CLIENT_SURVEY_CSV_H_

#include <cstddef>
#include <vector>

#include "absl/status/statusor.h"
#include "client/csv.h"
#include "prio/v1/commands.pb.h"
#include "vocabulary/need_level.h"

namespace prio::client {

using vocab::NeedLevelKey;
using vocab::ParseNeedLevel;

// Services: ozg_id|service_id|id|leistungs_id, ozg_leistung|name|leistung|bezeichnung,
// themenfeld, lebenslage, leika_typen|leika_types (";"-separated), efa (0/1).
// LeiKa (optional): leika_schluessel|leika_key, leistung|name, ozg_id|service_id,
// leika_typ, sdg_relevanz_1, sdg_relevanz_2, gesetze, gesetz_kuerzel, rechtsgrundlage.
// LeiKa rows without an OZG-ID belong to no service and are skipped (counted).
struct CatalogImport {
  v1::ImportCatalogRequest request;
  std::size_t leika_rows_skipped = 0;
};
absl::StatusOr<CatalogImport> CatalogFromCsv(const CsvTable& services, const CsvTable* leika);

// Municipalities, from one or more tables of two kinds:
// - municipalities: ags, name, kreis_schluessel|kreis_key, kreis|kreis_name,
//   status_go_nrw|size_class|groessenklasse, einwohner_zensus_2022|population|einwohner,
//   regierungsbezirk;
// - Kreise (recognised by an `art` column): kreis_schluessel, name, art,
//   regierungsbezirk, einwohner_zensus_2022_summe|population. Rows of art "Kreis" and
//   "Städteregion" become participants of size class Kreis with AGS key + "000";
//   kreisfreie Städte are skipped there (they come from the municipalities table).
struct MunicipalityImport {
  v1::ImportMunicipalitiesRequest request;
  std::size_t rows_skipped = 0;
};
absl::StatusOr<MunicipalityImport> MunicipalitiesFromCsv(
    const std::vector<const CsvTable*>& tables);

// Needs: service|service_id|ozg_id|leistung, level|bedarf, quarter|quartal,
// cases|fallzahl, department|fachbereich, comment|kommentar (text cells as
// SpreadsheetText wrote them are read back: FromSpreadsheetText). Levels: required|
// erforderlich, wanted|gewünscht, optional, not-needed|nicht benötigt, already-live|
// bereits online.
absl::StatusOr<std::vector<v1::Need>> NeedsFromCsv(const CsvTable& table);

// A ballot: service|service_id|ozg_id|leistung, and points|punkte (a points ballot)
// or rank|rang (a ranked ballot: rows sorted by rank, 1 = most important).
absl::StatusOr<v1::Ballot> BallotFromCsv(const CsvTable& table);

// Effort estimates: service|service_id|ozg_id|leistung, team, central_days|zentral_pt,
// onboarding_days|onboarding_pt, department|fachbereich. Person-days accept a decimal
// comma or point.
absl::StatusOr<v1::SetEffortRequest> EffortsFromCsv(const CsvTable& table);

// Team capacity: team, quarter|quartal, days|person_days|personentage|pt.
absl::StatusOr<v1::DeclareCapacityRequest> CapacitiesFromCsv(const CsvTable& table);


}  // namespace prio::client

#endif  // PRIO_CLIENT_SURVEY_CSV_H_
