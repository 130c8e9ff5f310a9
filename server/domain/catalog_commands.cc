// Reference data commands: the service catalogue and the municipalities
// (responsibility_commands.cc: the mapping). Imports are all-or-nothing: the first bad entry fails the whole
// request, and unchanged entries write nothing.
#include <map>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
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

bool SameMessage(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return SerializeDeterministic(a) == SerializeDeterministic(b);
}

absl::Status CheckService(const std::string& field, const v1::Service& s) {
  PRIO_RETURN_IF_ERROR(CheckServiceId(absl::StrCat(field, ".service_id"), s.service_id()));
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".name"), s.name(), 1, 300));
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".themenfeld"), s.themenfeld(), 0, 200));
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".lebenslage"), s.lebenslage(), 0, 200));
  if (s.leika_types_size() > 20) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".leika_types: at most 20 values"));
  }
  for (int i = 0; i < s.leika_types_size(); ++i) {
    PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".leika_types[", i, "]"), s.leika_types(i), 1, 20));
  }
  return absl::OkStatus();
}

absl::Status CheckLeika(const std::string& field, const v1::LeikaEntry& e) {
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".leika_key"), e.leika_key(), 1, 50));
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".name"), e.name(), 1, 500));
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".leika_type"), e.leika_type(), 0, 20));
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".law"), e.law(), 0, 2000, true));
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".law_short"), e.law_short(), 0, 200));
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".legal_basis"), e.legal_basis(), 0, 4000, true));
  return absl::OkStatus();
}

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

absl::Status CheckMunicipality(const std::string& field, const v1::Municipality& m) {
  if (absl::Status s = vocab::ValidateAgs(m.ags()); !s.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".ags: ", s.message()));
  }
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".name"), m.name(), 1, 200));
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".kreis_name"), m.kreis_name(), 0, 200));
  PRIO_RETURN_IF_ERROR(CheckText(absl::StrCat(field, ".regierungsbezirk"), m.regierungsbezirk(), 0, 100));
  if (m.size_class() < v1::SIZE_CLASS_KREISFREIE_STADT ||
      m.size_class() > v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE) {
    return absl::InvalidArgumentError(absl::StrCat(field, ".size_class: is required"));
  }
  if (m.population() < 0 || m.population() > 100'000'000) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ".population: must be 0-100,000,000, got ", m.population()));
  }
  const std::string_view ags = m.ags();
  const std::string_view key = m.kreis_key();
  if (!key.empty() && (key.size() != 5 || !AllDigits(key) || ags.substr(0, 5) != key)) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ".kreis_key: \"", ToAbsl(key), "\" must be the first 5 digits of the AGS ", ToAbsl(ags)));
  }
  const bool kreis_level = m.size_class() == v1::SIZE_CLASS_KREIS ||
                           m.size_class() == v1::SIZE_CLASS_KREISFREIE_STADT;
  if (m.size_class() == v1::SIZE_CLASS_KREIS && ags.substr(5) != "000") {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ".ags: a Kreis takes part under its Kreis key + \"000\", got ", ToAbsl(ags)));
  }
  if (!kreis_level && key.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, ".kreis_key: is required for a ", ToAbsl(vocab::SizeClassName(m.size_class())), " (", ToAbsl(ags), ")"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Decision> DecideImportCatalog(const SurveyState& state,
                                             const v1::ImportCatalogRequest& request,
                                             const CommandContext& ctx) {
  if (request.services().empty() && request.leika().empty()) {
    return absl::InvalidArgumentError("nothing to import: no services and no LeiKa entries");
  }
  if (static_cast<std::size_t>(request.services_size()) > kMaxServicesPerImport ||
      static_cast<std::size_t>(request.leika_size()) > kMaxLeikaPerImport) {
    return absl::InvalidArgumentError(absl::StrCat("an import holds at most ",
                                                   kMaxServicesPerImport, " services and ",
                                                   kMaxLeikaPerImport, " LeiKa entries"));
  }
  absl::flat_hash_map<std::string, int> seen;
  for (int i = 0; i < request.services_size(); ++i) {
    const v1::Service& s = request.services(i);
    const std::string field = absl::StrCat("services[", i, "]");
    PRIO_RETURN_IF_ERROR(CheckService(field, s));
    auto [it, inserted] = seen.emplace(s.service_id(), i);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": service ", s.service_id(),
                                                     " appears twice (also services[", it->second,
                                                     "])"));
    }
  }
  // LeiKa entries, grouped by service in input order.
  std::map<std::string, std::vector<const v1::LeikaEntry*>, ServiceIdLess> leika;
  for (int i = 0; i < request.leika_size(); ++i) {
    const v1::LeikaImport& l = request.leika(i);
    const std::string field = absl::StrCat("leika[", i, "]");
    PRIO_RETURN_IF_ERROR(CheckServiceId(absl::StrCat(field, ".service_id"), l.service_id()));
    if (!seen.contains(l.service_id()) && state.FindService(l.service_id()) == nullptr) {
      return absl::NotFoundError(absl::StrCat(field, ": service ", l.service_id(),
                                              " is neither in the catalogue nor in this import"));
    }
    PRIO_RETURN_IF_ERROR(CheckLeika(absl::StrCat(field, ".entry"), l.entry()));
    leika[l.service_id()].push_back(&l.entry());
  }

  Decision d;
  const std::string stream(kCatalogStream);
  const int64_t revision = state.catalog_revision();
  for (const v1::Service& s : request.services()) {
    const ServiceState* existing = state.FindService(s.service_id());
    if (existing == nullptr) {
      v1::ServiceCatalogued e;
      *e.mutable_service() = s;
      d.Add(stream, revision, e);
    } else if (!SameMessage(existing->service, s)) {
      v1::ServiceUpdated e;
      *e.mutable_service() = s;
      d.Add(stream, revision, e);
    } else {
      ++d.unchanged;
    }
  }
  for (const auto& [service_id, entries] : leika) {
    v1::LeikaEntriesSet e;
    e.set_service_id(service_id);
    for (const v1::LeikaEntry* entry : entries) *e.add_entries() = *entry;
    const ServiceState* existing = state.FindService(service_id);
    bool same = existing != nullptr && existing->leika.size() == entries.size();
    for (std::size_t i = 0; same && i < entries.size(); ++i) {
      same = SameMessage(existing->leika[i], *entries[i]);
    }
    if (same) {
      ++d.unchanged;
    } else {
      d.Add(stream, revision, e);
    }
  }
  return d;
}

