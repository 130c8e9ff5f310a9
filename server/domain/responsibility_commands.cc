// Responsibility commands: the mapping of services and their LeiKa entries to the
// authorities and size classes that must provide them (the OZG-Kompass), and the
// municipalities' office exceptions. All-or-nothing: the first bad row fails the
// whole request, naming it; unchanged rows write nothing.
#include <array>
#include <map>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "vocabulary/authority.h"
#include "server/domain/commands.h"
#include "server/domain/rules.h"
#include "vocabulary/size_class.h"
#include "server/domain/streams.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"
#include "vocabulary/identifiers.h"

namespace prio::domain {
namespace {

using rules::CheckServiceId;
using rules::CheckText;
using rules::Describe;

template <typename T>
absl::StatusOr<std::vector<T>> SortedKinds(const std::string& field, std::string_view what,
                                           const google::protobuf::RepeatedField<int>& values,
                                           int first, int last, std::string_view (*name)(T)) {
  std::set<T> seen;
  for (int v : values) {
    if (v < first || v > last) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": unknown ", ToAbsl(what), " ", v));
    }
    if (!seen.insert(static_cast<T>(v)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": ", ToAbsl(name(static_cast<T>(v))), " appears twice"));
    }
  }
  return std::vector<T>(seen.begin(), seen.end());
}

// FIELD.size_classes: ascending, each known and at most once.
absl::StatusOr<std::vector<v1::SizeClass>> SortedSizeClasses(
    const std::string& field, const google::protobuf::RepeatedField<int>& values) {
  return SortedKinds<v1::SizeClass>(absl::StrCat(field, ".size_classes"), "size class", values,
                                    v1::SIZE_CLASS_KREISFREIE_STADT,
                                    v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE,
                                    &vocab::SizeClassName);
}

// Offices: 1-63 of [a-z0-9-].
absl::Status CheckOffice(const std::string& field, std::string_view office, bool required) {
  if (office.empty() && !required) return absl::OkStatus();
  bool ok = !office.empty() && office.size() <= 63;
  for (char c : office) ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  if (ok) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": \"", ToAbsl(office), "\" is not an office name (1-63 of a-z, 0-9, -)"));
}

// The row as a LeikaResponsibility, checked for itself (not against the catalogue).
absl::StatusOr<v1::LeikaResponsibility> CheckRow(const std::string& field,
                                                 const v1::ResponsibilityRow& row) {
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".leika_key"), row.leika_key(), 1, 50));
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".name"), row.name(), 0, 500));
  PRIO_ASSIGN_OR_RETURN(
      std::vector<v1::AuthorityKind> kinds,
      SortedKinds<v1::AuthorityKind>(absl::StrCat(field, ".authorities"), "authority kind",
                                     row.authorities(),
                                     v1::AUTHORITY_KIND_BUND, v1::AUTHORITY_KIND_UNRESOLVED,
                                     &vocab::AuthorityKey));
  PRIO_ASSIGN_OR_RETURN(std::vector<v1::SizeClass> classes,
                        SortedSizeClasses(field, row.size_classes()));
  if (absl::Status fit = vocab::CheckAuthorityFit(kinds, !classes.empty(), !row.office().empty());
      !fit.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".", fit.message()));
  }
  PRIO_RETURN_IF_ERROR(CheckOffice(absl::StrCat(field, ".office"), row.office(), false));
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".rule"), row.rule(), 0, 200));
  v1::LeikaResponsibility out;
  out.set_leika_key(row.leika_key());
  for (v1::AuthorityKind k : kinds) out.add_authorities(k);
  for (v1::SizeClass c : classes) out.add_size_classes(c);
  out.set_office(row.office());
  out.set_rule(row.rule());
  return out;
}

