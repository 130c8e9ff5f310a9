#include "client/survey_csv.h"

#include <algorithm>
#include <array>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "vocabulary/size_class.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"

namespace prio::client {
namespace {

std::string Lower(std::string_view s) { return absl::AsciiStrToLower(ToAbsl(s)); }

absl::StatusOr<int64_t> ParseInt(const CsvTable& t, const CsvRow& row, int column) {
  std::string v(CsvTable::Field(row, column));
  // German thousands separators: "12.345" or "12 345".
  v.erase(std::remove_if(v.begin(), v.end(), [](char c) { return c == '.' || c == ' '; }),
          v.end());
  int64_t n = 0;
  if (!absl::SimpleAtoi(v, &n)) return t.FieldError(row, column, "expected a whole number");
  return n;
}

// Person-days: "12.5" or "12,5".
absl::StatusOr<double> ParseDays(const CsvTable& t, const CsvRow& row, int column) {
  return ParseCsvDecimal(t, row, column, "person-days");
}

}  // namespace

absl::StatusOr<CatalogImport> CatalogFromCsv(const CsvTable& services, const CsvTable* leika) {
  CatalogImport out;
  PRIO_ASSIGN_OR_RETURN(int id, services.RequiredColumn({"ozg_id", "service_id", "id",
                                                         "leistungs_id", "ozg-id"}));
  PRIO_ASSIGN_OR_RETURN(int name, services.RequiredColumn({"ozg_leistung", "name", "leistung",
                                                           "bezeichnung"}));
  const int themenfeld = services.Column({"themenfeld"});
  const int lebenslage = services.Column({"lebenslage"});
  const int types = services.Column({"leika_typen", "leika_types"});
  const int efa = services.Column({"efa"});
  for (const CsvRow& row : services.rows()) {
    v1::Service* s = out.request.add_services();
    s->set_service_id(std::string(CsvTable::Field(row, id)));
    if (s->service_id().empty()) return services.FieldError(row, id, "the service id is empty");
    s->set_name(std::string(CsvTable::Field(row, name)));
    if (s->name().empty()) return services.FieldError(row, name, "the name is empty");
    s->set_themenfeld(std::string(CsvTable::Field(row, themenfeld)));
    s->set_lebenslage(std::string(CsvTable::Field(row, lebenslage)));
    for (absl::string_view t : absl::StrSplit(ToAbsl(CsvTable::Field(row, types)), ';',
                                              absl::SkipWhitespace())) {
      s->add_leika_types(std::string(absl::StripAsciiWhitespace(t)));
    }
    if (efa >= 0) {
      PRIO_ASSIGN_OR_RETURN(bool v, ParseCsvFlag(services, row, efa));
      s->set_efa(v);
    }
  }
  if (leika == nullptr) return out;
  PRIO_ASSIGN_OR_RETURN(int key, leika->RequiredColumn({"leika_schluessel", "leika_key",
                                                        "leistungsschluessel"}));
  PRIO_ASSIGN_OR_RETURN(int lname, leika->RequiredColumn({"leistung", "name"}));
  PRIO_ASSIGN_OR_RETURN(int lservice, leika->RequiredColumn({"ozg_id", "service_id"}));
  const int typ = leika->Column({"leika_typ", "leika_type"});
  const int sdg1 = leika->Column({"sdg_relevanz_1", "sdg_relevance_1"});
  const int sdg2 = leika->Column({"sdg_relevanz_2", "sdg_relevance_2"});
  const int law = leika->Column({"gesetze", "law"});
  const int law_short = leika->Column({"gesetz_kuerzel", "law_short"});
  const int basis = leika->Column({"rechtsgrundlage", "legal_basis"});
  for (const CsvRow& row : leika->rows()) {
    if (CsvTable::Field(row, lservice).empty()) {
      ++out.leika_rows_skipped;
      continue;
    }
    v1::LeikaImport* l = out.request.add_leika();
    l->set_service_id(std::string(CsvTable::Field(row, lservice)));
    v1::LeikaEntry* e = l->mutable_entry();
    e->set_leika_key(std::string(CsvTable::Field(row, key)));
    if (e->leika_key().empty()) return leika->FieldError(row, key, "the LeiKa key is empty");
    e->set_name(std::string(CsvTable::Field(row, lname)));
    e->set_leika_type(std::string(CsvTable::Field(row, typ)));
    if (sdg1 >= 0) {
      PRIO_ASSIGN_OR_RETURN(bool v, ParseCsvFlag(*leika, row, sdg1));
      e->set_sdg_relevance_1(v);
    }
    if (sdg2 >= 0) {
      PRIO_ASSIGN_OR_RETURN(bool v, ParseCsvFlag(*leika, row, sdg2));
      e->set_sdg_relevance_2(v);
    }
    e->set_law(std::string(CsvTable::Field(row, law)));
    e->set_law_short(std::string(CsvTable::Field(row, law_short)));
    e->set_legal_basis(std::string(CsvTable::Field(row, basis)));
  }
  return out;
}

absl::StatusOr<MunicipalityImport> MunicipalitiesFromCsv(
    const std::vector<const CsvTable*>& tables) {
  MunicipalityImport out;
  for (const CsvTable* t : tables) {
    const int art = t->Column({"art"});
    if (art >= 0) {  // Kreise
      PRIO_ASSIGN_OR_RETURN(int key, t->RequiredColumn({"kreis_schluessel", "kreis_key"}));
      PRIO_ASSIGN_OR_RETURN(int name, t->RequiredColumn({"name"}));
      PRIO_ASSIGN_OR_RETURN(int pop, t->RequiredColumn({"einwohner_zensus_2022_summe",
                                                        "population", "einwohner"}));
      const int bezirk = t->Column({"regierungsbezirk"});
      for (const CsvRow& row : t->rows()) {
        const std::string kind = Lower(CsvTable::Field(row, art));
        if (kind == "kreisfreie stadt") {
          ++out.rows_skipped;
          continue;
        }
        if (kind != "kreis" && kind != "städteregion") {
          return t->FieldError(row, art, "expected Kreis, Städteregion or kreisfreie Stadt");
        }
        v1::Municipality* m = out.request.add_municipalities();
        m->set_ags(absl::StrCat(ToAbsl(CsvTable::Field(row, key)), "000"));
        // "Kreis Herford", so that the Kreis is not mistaken for its town.
        const std::string kreis_name(CsvTable::Field(row, name));
        m->set_name(kind == "kreis" && kreis_name.rfind("Kreis", 0) != 0
                        ? absl::StrCat("Kreis ", kreis_name)
                        : kreis_name);
        m->set_kreis_key(std::string(CsvTable::Field(row, key)));
        m->set_kreis_name(kreis_name);
        m->set_size_class(v1::SIZE_CLASS_KREIS);
        PRIO_ASSIGN_OR_RETURN(int64_t n, ParseInt(*t, row, pop));
        m->set_population(n);
        m->set_regierungsbezirk(std::string(CsvTable::Field(row, bezirk)));
      }
      continue;
    }
    PRIO_ASSIGN_OR_RETURN(int ags, t->RequiredColumn({"ags", "gemeindeschluessel"}));
    PRIO_ASSIGN_OR_RETURN(int name, t->RequiredColumn({"name", "gemeinde"}));
    PRIO_ASSIGN_OR_RETURN(int size, t->RequiredColumn({"status_go_nrw", "size_class",
                                                       "groessenklasse", "größenklasse"}));
    PRIO_ASSIGN_OR_RETURN(int pop, t->RequiredColumn({"einwohner_zensus_2022", "population",
                                                      "einwohner"}));
    const int key = t->Column({"kreis_schluessel", "kreis_key"});
    const int kreis = t->Column({"kreis", "kreis_name"});
    const int bezirk = t->Column({"regierungsbezirk"});
    for (const CsvRow& row : t->rows()) {
      v1::Municipality* m = out.request.add_municipalities();
      m->set_ags(std::string(CsvTable::Field(row, ags)));
      m->set_name(std::string(CsvTable::Field(row, name)));
      m->set_kreis_key(std::string(CsvTable::Field(row, key)));
      m->set_kreis_name(std::string(CsvTable::Field(row, kreis)));
      absl::StatusOr<v1::SizeClass> c = vocab::ParseSizeClass(CsvTable::Field(row, size));
      if (!c.ok()) return t->FieldError(row, size, ToStd(c.status().message()));
      m->set_size_class(*c);
      PRIO_ASSIGN_OR_RETURN(int64_t n, ParseInt(*t, row, pop));
      m->set_population(n);
      m->set_regierungsbezirk(std::string(CsvTable::Field(row, bezirk)));
    }
  }
  return out;
}

absl::StatusOr<std::vector<v1::Need>> NeedsFromCsv(const CsvTable& table) {
  std::vector<v1::Need> out;
  PRIO_ASSIGN_OR_RETURN(int service, table.RequiredColumn({"service", "service_id", "ozg_id",
                                                           "leistung"}));
  PRIO_ASSIGN_OR_RETURN(int level, table.RequiredColumn({"level", "bedarf"}));
  const int quarter = table.Column({"quarter", "quartal"});
  const int cases = table.Column({"cases", "fallzahl", "yearly_cases"});
  const int department = table.Column({"department", "fachbereich"});
  const int comment = table.Column({"comment", "kommentar"});
  const int contact_name = table.Column({"contact_name", "ansprechperson", "kontakt"});
  const int contact_email = table.Column({"contact_email", "e-mail", "email"});
  for (const CsvRow& row : table.rows()) {
    v1::Need& n = out.emplace_back();
    n.set_service_id(std::string(CsvTable::Field(row, service)));
    if (n.service_id().empty()) return table.FieldError(row, service, "the service is empty");
    absl::StatusOr<v1::NeedLevel> l = ParseNeedLevel(CsvTable::Field(row, level));
    if (!l.ok()) return table.FieldError(row, level, ToStd(l.status().message()));
    n.set_level(*l);
    n.set_desired_start_quarter(std::string(CsvTable::Field(row, quarter)));
    if (cases >= 0 && !CsvTable::Field(row, cases).empty()) {
      PRIO_ASSIGN_OR_RETURN(int64_t v, ParseInt(table, row, cases));
      n.set_yearly_cases(v);
    }
    n.set_department(std::string(FromSpreadsheetText(CsvTable::Field(row, department))));
    if (comment >= 0) n.set_comment(std::string(FromSpreadsheetText(row.fields[comment])));  // kept as written
    n.set_contact_name(std::string(FromSpreadsheetText(CsvTable::Field(row, contact_name))));
    n.set_contact_email(std::string(CsvTable::Field(row, contact_email)));
  }
  if (out.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(table.source(), ": no needs in the file"));
  }
  return out;
}