absl::StatusOr<Decision> DecideRetireServices(const SurveyState& state,
                                              const v1::RetireServicesRequest& request,
                                              const CommandContext& ctx) {
  if (request.service_ids().empty()) {
    return absl::InvalidArgumentError("service_ids: name at least one service to retire");
  }
  PRIO_RETURN_IF_ERROR(CheckText("reason", request.reason(), 0, 2000, true));
  Decision d;
  std::set<std::string> seen;
  for (int i = 0; i < request.service_ids_size(); ++i) {
    const std::string& id = request.service_ids(i);
    const std::string field = absl::StrCat("service_ids[", i, "]");
    PRIO_RETURN_IF_ERROR(CheckServiceId(field, id));
    const ServiceState* s = state.FindService(id);
    if (s == nullptr) {
      return absl::NotFoundError(absl::StrCat(field, ": service ", id, " is not in the catalogue"));
    }
    if (!seen.insert(id).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": service ", id, " appears twice"));
    }
    if (s->retired) {
      ++d.unchanged;
      continue;
    }
    v1::ServiceRetired e;
    e.set_service_id(id);
    e.set_reason(request.reason());
    d.Add(std::string(kCatalogStream), state.catalog_revision(), e);
  }
  return d;
}

absl::StatusOr<Decision> DecideImportMunicipalities(
    const SurveyState& state, const v1::ImportMunicipalitiesRequest& request,
    const CommandContext& ctx) {
  if (request.municipalities().empty()) {
    return absl::InvalidArgumentError("municipalities: nothing to import");
  }
  if (static_cast<std::size_t>(request.municipalities_size()) > kMaxMunicipalitiesPerImport) {
    return absl::InvalidArgumentError(
        absl::StrCat("municipalities: at most ", kMaxMunicipalitiesPerImport, " per import"));
  }
  Decision d;
  absl::flat_hash_map<std::string, int> seen;
  for (int i = 0; i < request.municipalities_size(); ++i) {
    const v1::Municipality& m = request.municipalities(i);
    const std::string field = absl::StrCat("municipalities[", i, "]");
    PRIO_RETURN_IF_ERROR(CheckMunicipality(field, m));
    auto [it, inserted] = seen.emplace(m.ags(), i);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": AGS ", m.ags(),
                                                     " appears twice (also municipalities[",
                                                     it->second, "])"));
    }
    const MunicipalityState* existing = state.FindMunicipality(m.ags());
    const std::string stream = MunicipalityStream(m.ags());
    if (existing == nullptr) {
      v1::MunicipalityRegistered e;
      *e.mutable_municipality() = m;
      d.Add(stream, kNoRevision, e);
    } else if (!SameMessage(existing->municipality, m)) {
      v1::MunicipalityUpdated e;
      *e.mutable_municipality() = m;
      d.Add(stream, existing->revision, e);
    } else {
      ++d.unchanged;
    }
  }
  return d;
}

}  // namespace prio::domain
