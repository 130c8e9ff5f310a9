// derive_responsibility: prints data/responsibility.csv derived from
// data/ozg_leistungen.csv by the rule in tools/data/responsibility_rules.h.
//
//   build/tools/derive_responsibility data/ozg_leistungen.csv > data/responsibility.csv
#include <iostream>

#include "client/csv.h"
#include "tools/data/responsibility_rules.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: derive_responsibility data/ozg_leistungen.csv > responsibility.csv\n";
    return 2;
  }
  absl::StatusOr<prio::CsvTable> services = prio::CsvTable::ReadFile(argv[1]);
  if (!services.ok()) {
    std::cerr << "derive_responsibility: " << services.status().message() << "\n";
    return 1;
  }
  absl::StatusOr<std::string> csv = prio::tools::DeriveResponsibilityCsv(*services);
  if (!csv.ok()) {
    std::cerr << "derive_responsibility: " << csv.status().message() << "\n";
    return 1;
  }
  std::cout << *csv;
  return 0;
}