// The catalogue entry a row names: by key, and by name where the key is shared.
absl::StatusOr<const v1::LeikaEntry*> FindEntry(const std::string& field,
                                                const ServiceState& s,
                                                const v1::ResponsibilityRow& row) {
  std::vector<const v1::LeikaEntry*> by_key;
  for (const v1::LeikaEntry& e : s.leika) {
    if (e.leika_key() == row.leika_key()) by_key.push_back(&e);
  }
  if (by_key.empty()) {
    return absl::NotFoundError(absl::StrCat(field, ".leika_key: service ", Describe(s),
                                            " has no LeiKa entry \"", row.leika_key(),
                                            "\" in the catalogue"));
  }
  if (by_key.size() == 1) return by_key[0];  // a unique key decides; the name is informative
  for (const v1::LeikaEntry* e : by_key) {
    if (e->name() == row.name()) return e;
  }
  return absl::NotFoundError(absl::StrCat(
      field, ".name: service ", Describe(s), " has no LeiKa entry \"", row.leika_key(), "\" named \"",
      row.name(), "\"", by_key.size() > 1 ? " (the key is shared: the name must match)" : ""));
}

// The service's ResponsibilitySet with `changes` over its current LeiKa mapping, in
// the order of its catalogue entries.
v1::ResponsibilitySet Merged(const ServiceState& s,
                             const std::map<std::string, v1::LeikaResponsibility>& changes) {
  v1::ResponsibilitySet out;
  out.set_service_id(s.service.service_id());
  std::set<v1::SizeClass> classes;
  std::set<std::string> done;  // entries sharing key and name count once
  for (const v1::LeikaEntry& e : s.leika) {
    const std::string id = LeikaIdentity(e.leika_key(), e.name());
    if (!done.insert(id).second) continue;
    const v1::LeikaResponsibility* r = nullptr;
    if (auto c = changes.find(id); c != changes.end()) {
      r = &c->second;
    } else if (auto o = s.leika_responsibility.find(id); o != s.leika_responsibility.end()) {
      r = &o->second;
    }
    if (r == nullptr) continue;
    v1::LeikaResponsibility* l = out.add_leika();
    *l = *r;
    l->set_name(e.name());
    for (int c : r->size_classes()) classes.insert(static_cast<v1::SizeClass>(c));
  }
  for (v1::SizeClass c : classes) out.add_size_classes(c);
  return out;
}

// The service's current mapping as the event that would set it.
v1::ResponsibilitySet Current(const ServiceState& s) { return Merged(s, {}); }

