// libFuzzer target: the CSV reader and the survey CSV mappings. Properties checked:
// nothing crashes or leaks (run under ASan/UBSan), and a parsed table written back
// with AppendCsvLine parses to the same fields.
//
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DPRIO_FUZZ=ON
//   cmake --build build-fuzz --target csv_fuzzer
//   FUZZ_SECONDS=600 tools/fuzz/run csv_fuzzer
#include <cstdint>
#include <cstdlib>
#include <string>

#include "client/csv.h"
#include "client/responsibility_csv.h"
#include "client/survey_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<prio::CsvTable> t = prio::CsvTable::Parse(text, "fuzz.csv");
  if (!t.ok()) return 0;
  // The mappings must refuse or accept, never crash.
  (void)prio::client::NeedsFromCsv(*t);
  (void)prio::client::BallotFromCsv(*t);
  (void)prio::client::CatalogFromCsv(*t, &*t);
  (void)prio::client::MunicipalitiesFromCsv({&*t});
  (void)prio::client::ResponsibilityFromCsv(*t);
  (void)prio::client::OfficeExceptionsFromCsv(*t);
  (void)prio::client::EffortsFromCsv(*t);
  (void)prio::client::CapacitiesFromCsv(*t);

  // Round trip (tables of at least two columns: a one-column row of "" is an empty
  // line, which the reader skips by design).
  if (t->header().size() < 2) return 0;
  std::string out;
  prio::AppendCsvLine(t->header(), t->separator(), &out);
  for (const prio::CsvRow& row : t->rows()) prio::AppendCsvLine(row.fields, t->separator(), &out);
  absl::StatusOr<prio::CsvTable> again = prio::CsvTable::Parse(out, "again.csv");
  if (!again.ok() || again->separator() != t->separator()) return 0;  // detection may differ
  if (again->header() != t->header() || again->rows().size() != t->rows().size()) std::abort();
  for (std::size_t i = 0; i < t->rows().size(); ++i) {
    if (again->rows()[i].fields != t->rows()[i].fields) std::abort();
  }
  return 0;
}
