#include "client/planning_csv.h"

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"
#include "vocabulary/offering.h"

namespace prio::client {
namespace {

// The optional number in `column` (0 when the column is absent or the field empty).
absl::StatusOr<double> OptionalNumber(const CsvTable& t, const CsvRow& row, int column,
                                      std::string_view what) {
  if (column < 0 || CsvTable::Field(row, column).empty()) return 0.0;
  return ParseCsvDecimal(t, row, column, what);
}

}  // namespace

absl::StatusOr<OfferingsImport> OfferingsFromCsv(const CsvTable& table) {
  OfferingsImport out{.origins = RowOrigins(table, "offerings")};
  PRIO_ASSIGN_OR_RETURN(int service, table.RequiredColumn({"service", "service_id", "ozg_id", "leistung"}));
  PRIO_ASSIGN_OR_RETURN(int path, table.RequiredColumn({"path", "weg", "umsetzung"}));
  const int offered_by = table.Column({"offered_by", "anbieter"});
  const int available = table.Column({"available_from", "verfuegbar_ab", "verfügbar_ab"});
  const int team = table.Column({"integration_team", "integrationsteam"});
  const int integration = table.Column({"integration_days", "integration_pt",
                                        "integration_person_days"});
  const int onboarding = table.Column({"onboarding_days", "onboarding_pt",
                                       "onboarding_person_days"});
  const int department = table.Column({"department", "fachbereich", "onboarding_department"});
  const int cost = table.Column({"yearly_cost_eur", "jahreskosten_eur", "kosten_jahr"});
  const int source = table.Column({"source", "quelle"});
  out.origins.MapField("service_id", service);
  out.origins.MapField("path", path);
  out.origins.MapField("offered_by", offered_by);
  out.origins.MapField("available_from", available);
  out.origins.MapField("integration_team", team);
  out.origins.MapField("integration_person_days", integration);
  out.origins.MapField("onboarding_person_days", onboarding);
  out.origins.MapField("onboarding_department", department);
  out.origins.MapField("yearly_cost_eur", cost);
  out.origins.MapField("source", source);
  for (const CsvRow& row : table.rows()) {
    v1::OfferingSet* o = out.request.add_offerings();
    o->set_service_id(std::string(CsvTable::Field(row, service)));
    absl::StatusOr<v1::ImplementationPath> p =
        vocab::ParseImplementationPath(CsvTable::Field(row, path));
    if (!p.ok()) return table.FieldError(row, path, ToStd(p.status().message()));
    o->set_path(*p);
    o->set_offered_by(std::string(CsvTable::Field(row, offered_by)));
    o->set_available_from(std::string(CsvTable::Field(row, available)));
    o->set_integration_team(std::string(CsvTable::Field(row, team)));
    PRIO_ASSIGN_OR_RETURN(double i, OptionalNumber(table, row, integration, "person-days"));
    o->set_integration_person_days(i);
    PRIO_ASSIGN_OR_RETURN(double b, OptionalNumber(table, row, onboarding, "person-days"));
    o->set_onboarding_person_days(b);
    o->set_onboarding_department(std::string(CsvTable::Field(row, department)));
    PRIO_ASSIGN_OR_RETURN(double c, OptionalNumber(table, row, cost, "euros"));
    o->set_yearly_cost_eur(c);
    o->set_source(std::string(CsvTable::Field(row, source)));
    out.origins.Add(row);
  }
  return out;
}

absl::StatusOr<DeadlinesImport> DeadlinesFromCsv(const CsvTable& table) {
  DeadlinesImport out{.origins = RowOrigins(table, "deadlines")};
  PRIO_ASSIGN_OR_RETURN(int service, table.RequiredColumn({"service", "service_id", "ozg_id", "leistung"}));
  PRIO_ASSIGN_OR_RETURN(int quarter, table.RequiredColumn({"quarter", "quartal", "frist",
                                                           "deadline"}));
  const int kind = table.Column({"kind", "art"});
  const int source = table.Column({"source", "quelle"});
  out.origins.MapField("service_id", service);
  out.origins.MapField("quarter", quarter);
  out.origins.MapField("kind", kind);
  out.origins.MapField("source", source);
  for (const CsvRow& row : table.rows()) {
    v1::DeadlineSet* d = out.request.add_deadlines();
    d->set_service_id(std::string(CsvTable::Field(row, service)));
    d->set_quarter(std::string(CsvTable::Field(row, quarter)));
    if (kind >= 0 && !CsvTable::Field(row, kind).empty()) {
      absl::StatusOr<v1::DeadlineKind> k = vocab::ParseDeadlineKind(CsvTable::Field(row, kind));
      if (!k.ok()) return table.FieldError(row, kind, ToStd(k.status().message()));
      d->set_kind(*k);
    }
    d->set_source(std::string(CsvTable::Field(row, source)));
    out.origins.Add(row);
  }
  return out;
}

}  // namespace prio::client
