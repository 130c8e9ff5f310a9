// The derivation of data/responsibility.csv (prio's default OZG-Kompass: who in NRW
// executes each LeiKa-Leistung, and so which size classes must provide it) from
// data/ozg_leika_leistungen.csv by the rule table tools/data/responsibility_rules.csv.
//
// The rule table, one rule a row, first match wins:
//   rule         unique name, recorded in every row it decides
//   office       the office (Amt) whose task it is, e.g. "jugendamt", or empty
//   laws         ";"-separated law abbreviations: matches if the LeiKa row's
//                gesetz_kuerzel (split at ",") or an abbreviation in parentheses in
//                its rechtsgrundlage equals one (case-insensitive)
//   words        ";"-separated words: matches if the LeiKa name (leistung) contains
//                one (case-insensitive)
//   ozg_ids      ";"-separated OZG-IDs: matches if the row belongs to one
//   leika_types  ";"-separated LeiKa-Typ values: matches if the row's equals one
//   authority    ";"-separated authority kinds (server/domain/authority.h)
//   size_classes space-separated size-class keys (kreisfreie-stadt kreis grosse-kas
//                mittlere-kas kleine-gemeinde); empty unless a municipal kind executes it
//   source       the law or ordinance the rule rests on ("UNVERIFIED" where not read)
// A rule matches when every criterion it fills matches; a rule with none is refused.
// A row no rule matches is "unresolved": no authority, no size class.
#ifndef PRIO_TOOLS_DATA_RESPONSIBILITY_RULES_H_
#define PRIO_TOOLS_DATA_RESPONSIBILITY_RULES_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "client/csv.h"

namespace prio::tools {

struct Derivation {
  std::string csv;  // the whole responsibility CSV (header, one row per LeiKa row, LF)
  std::map<std::string, int> rows_per_rule;  // "unresolved" included
  std::map<std::string, int> rows_per_authority;
  std::map<std::string, int> rows_per_size_class;
  // Rules that decide no row (an earlier rule takes them all, or they match nothing):
  // "name (line N)". The shipped table has none.
  std::vector<std::string> dead_rules;
};

// Derives the mapping for every row of `leika` (data/ozg_leika_leistungen.csv) by
// `rules`. INVALID_ARGUMENT "FILE:LINE:COLUMN (header): reason" for a bad rule (an
// unknown authority or size class, classes that do not fit the authority, a
// duplicate name, no criterion, no source). Rules that decide no row are listed in
// `dead_rules`.
absl::StatusOr<Derivation> DeriveResponsibility(const CsvTable& leika, const CsvTable& rules);

}  // namespace prio::tools

#endif  // PRIO_TOOLS_DATA_RESPONSIBILITY_RULES_H_