absl::StatusOr<v1::Ballot> BallotFromCsv(const CsvTable& table) {
  v1::Ballot out;
  PRIO_ASSIGN_OR_RETURN(int service, table.RequiredColumn({"service", "service_id", "ozg_id",
                                                           "leistung"}));
  const int points = table.Column({"points", "punkte"});
  const int rank = table.Column({"rank", "rang"});
  if ((points < 0) == (rank < 0)) {
    return absl::InvalidArgumentError(absl::StrCat(
        table.source(), ":1: a ballot has either a points (Punkte) or a rank (Rang) column"));
  }
  std::vector<std::pair<int64_t, std::string>> ranked;
  for (const CsvRow& row : table.rows()) {
    const std::string id(CsvTable::Field(row, service));
    if (id.empty()) return table.FieldError(row, service, "the service is empty");
    if (points >= 0) {
      PRIO_ASSIGN_OR_RETURN(int64_t n, ParseInt(table, row, points));
      if (n < 0 || n > 1'000'000) return table.FieldError(row, points, "points must be 0-1000000");
      v1::PointsAllocation* p = out.add_points();
      p->set_service_id(id);
      p->set_points(static_cast<uint32_t>(n));
    } else {
      PRIO_ASSIGN_OR_RETURN(int64_t r, ParseInt(table, row, rank));
      if (r < 1) return table.FieldError(row, rank, "ranks start at 1");
      ranked.push_back({r, id});
    }
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    if (i > 0 && ranked[i].first == ranked[i - 1].first) {
      return absl::InvalidArgumentError(absl::StrCat(table.source(), ": rank ", ranked[i].first,
                                                     " is given twice"));
    }
    out.add_ranked(ranked[i].second);
  }
  if (out.points().empty() && out.ranked().empty()) {
    return absl::InvalidArgumentError(absl::StrCat(table.source(), ": the ballot is empty"));
  }
  return out;
}