absl::Status CheckBundleEntry(const std::string& field, const v1::ResponsibilitySet& entry,
                              v1::ResponsibilitySet* out) {
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".rule"), entry.rule(), 0, 200));
  if (!entry.leika().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".leika: send LeiKa-level mappings as rows"));
  }
  PRIO_ASSIGN_OR_RETURN(std::vector<v1::SizeClass> classes,
                        SortedSizeClasses(field, entry.size_classes()));
  out->set_service_id(entry.service_id());
  for (v1::SizeClass c : classes) out->add_size_classes(c);
  out->set_rule(entry.rule());
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Decision> DecideImportResponsibility(
    const SurveyState& state, const v1::ImportResponsibilityRequest& request,
    const CommandContext& ctx) {
  if (request.entries().empty() && request.rows().empty()) {
    return absl::InvalidArgumentError("rows: nothing to import");
  }
  if (static_cast<std::size_t>(request.entries_size()) > kMaxServicesPerImport ||
      static_cast<std::size_t>(request.rows_size()) > kMaxLeikaPerImport) {
    return absl::InvalidArgumentError(absl::StrCat("an import holds at most ",
                                                   kMaxLeikaPerImport, " rows and ",
                                                   kMaxServicesPerImport, " entries"));
  }
  PRIO_RETURN_IF_ERROR(CheckText("source", request.source(), 0, 200));
  auto find_service = [&](const std::string& field,
                          const std::string& id) -> absl::StatusOr<const ServiceState*> {
    PRIO_RETURN_IF_ERROR(CheckServiceId(field, id));
    const ServiceState* s = state.FindService(id);
    if (s == nullptr) {
      return absl::NotFoundError(
          absl::StrCat(field, ": service ", id, " is not in the catalogue (import it first)"));
    }
    return s;
  };
  Decision d;
  absl::flat_hash_map<std::string, std::string> bundle_field;  // service -> field
  for (int i = 0; i < request.entries_size(); ++i) {
    const v1::ResponsibilitySet& entry = request.entries(i);
    const std::string field = absl::StrCat("entries[", i, "]");
    PRIO_ASSIGN_OR_RETURN(const ServiceState* s,
                          find_service(absl::StrCat(field, ".service_id"), entry.service_id()));
    auto [it, inserted] = bundle_field.emplace(entry.service_id(), field);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(
          field, ": service ", entry.service_id(), " appears twice (also ", it->second, ")"));
    }
    v1::ResponsibilitySet e;
    PRIO_RETURN_IF_ERROR(CheckBundleEntry(field, entry, &e));
    std::vector<v1::SizeClass> wanted;
    for (int c : e.size_classes()) wanted.push_back(static_cast<v1::SizeClass>(c));
    if (s->responsibility_set && s->leika_responsibility.empty() && s->responsible == wanted &&
        s->responsibility_rule == entry.rule()) {
      ++d.unchanged;
      continue;
    }
    d.Add(std::string(kCatalogStream), state.catalog_revision(), e);
  }
  // Rows, grouped by service in ServiceIdLess order.
  std::map<std::string, std::map<std::string, v1::LeikaResponsibility>, ServiceIdLess> changes;
  absl::flat_hash_map<std::string, std::string> row_field;  // service '\0' entry -> field
  for (int i = 0; i < request.rows_size(); ++i) {
    const v1::ResponsibilityRow& row = request.rows(i);
    const std::string field = absl::StrCat("rows[", i, "]");
    PRIO_ASSIGN_OR_RETURN(const ServiceState* s,
                          find_service(absl::StrCat(field, ".service_id"), row.service_id()));
    if (auto b = bundle_field.find(row.service_id()); b != bundle_field.end()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": service ", row.service_id(),
                                                     " has a bundle-level mapping in ",
                                                     b->second, " too; send one or the other"));
    }
    PRIO_ASSIGN_OR_RETURN(v1::LeikaResponsibility r, CheckRow(field, row));
    PRIO_ASSIGN_OR_RETURN(const v1::LeikaEntry* entry, FindEntry(field, *s, row));
    const std::string id = LeikaIdentity(entry->leika_key(), entry->name());
    r.set_name(entry->name());
    auto [it, inserted] = row_field.emplace(absl::StrCat(row.service_id(), "/", id), field);
    // The catalogue may hold an entry twice (same key and name); the same mapping for
    // both is one row, a different one is a contradiction.
    if (!inserted && SerializeDeterministic(changes[row.service_id()][id]) != SerializeDeterministic(r)) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": LeiKa entry \"", entry->leika_key(),
                                                     "\" of service ", row.service_id(),
                                                     " appears twice with different mappings (also ",
                                                     it->second, ")"));
    }
    changes[row.service_id()][id] = std::move(r);
  }
  for (const auto& [service_id, rows] : changes) {
    const ServiceState& s = *state.FindService(service_id);
    const v1::ResponsibilitySet merged = Merged(s, rows);
    if (s.responsibility_set && s.responsibility_rule.empty() &&
        SerializeDeterministic(merged) == SerializeDeterministic(Current(s))) {
      d.unchanged += rows.size();
      continue;
    }
    d.Add(std::string(kCatalogStream), state.catalog_revision(), merged);
  }
  const auto services_changed = static_cast<uint32_t>(d.event_count());
  if (services_changed > 0 || request.source() != state.mapping_source()) {
    v1::ResponsibilityImported e;
    e.set_source(request.source());
    e.set_services_changed(services_changed);
    d.Add(std::string(kCatalogStream), state.catalog_revision(), e);
  }
  return d;
}

