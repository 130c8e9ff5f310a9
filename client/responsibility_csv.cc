#include "client/responsibility_csv.h"

#include <algorithm>
#include <array>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "common/utf8.h"
#include "vocabulary/authority.h"
#include "vocabulary/size_class.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"
#include "vocabulary/identifiers.h"

namespace prio::client {
namespace {

// Where a table keeps its size classes: one column per class, or one list column.
struct SizeClassColumns {
  int list = -1;
  std::vector<std::pair<v1::SizeClass, int>> flags;
  int first() const { return list >= 0 ? list : flags.front().second; }
};

absl::StatusOr<SizeClassColumns> FindSizeClassColumns(const CsvTable& table) {
  SizeClassColumns out;
  out.list = table.Column({"size_classes", "groessenklassen", "größenklassen"});
  if (out.list >= 0) return out;
  const std::array<std::pair<v1::SizeClass, std::string_view>, 5> names = {{
      {v1::SIZE_CLASS_KREISFREIE_STADT, "kreisfreie_stadt"},
      {v1::SIZE_CLASS_KREIS, "kreis"},
      {v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT, "grosse_kreisangehoerige_stadt"},
      {v1::SIZE_CLASS_MITTLERE_KREISANGEHOERIGE_STADT, "mittlere_kreisangehoerige_stadt"},
      {v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE, "kleine_kreisangehoerige_gemeinde"},
  }};
  for (const auto& [c, name] : names) {
    PRIO_ASSIGN_OR_RETURN(int column, table.RequiredColumn({name}));
    out.flags.emplace_back(c, column);
  }
  return out;
}

absl::Status ReadSizeClasses(const CsvTable& table, const CsvRow& row,
                             const SizeClassColumns& columns,
                             google::protobuf::RepeatedField<int>* out) {
  if (columns.list >= 0) {
    for (absl::string_view k : absl::StrSplit(ToAbsl(CsvTable::Field(row, columns.list)),
                                              absl::ByAnyChar(" ,|;"), absl::SkipEmpty())) {
      absl::StatusOr<v1::SizeClass> c = vocab::ParseSizeClass(ToStd(k));
      if (!c.ok()) return table.FieldError(row, columns.list, ToStd(c.status().message()));
      out->Add(*c);
    }
    return absl::OkStatus();
  }
  for (const auto& [c, column] : columns.flags) {
    PRIO_ASSIGN_OR_RETURN(bool on, ParseCsvFlag(table, row, column));
    if (on) out->Add(c);
  }
  return absl::OkStatus();
}

absl::StatusOr<ResponsibilityImport> LeikaLevel(const CsvTable& table, int key) {
  ResponsibilityImport out{{}, RowOrigins(table, "rows")};
  PRIO_ASSIGN_OR_RETURN(int id, table.RequiredColumn({"ozg_id", "service_id"}));
  const int name = table.Column({"leistung", "name", "leika_leistung"});
  PRIO_ASSIGN_OR_RETURN(int authority, table.RequiredColumn({"behoerde", "behörde", "authority",
                                                             "authorities"}));
  PRIO_ASSIGN_OR_RETURN(SizeClassColumns classes, FindSizeClassColumns(table));
  const int office = table.Column({"amt", "office"});
  const int rule = table.Column({"regel", "rule"});
  out.origins.MapField("service_id", id);
  out.origins.MapField("leika_key", key);
  out.origins.MapField("name", name);
  out.origins.MapField("authorities", authority);
  out.origins.MapField("size_classes", classes.first());
  out.origins.MapField("office", office);
  out.origins.MapField("rule", rule);
  for (const CsvRow& row : table.rows()) {
    if (CsvTable::Field(row, id).empty()) {
      ++out.rows_skipped;
      continue;
    }
    v1::ResponsibilityRow* r = out.request.add_rows();
    r->set_service_id(std::string(CsvTable::Field(row, id)));
    r->set_leika_key(std::string(CsvTable::Field(row, key)));
    if (r->leika_key().empty()) return table.FieldError(row, key, "the LeiKa key is empty");
    r->set_name(std::string(CsvTable::Field(row, name)));
    for (absl::string_view k : absl::StrSplit(ToAbsl(CsvTable::Field(row, authority)),
                                              absl::ByAnyChar(" ,|;"), absl::SkipEmpty())) {
      absl::StatusOr<v1::AuthorityKind> kind = vocab::ParseAuthority(ToStd(k));
      if (!kind.ok()) return table.FieldError(row, authority, ToStd(kind.status().message()));
      r->add_authorities(*kind);
    }
    if (r->authorities().empty()) {
      return table.FieldError(row, authority, "name who executes it (unresolved if unknown)");
    }
    PRIO_RETURN_IF_ERROR(ReadSizeClasses(table, row, classes, r->mutable_size_classes()));
    r->set_office(std::string(CsvTable::Field(row, office)));
    r->set_rule(std::string(CsvTable::Field(row, rule)));
    out.origins.Add(row);
  }
  return out;
}

absl::StatusOr<ResponsibilityImport> BundleLevel(const CsvTable& table) {
  ResponsibilityImport out{{}, RowOrigins(table, "entries")};
  PRIO_ASSIGN_OR_RETURN(int id, table.RequiredColumn({"ozg_id", "service_id", "leistung"}));
  const int rule = table.Column({"rule", "regel"});
  PRIO_ASSIGN_OR_RETURN(SizeClassColumns classes, FindSizeClassColumns(table));
  out.origins.MapField("service_id", id);
  out.origins.MapField("size_classes", classes.first());
  out.origins.MapField("rule", rule);
  for (const CsvRow& row : table.rows()) {
    v1::ResponsibilitySet* e = out.request.add_entries();
    e->set_service_id(std::string(CsvTable::Field(row, id)));
    if (e->service_id().empty()) return table.FieldError(row, id, "the service id is empty");
    e->set_rule(std::string(CsvTable::Field(row, rule)));
    PRIO_RETURN_IF_ERROR(ReadSizeClasses(table, row, classes, e->mutable_size_classes()));
    out.origins.Add(row);
  }
  return out;
}

absl::StatusOr<v1::OfficeExceptionMode> ParseMode(std::string_view text) {
  const std::string v = FoldCase(text);
  if (v == "takes-on" || v == "übernimmt" || v == "uebernimmt") {
    return v1::OFFICE_EXCEPTION_MODE_TAKES_ON;
  }
  if (v == "hands-to-kreis" || v == "abgabe-an-kreis" || v == "gibt-ab") {
    return v1::OFFICE_EXCEPTION_MODE_HANDS_TO_KREIS;
  }
  if (v == "none" || v == "keine") return v1::OFFICE_EXCEPTION_MODE_NONE;
  return absl::InvalidArgumentError(
      "expected takes-on (übernimmt), hands-to-kreis (abgabe-an-kreis) or none (keine)");
}

}  // namespace

absl::StatusOr<ResponsibilityImport> ResponsibilityFromCsv(const CsvTable& table) {
  const int key = table.Column({"leika_schluessel", "leika_key", "leika-schlüssel"});
  if (key >= 0) return LeikaLevel(table, key);
  return BundleLevel(table);
}

absl::StatusOr<OfficeExceptionsImport> OfficeExceptionsFromCsv(const CsvTable& table) {
  OfficeExceptionsImport out{{}, RowOrigins(table, "exceptions")};
  PRIO_ASSIGN_OR_RETURN(int ags, table.RequiredColumn({"ags"}));
  PRIO_ASSIGN_OR_RETURN(int office, table.RequiredColumn({"amt", "office"}));
  PRIO_ASSIGN_OR_RETURN(int mode, table.RequiredColumn({"modus", "mode"}));
  const int source = table.Column({"quelle", "source"});
  out.origins.MapField("ags", ags);
  out.origins.MapField("office", office);
  out.origins.MapField("mode", mode);
  out.origins.MapField("source", source);
  for (const CsvRow& row : table.rows()) {
    v1::OfficeExceptionSet* x = out.request.add_exceptions();
    x->set_ags(std::string(CsvTable::Field(row, ags)));
    if (absl::Status valid = vocab::ValidateAgs(x->ags()); !valid.ok()) {
      return table.FieldError(row, ags, ToStd(valid.message()));
    }
    x->set_office(std::string(CsvTable::Field(row, office)));
    if (x->office().empty()) return table.FieldError(row, office, "the office is empty");
    absl::StatusOr<v1::OfficeExceptionMode> m = ParseMode(CsvTable::Field(row, mode));
    if (!m.ok()) return table.FieldError(row, mode, ToStd(m.status().message()));
    x->set_mode(*m);
    x->set_source(std::string(CsvTable::Field(row, source)));
    out.origins.Add(row);
  }
  return out;
}

}  // namespace prio::client
