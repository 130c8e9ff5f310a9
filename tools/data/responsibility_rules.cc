#include "tools/data/responsibility_rules.h"

#include <algorithm>
#include <array>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/utf8.h"
#include "vocabulary/authority.h"
#include "vocabulary/size_class.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"

namespace prio::tools {
namespace {

std::string Lower(std::string_view s) { return FoldCase(s); }

std::vector<std::string> List(std::string_view text, char separator, bool lower) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(ToAbsl(text), separator, absl::SkipWhitespace())) {
    std::string v(absl::StripAsciiWhitespace(part));
    out.push_back(lower ? Lower(v) : v);
  }
  return out;
}

struct Rule {
  std::string name, office, source;
  std::set<std::string> laws, ozg_ids, leika_types;
  std::vector<std::string> words;
  std::vector<v1::AuthorityKind> authorities;
  std::array<bool, 6> classes{};  // by SizeClass value
  const CsvRow* row = nullptr;
};

absl::StatusOr<std::vector<Rule>> ReadRules(const CsvTable& t) {
  PRIO_ASSIGN_OR_RETURN(int name, t.RequiredColumn({"rule"}));
  PRIO_ASSIGN_OR_RETURN(int office, t.RequiredColumn({"office"}));
  PRIO_ASSIGN_OR_RETURN(int laws, t.RequiredColumn({"laws"}));
  PRIO_ASSIGN_OR_RETURN(int words, t.RequiredColumn({"words"}));
  PRIO_ASSIGN_OR_RETURN(int ozg, t.RequiredColumn({"ozg_ids"}));
  PRIO_ASSIGN_OR_RETURN(int types, t.RequiredColumn({"leika_types"}));
  PRIO_ASSIGN_OR_RETURN(int authority, t.RequiredColumn({"authority"}));
  PRIO_ASSIGN_OR_RETURN(int classes, t.RequiredColumn({"size_classes"}));
  PRIO_ASSIGN_OR_RETURN(int source, t.RequiredColumn({"source"}));
  std::vector<Rule> out;
  std::set<std::string> names;
  for (const CsvRow& row : t.rows()) {
    Rule r;
    r.row = &row;
    r.name = std::string(CsvTable::Field(row, name));
    if (r.name.empty() || !names.insert(r.name).second) {
      return t.FieldError(row, name, "every rule needs a name of its own");
    }
    r.office = std::string(CsvTable::Field(row, office));
    for (std::string& l : List(CsvTable::Field(row, laws), ';', true)) r.laws.insert(std::move(l));
    r.words = List(CsvTable::Field(row, words), ';', true);
    for (std::string& o : List(CsvTable::Field(row, ozg), ';', false)) r.ozg_ids.insert(std::move(o));
    for (std::string& y : List(CsvTable::Field(row, types), ';', false)) {
      r.leika_types.insert(std::move(y));
    }
    if (r.laws.empty() && r.words.empty() && r.ozg_ids.empty() && r.leika_types.empty()) {
      return t.FieldError(row, laws, "a rule needs at least one criterion");
    }
    for (const std::string& a : List(CsvTable::Field(row, authority), ';', false)) {
      absl::StatusOr<v1::AuthorityKind> k = vocab::ParseAuthority(a);
      if (!k.ok()) return t.FieldError(row, authority, ToStd(k.status().message()));
      r.authorities.push_back(*k);
    }
    std::sort(r.authorities.begin(), r.authorities.end());
    if (r.authorities.empty()) return t.FieldError(row, authority, "name who executes it");
    bool any = false;
    for (const std::string& c : List(CsvTable::Field(row, classes), ' ', false)) {
      absl::StatusOr<v1::SizeClass> sc = vocab::ParseSizeClass(c);
      if (!sc.ok()) return t.FieldError(row, classes, ToStd(sc.status().message()));
      r.classes[*sc] = any = true;
    }
    if (absl::Status fit = vocab::CheckAuthorityFit(r.authorities, any, !r.office.empty());
        !fit.ok()) {
      const std::string_view message = ToStd(fit.message());
      const int column = absl::StartsWith(ToAbsl(message), "size_classes") ? classes
                         : absl::StartsWith(ToAbsl(message), "office")     ? office
                                                                   : authority;
      return t.FieldError(row, column, message.substr(message.find(": ") + 2));
    }
    r.source = std::string(CsvTable::Field(row, source));
    if (r.source.empty()) return t.FieldError(row, source, "every rule names its source");
    out.push_back(std::move(r));
  }
  return out;
}

