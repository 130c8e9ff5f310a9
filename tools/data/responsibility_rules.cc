#include "tools/data/responsibility_rules.h"

#include <array>
#include <string_view>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "storage/absl_compat.h"
#include "storage/status_macros.h"

namespace prio::tools {
namespace {

constexpr std::array<std::string_view, 6> kBauaufsicht = {
    "Abbruchgenehmigung", "Baulast", "Bauaufsicht", "Baugenehmigung", "Bauvorhaben",
    "Genehmigungsfreistellung"};
constexpr std::array<std::string_view, 6> kAuslaenderbehoerde = {
    "Aufenthalt", "Ausländer", "Einbürgerung", "Beschäftigungserlaubnis", "Grenzgängerkarte",
    "Verpflichtungserklärung"};

template <std::size_t N>
bool ContainsAny(std::string_view name, const std::array<std::string_view, N>& words) {
  for (std::string_view w : words) {
    if (name.find(w) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

absl::StatusOr<std::string> DeriveResponsibilityCsv(const CsvTable& services) {
  PRIO_ASSIGN_OR_RETURN(int id, services.RequiredColumn({"ozg_id"}));
  PRIO_ASSIGN_OR_RETURN(int name, services.RequiredColumn({"ozg_leistung"}));
  PRIO_ASSIGN_OR_RETURN(int types, services.RequiredColumn({"leika_typen"}));
  std::string out;
  AppendCsvLine({"ozg_id", "ozg_leistung", "kreisfreie_stadt", "kreis",
                 "grosse_kreisangehoerige_stadt", "mittlere_kreisangehoerige_stadt",
                 "kleine_kreisangehoerige_gemeinde", "rule"},
                ',', &out, "\n");
  for (const CsvRow& row : services.rows()) {
    const std::string_view service_name = CsvTable::Field(row, name);
    std::vector<std::string> leika_types;
    for (absl::string_view t : absl::StrSplit(ToAbsl(CsvTable::Field(row, types)), ';',
                                              absl::SkipWhitespace())) {
      leika_types.emplace_back(absl::StripAsciiWhitespace(t));
    }
    // kreisfreie, Kreis, große, mittlere, kleine
    std::array<bool, 5> classes{true, true, true, true, true};
    std::string rule = "default";
    if (leika_types == std::vector<std::string>{"1"}) {
      classes = {false, false, false, false, false};
      rule = "federal";
    } else if (ContainsAny(service_name, kBauaufsicht)) {
      classes = {true, true, true, true, false};
      rule = "bauaufsicht";
    } else if (ContainsAny(service_name, kAuslaenderbehoerde)) {
      classes = {true, true, true, false, false};
      rule = "auslaenderbehoerde";
    }
    std::vector<std::string> fields = {std::string(CsvTable::Field(row, id)),
                                       std::string(service_name)};
    for (bool c : classes) fields.push_back(c ? "1" : "0");
    fields.push_back(rule);
    AppendCsvLine(fields, ',', &out, "\n");
  }
  return out;
}

}  // namespace prio::tools