absl::StatusOr<v1::SetEffortRequest> EffortsFromCsv(const CsvTable& table) {
  v1::SetEffortRequest out;
  PRIO_ASSIGN_OR_RETURN(int service, table.RequiredColumn({"service", "service_id", "ozg_id",
                                                           "leistung"}));
  PRIO_ASSIGN_OR_RETURN(int team, table.RequiredColumn({"team"}));
  PRIO_ASSIGN_OR_RETURN(int central, table.RequiredColumn({"central_days", "zentral_pt",
                                                           "central_person_days"}));
  const int onboarding = table.Column({"onboarding_days", "onboarding_pt",
                                       "onboarding_person_days"});
  const int department = table.Column({"department", "fachbereich", "onboarding_department"});
  for (const CsvRow& row : table.rows()) {
    v1::EffortEstimated* e = out.add_efforts();
    e->set_service_id(std::string(CsvTable::Field(row, service)));
    e->set_team(std::string(CsvTable::Field(row, team)));
    PRIO_ASSIGN_OR_RETURN(double c, ParseDays(table, row, central));
    e->set_central_person_days(c);
    if (onboarding >= 0 && !CsvTable::Field(row, onboarding).empty()) {
      PRIO_ASSIGN_OR_RETURN(double o, ParseDays(table, row, onboarding));
      e->set_onboarding_person_days(o);
    }
    e->set_onboarding_department(std::string(CsvTable::Field(row, department)));
  }
  return out;
}

absl::StatusOr<v1::DeclareCapacityRequest> CapacitiesFromCsv(const CsvTable& table) {
  v1::DeclareCapacityRequest out;
  PRIO_ASSIGN_OR_RETURN(int team, table.RequiredColumn({"team"}));
  PRIO_ASSIGN_OR_RETURN(int quarter, table.RequiredColumn({"quarter", "quartal"}));
  PRIO_ASSIGN_OR_RETURN(int days, table.RequiredColumn({"days", "person_days", "personentage",
                                                        "pt"}));
  for (const CsvRow& row : table.rows()) {
    v1::CapacityDeclared* c = out.add_teams();
    c->set_team(std::string(CsvTable::Field(row, team)));
    c->set_quarter(std::string(CsvTable::Field(row, quarter)));
    PRIO_ASSIGN_OR_RETURN(double d, ParseDays(table, row, days));
    c->set_person_days(d);
  }
  return out;
}

}  // namespace prio::client
