// The documented default rule that derives data/responsibility.csv (which size
// classes must provide which OZG-Leistung) from data/ozg_leistungen.csv. No official
// mapping is in the reference data; data/README.md states this rule, and an admin
// replaces the result with `prio responsibility import`.
//
// Rules, first match wins (OZG name matched as a case-sensitive substring):
//   federal             the service's only LeiKa-Typ is 1 (Regelung und Vollzug Bund)
//                       -> no municipality
//   bauaufsicht         name contains Abbruchgenehmigung, Baulast, Bauaufsicht,
//                       Baugenehmigung, Bauvorhaben or Genehmigungsfreistellung
//                       -> kreisfreie Stadt, Kreis, große and mittlere kreisangehörige
//                          Stadt (the untere Bauaufsichtsbehörden, GO NRW § 4)
//   auslaenderbehoerde  name contains Aufenthalt, Ausländer, Einbürgerung,
//                       Beschäftigungserlaubnis, Grenzgängerkarte or
//                       Verpflichtungserklärung
//                       -> kreisfreie Stadt, Kreis, große kreisangehörige Stadt
//   default             -> every size class
#ifndef PRIO_TOOLS_DATA_RESPONSIBILITY_RULES_H_
#define PRIO_TOOLS_DATA_RESPONSIBILITY_RULES_H_

#include <string>

#include "absl/status/statusor.h"
#include "client/csv.h"

namespace prio::tools {

// The whole responsibility CSV (header, one row per service in input order, LF line
// ends) for the services table of data/ozg_leistungen.csv.
absl::StatusOr<std::string> DeriveResponsibilityCsv(const CsvTable& services);

}  // namespace prio::tools

#endif  // PRIO_TOOLS_DATA_RESPONSIBILITY_RULES_H_