absl::StatusOr<Decision> DecideImportOfficeExceptions(
    const SurveyState& state, const v1::ImportOfficeExceptionsRequest& request,
    const CommandContext& ctx) {
  if (request.exceptions().empty()) {
    return absl::InvalidArgumentError("exceptions: nothing to import");
  }
  if (static_cast<std::size_t>(request.exceptions_size()) > kMaxExceptionsPerImport) {
    return absl::InvalidArgumentError(
        absl::StrCat("exceptions: at most ", kMaxExceptionsPerImport, " per import"));
  }
  // Per office, how many of its entries name each size class (computed once): a class
  // carries the office wholly if every entry names it, partly if some do.
  std::map<std::string, std::array<uint32_t, 6>> office_classes;
  for (const auto& [id, s] : state.services()) {
    for (const auto& [key, r] : s.leika_responsibility) {
      if (r.office().empty()) continue;
      for (int c : r.size_classes()) ++office_classes[r.office()][c];
    }
  }
  Decision d;
  std::set<std::pair<std::string, std::string>> seen;
  for (int i = 0; i < request.exceptions_size(); ++i) {
    const v1::OfficeExceptionSet& x = request.exceptions(i);
    const std::string field = absl::StrCat("exceptions[", i, "]");
    if (absl::Status s = vocab::ValidateAgs(x.ags()); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(field, ".ags: ", s.message()));
    }
    const MunicipalityState* m = state.FindMunicipality(x.ags());
    if (m == nullptr) {
      return absl::NotFoundError(
          absl::StrCat(field, ".ags: municipality ", x.ags(), " is not registered"));
    }
    PRIO_RETURN_IF_ERROR(CheckOffice(absl::StrCat(field, ".office"), x.office(), true));
    const bool held = m->exceptions.contains(x.office());
    // An exception the mapping no longer names an office for can still be cleared.
    const bool clearing = held && x.mode() == v1::OFFICE_EXCEPTION_MODE_NONE;
    if (!state.offices().contains(x.office()) && !clearing) {
      std::vector<std::string> known;
      for (const auto& [office, n] : state.offices()) known.push_back(office);
      return absl::NotFoundError(absl::StrCat(
          field, ".office: the mapping names no office \"", x.office(), "\"; it names ",
          known.empty() ? "none" : absl::StrJoin(known, ", ")));
    }
    if (x.mode() < v1::OFFICE_EXCEPTION_MODE_TAKES_ON || x.mode() > v1::OFFICE_EXCEPTION_MODE_NONE) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".mode: must be takes-on, hands-to-kreis or none"));
    }
    PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".source"), x.source(), 0, 500));
    if (!seen.emplace(x.ags(), x.office()).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": ", x.ags(), " / ", x.office(),
                                                     " appears twice"));
    }
    const v1::SizeClass c = m->municipality.size_class();
    if (c == v1::SIZE_CLASS_KREIS) {
      return absl::FailedPreconditionError(absl::StrCat(
          field, ".ags: ", Describe(*m),
          " is a Kreis; exceptions are recorded for the Gemeinden that take an office on or "
          "hand it to their Kreis"));
    }
    const uint32_t entries = state.offices().contains(x.office()) ? state.offices().at(x.office()) : 0;
    const uint32_t by_class = office_classes[x.office()][c];
    if (x.mode() == v1::OFFICE_EXCEPTION_MODE_TAKES_ON && entries > 0 && by_class == entries) {
      return absl::FailedPreconditionError(absl::StrCat(
          field, ".mode: ", Describe(*m), " already carries all of ", x.office(), " as a ",
          ToAbsl(vocab::SizeClassName(c))));
    }
    if (x.mode() == v1::OFFICE_EXCEPTION_MODE_HANDS_TO_KREIS) {
      if (m->municipality.kreis_key().empty()) {
        return absl::FailedPreconditionError(
            absl::StrCat(field, ".mode: ", Describe(*m), " belongs to no Kreis"));
      }
      if (by_class == 0) {
        return absl::FailedPreconditionError(absl::StrCat(
            field, ".mode: ", Describe(*m), " does not carry ", x.office(), " as a ",
            ToAbsl(vocab::SizeClassName(c)), ", so it has nothing to hand over"));
      }
    }
    auto old = m->exceptions.find(x.office());
    const bool same = old == m->exceptions.end()
                          ? x.mode() == v1::OFFICE_EXCEPTION_MODE_NONE
                          : SerializeDeterministic(old->second) == SerializeDeterministic(x);
    if (same) {
      ++d.unchanged;
      continue;
    }
    d.Add(MunicipalityStream(x.ags()), m->revision, x);
  }
  return d;
}

}  // namespace prio::domain