// The law abbreviations of a LeiKa row: gesetz_kuerzel split at ",", and every
// parenthesised word of its rechtsgrundlage.
std::set<std::string> LawsOf(std::string_view kuerzel, std::string_view basis) {
  std::set<std::string> out;
  for (std::string& l : List(kuerzel, ',', true)) out.insert(std::move(l));
  std::size_t open = basis.find('(');
  while (open != std::string_view::npos) {
    const std::size_t close = basis.find(')', open);
    if (close == std::string_view::npos) break;
    const std::string inner =
        Lower(ToStd(absl::StripAsciiWhitespace(ToAbsl(basis.substr(open + 1, close - open - 1)))));
    if (!inner.empty() && inner.size() <= 20) out.insert(inner);
    open = basis.find('(', close);
  }
  return out;
}

bool Matches(const Rule& r, const std::set<std::string>& laws, const std::string& name,
             std::string_view ozg_id, std::string_view type) {
  if (!r.laws.empty() && std::none_of(laws.begin(), laws.end(),
                                      [&](const std::string& l) { return r.laws.contains(l); })) {
    return false;
  }
  if (!r.words.empty() && std::none_of(r.words.begin(), r.words.end(), [&](const std::string& w) {
        return name.find(w) != std::string::npos;
      })) {
    return false;
  }
  if (!r.ozg_ids.empty() && !r.ozg_ids.contains(std::string(ozg_id))) return false;
  if (!r.leika_types.empty() && !r.leika_types.contains(std::string(type))) return false;
  return true;
}

}  // namespace

absl::StatusOr<Derivation> DeriveResponsibility(const CsvTable& leika, const CsvTable& rules) {
  PRIO_ASSIGN_OR_RETURN(std::vector<Rule> table, ReadRules(rules));
  PRIO_ASSIGN_OR_RETURN(int key, leika.RequiredColumn({"leika_schluessel"}));
  PRIO_ASSIGN_OR_RETURN(int name, leika.RequiredColumn({"leistung"}));
  PRIO_ASSIGN_OR_RETURN(int ozg_id, leika.RequiredColumn({"ozg_id"}));
  PRIO_ASSIGN_OR_RETURN(int ozg_name, leika.RequiredColumn({"ozg_leistung"}));
  PRIO_ASSIGN_OR_RETURN(int type, leika.RequiredColumn({"leika_typ"}));
  PRIO_ASSIGN_OR_RETURN(int kuerzel, leika.RequiredColumn({"gesetz_kuerzel"}));
  PRIO_ASSIGN_OR_RETURN(int basis, leika.RequiredColumn({"rechtsgrundlage"}));
  Derivation out;
  AppendCsvLine({"leika_schluessel", "ozg_id", "ozg_leistung", "leistung", "leika_typ",
                 "gesetz_kuerzel", "behoerde", "kreisfreie_stadt", "kreis",
                 "grosse_kreisangehoerige_stadt", "mittlere_kreisangehoerige_stadt",
                 "kleine_kreisangehoerige_gemeinde", "amt", "regel"},
                ',', &out.csv, "\n");
  std::vector<int> used(table.size(), 0);
  for (const CsvRow& row : leika.rows()) {
    const std::set<std::string> laws =
        LawsOf(CsvTable::Field(row, kuerzel), CsvTable::Field(row, basis));
    const std::string lname = Lower(CsvTable::Field(row, name));
    const Rule* rule = nullptr;
    for (std::size_t i = 0; i < table.size() && rule == nullptr; ++i) {
      if (Matches(table[i], laws, lname, CsvTable::Field(row, ozg_id), CsvTable::Field(row, type))) {
        rule = &table[i];
        ++used[i];
      }
    }
    std::vector<std::string> fields = {
        std::string(CsvTable::Field(row, key)),     std::string(CsvTable::Field(row, ozg_id)),
        std::string(CsvTable::Field(row, ozg_name)), std::string(CsvTable::Field(row, name)),
        std::string(CsvTable::Field(row, type)),    std::string(CsvTable::Field(row, kuerzel))};
    std::string authorities = "unresolved";
    if (rule != nullptr) authorities = vocab::JoinAuthorityKeys(rule->authorities, ";");
    fields.push_back(authorities);
    for (const v1::SizeClass c : vocab::AllSizeClasses()) {
      const bool on = rule != nullptr && rule->classes[c];
      fields.push_back(on ? "1" : "0");
      if (on) ++out.rows_per_size_class[std::string(vocab::SizeClassKey(c))];
    }
    fields.push_back(rule == nullptr ? "" : rule->office);
    fields.push_back(rule == nullptr ? "unresolved" : rule->name);
    AppendCsvLine(fields, ',', &out.csv, "\n");
    ++out.rows_per_rule[fields.back()];
    for (const std::string& a : List(authorities, ';', false)) ++out.rows_per_authority[a];
  }
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (used[i] == 0) {
      out.dead_rules.push_back(absl::StrCat(table[i].name, " (line ", table[i].row->line, ")"));
    }
  }
  return out;
}

}  // namespace prio::tools
