// derive_responsibility: prints data/responsibility.csv (prio's default OZG-Kompass)
// derived from data/ozg_leika_leistungen.csv by the rule table, and a summary of
// rows per authority kind, size class and rule on stderr. A rule that decides no row
// fails it (exit 1), unless PRIO_ALLOW_DEAD_RULES is set while editing the table.
//
//   build/tools/data/derive_responsibility data/ozg_leika_leistungen.csv
//       tools/data/responsibility_rules.csv > data/responsibility.csv   (one line)
#include <cstdlib>
#include <iostream>

#include "client/csv.h"
#include "tools/data/responsibility_rules.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: derive_responsibility data/ozg_leika_leistungen.csv "
                 "tools/data/responsibility_rules.csv > responsibility.csv\n";
    return 2;
  }
  absl::StatusOr<prio::CsvTable> leika = prio::CsvTable::ReadFile(argv[1]);
  absl::StatusOr<prio::CsvTable> rules = prio::CsvTable::ReadFile(argv[2]);
  for (const auto* t : {&leika, &rules}) {
    if (!t->ok()) {
      std::cerr << "derive_responsibility: " << t->status().message() << "\n";
      return 2;
    }
  }
  absl::StatusOr<prio::tools::Derivation> d = prio::tools::DeriveResponsibility(*leika, *rules);
  if (!d.ok()) {
    std::cerr << "derive_responsibility: " << d.status().message() << "\n";
    return 1;
  }
  if (!d->dead_rules.empty()) {
    std::cerr << "derive_responsibility: these rules decide no row (an earlier rule takes them "
                 "all, or they match nothing); remove or reorder them:\n";
    for (const std::string& r : d->dead_rules) std::cerr << "  " << r << "\n";
    if (std::getenv("PRIO_ALLOW_DEAD_RULES") == nullptr) return 1;
  }
  std::cout << d->csv;
  std::cerr << "rows per authority kind:\n";
  for (const auto& [k, n] : d->rows_per_authority) std::cerr << "  " << k << " " << n << "\n";
  std::cerr << "rows per size class:\n";
  for (const auto& [k, n] : d->rows_per_size_class) std::cerr << "  " << k << " " << n << "\n";
  std::cerr << "rows per rule:\n";
  for (const auto& [k, n] : d->rows_per_rule) std::cerr << "  " << k << " " << n << "\n";
  return 0;
}
