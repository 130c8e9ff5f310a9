// prio catalog|municipality|responsibility: reference data (the planning inputs are in
// planning_cli.cc). Imports read CSV (see client/survey_csv.h for the accepted
// headers); a bad file is refused with FILE:LINE:COLUMN before anything is sent, and
// each import is one atomic command.
#include <iostream>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/cli.h"
#include "common/absl_compat.h"
#include "client/output.h"
#include "client/progress.h"
#include "client/responsibility_csv.h"
#include "client/survey_csv.h"
#include "client/unary.h"
#include "prio/v1/commands.grpc.pb.h"
#include "prio/v1/queries.grpc.pb.h"
#include "vocabulary/authority.h"
#include "vocabulary/offering.h"
#include "vocabulary/size_class.h"

namespace prio::client {
namespace {

using Commands = v1::SurveyCommands::Stub;
using Queries = v1::SurveyQueries::Stub;

struct ReferenceOptions {
  std::string services, leika, themenfeld, search, id, kreis, size_class;
  std::vector<std::string> files;
  bool retired = false;
  std::string source;
};

std::string Classes(const google::protobuf::RepeatedField<int>& classes) {
  std::vector<std::string> keys;
  for (int c : classes) keys.emplace_back(vocab::SizeClassKey(static_cast<v1::SizeClass>(c)));
  if (keys.size() == vocab::AllSizeClasses().size()) return "all";
  return keys.empty() ? "none" : absl::StrJoin(keys, " ");
}

// Reads a CSV file; a missing or malformed file is a usage error (exit 2).
absl::StatusOr<CsvTable> ReadCsv(const std::string& path) { return CsvTable::ReadFile(path); }


std::string JsonKeys(const std::vector<std::string>& keys) {
  std::vector<std::string> quoted;
  for (const std::string& k : keys) quoted.push_back(JsonString(k));
  return absl::StrCat("[", absl::StrJoin(quoted, ","), "]");
}

std::vector<std::string> ClassKeys(const google::protobuf::RepeatedField<int>& classes) {
  std::vector<std::string> keys;
  for (int c : classes) keys.emplace_back(vocab::SizeClassKey(static_cast<v1::SizeClass>(c)));
  return keys;
}

std::vector<std::string> AuthorityKeys(const google::protobuf::RepeatedField<int>& kinds) {
  std::vector<std::string> keys;
  for (int k : kinds) keys.emplace_back(vocab::AuthorityKey(static_cast<v1::AuthorityKind>(k)));
  return keys;
}

int RunCatalogImport(Cli& cli, const ReferenceOptions& o) {
  Progress progress("catalog import", 3);
  progress.Step("reading " + o.services);
  absl::StatusOr<CsvTable> services = ReadCsv(o.services);
  if (!services.ok()) return Cli::Usage(services.status().message());
  std::optional<CsvTable> leika;
  if (!o.leika.empty()) {
    progress.Step("reading " + o.leika);
    absl::StatusOr<CsvTable> t = ReadCsv(o.leika);
    if (!t.ok()) return Cli::Usage(t.status().message());
    leika = *std::move(t);
  }
  absl::StatusOr<CatalogImport> import =
      CatalogFromCsv(*services, leika ? &*leika : nullptr);
  if (!import.ok()) return Cli::Usage(import.status().message());
  progress.Step("sending one atomic import");
  if (import->leika_rows_skipped > 0) {
    progress.Done();
    std::cerr << "prio: " << import->leika_rows_skipped
              << " LeiKa rows without an OZG-ID belong to no service and were skipped\n";
  }
  return cli.Send("catalog import", &Commands::ImportCatalog, import->request);
}

int CatalogList(Cli& cli, const ReferenceOptions& o) {
  v1::ListServicesRequest req;
  req.set_themenfeld(o.themenfeld);
  req.set_search(o.search);
  req.set_include_retired(o.retired);
  std::optional<v1::ListServicesResponse> r = cli.Query(&Queries::ListServices, req);
  if (!r) return Cli::kFailed;
  Table t({"service_id", "name", "themenfeld", "responsible", "authority", "leika", "business",
           "path", "retired"},
          {Table::kText, Table::kText, Table::kText, Table::kText, Table::kText, Table::kNumber,
           Table::kBool, Table::kText, Table::kBool});
  for (const v1::ServiceView& s : r->services()) {
    t.AddRow({s.service().service_id(), s.service().name(), s.service().themenfeld(),
              Classes(s.responsible()), absl::StrJoin(AuthorityKeys(s.authorities()), " "),
              absl::StrCat(s.leika_count()), s.business() ? "yes" : "no",
              std::string(vocab::ImplementationPathKey(s.offering().path())),
              s.retired() ? "yes" : "no"});
  }
  cli.Print(t);
  return 0;
}

// One JSON object: the service, its responsibility and its LeiKa entries.
std::string ServiceJson(const v1::GetServiceResponse& r) {
  const v1::ServiceView& s = r.service();
  std::vector<std::string> leika;
  for (int i = 0; i < r.leika_size(); ++i) {
    const v1::LeikaEntry& e = r.leika(i);
    const v1::LeikaResponsibility& m = r.responsibility(i);
    leika.push_back(absl::StrCat(
        "{\"leika_key\":", JsonString(e.leika_key()), ",\"name\":", JsonString(e.name()),
        ",\"leika_type\":", JsonString(e.leika_type()), ",\"law\":", JsonString(e.law_short()),
        ",\"authorities\":", JsonKeys(AuthorityKeys(m.authorities())),
        ",\"size_classes\":", JsonKeys(ClassKeys(m.size_classes())),
        ",\"office\":", JsonString(m.office()), ",\"rule\":", JsonString(m.rule()), "}"));
  }
  std::vector<std::string> types(s.service().leika_types().begin(), s.service().leika_types().end());
  return absl::StrCat(
      "{\"service_id\":", JsonString(s.service().service_id()),
      ",\"name\":", JsonString(s.service().name()),
      ",\"themenfeld\":", JsonString(s.service().themenfeld()),
      ",\"lebenslage\":", JsonString(s.service().lebenslage()),
      ",\"leika_types\":", JsonKeys(types), ",\"retired\":", s.retired() ? "true" : "false",
      ",\"responsible\":", JsonKeys(ClassKeys(s.responsible())),
      ",\"authorities\":", JsonKeys(AuthorityKeys(s.authorities())),
      ",\"responsibility_rule\":", JsonString(s.responsibility_rule()),
      ",\"business\":", s.business() ? "true" : "false",
      ",\"path\":", JsonString(vocab::ImplementationPathKey(s.offering().path())),
      ",\"deadline\":", JsonString(s.deadline().quarter()),
      ",\"position\":", r.position(), ",\"leika\":[", absl::StrJoin(leika, ","), "]}");
}

int CatalogShow(Cli& cli, const ReferenceOptions& o) {
  v1::GetServiceRequest req;
  req.set_service_id(o.id);
  std::optional<v1::GetServiceResponse> r = cli.Query(&Queries::GetService, req);
  if (!r) return Cli::kFailed;
  if (cli.format == OutputFormat::kJson) {
    std::cout << ServiceJson(*r) << "\n";
    return 0;
  }
  const v1::ServiceView& s = r->service();
  // The LeiKa entries with who executes each: the part a spreadsheet wants.
  Table leika({"leika_key", "name", "typ", "law", "authority", "size_classes", "office", "rule"});
  for (int i = 0; i < r->leika_size(); ++i) {
    const v1::LeikaEntry& e = r->leika(i);
    const v1::LeikaResponsibility& m = r->responsibility(i);
    leika.AddRow({e.leika_key(), e.name(), e.leika_type(), e.law_short(),
                  absl::StrJoin(AuthorityKeys(m.authorities()), " "),
                  m.authorities().empty() ? "" : Classes(m.size_classes()), m.office(), m.rule()});
  }
  if (cli.format == OutputFormat::kCsv) {
    cli.Print(leika);
    return 0;
  }
  Table t({"field", "value"});
  t.AddRow({"service_id", s.service().service_id()});
  t.AddRow({"name", s.service().name()});
  t.AddRow({"themenfeld", s.service().themenfeld()});
  t.AddRow({"lebenslage", s.service().lebenslage()});
  t.AddRow({"leika_types", absl::StrJoin(s.service().leika_types(), " ")});
  t.AddRow({"responsible", Classes(s.responsible())});
  t.AddRow({"authorities", absl::StrJoin(AuthorityKeys(s.authorities()), " ")});
  if (!s.responsibility_rule().empty()) t.AddRow({"responsibility_rule", s.responsibility_rule()});
  t.AddRow({"leika_mapped", absl::StrCat(s.leika_mapped(), " of ", s.leika_count())});
  t.AddRow({"business", s.business() ? "yes (Unternehmenslage)" : "no"});
  if (s.has_offering()) {
    t.AddRow({"path", std::string(vocab::ImplementationPathKey(s.offering().path()))});
    if (!s.offering().offered_by().empty()) t.AddRow({"offered_by", s.offering().offered_by()});
  }
  if (s.has_deadline()) {
    t.AddRow({"deadline", absl::StrCat(s.deadline().quarter(), " (",
                                       ToAbsl(vocab::DeadlineKindKey(s.deadline().kind())), ": ",
                                       s.deadline().source(), ")")});
  }
  t.AddRow({"retired", s.retired() ? "yes" : "no"});
  cli.Print(t);
  std::cout << "\n";
  cli.Print(leika);
  return 0;
}

int RunMunicipalityImport(Cli& cli, const ReferenceOptions& o) {
  Progress progress("municipality import", o.files.size() + 1);
  std::vector<CsvTable> tables;
  for (const std::string& f : o.files) {
    progress.Step("reading " + f);
    absl::StatusOr<CsvTable> t = ReadCsv(f);
    if (!t.ok()) return Cli::Usage(t.status().message());
    tables.push_back(*std::move(t));
  }
  std::vector<const CsvTable*> ptrs;
  for (const CsvTable& t : tables) ptrs.push_back(&t);
  absl::StatusOr<client::MunicipalityImport> import = MunicipalitiesFromCsv(ptrs);
  if (!import.ok()) return Cli::Usage(import.status().message());
  progress.Step("sending one atomic import");
  if (import->rows_skipped > 0) {
    progress.Done();
    std::cerr << "prio: " << import->rows_skipped
              << " kreisfreie Städte in a Kreise file skipped (they come from the "
                 "municipalities file)\n";
  }
  return cli.Send("municipality import", &Commands::ImportMunicipalities, import->request);
}

int MunicipalityList(Cli& cli, const ReferenceOptions& o) {
  v1::ListMunicipalitiesRequest req;
  req.set_kreis_key(o.kreis);
  if (!o.size_class.empty()) {
    absl::StatusOr<v1::SizeClass> c = vocab::ParseSizeClass(o.size_class);
    if (!c.ok()) return Cli::Usage(c.status().message());
    req.set_size_class(*c);
  }
  std::optional<v1::ListMunicipalitiesResponse> r = cli.Query(&Queries::ListMunicipalities, req);
  if (!r) return Cli::kFailed;
  Table t({"ags", "name", "kreis", "size_class", "population"},
          {Table::kText, Table::kText, Table::kText, Table::kText, Table::kNumber});
  for (const v1::Municipality& m : r->municipalities()) {
    t.AddRow({m.ags(), m.name(), m.kreis_name(), std::string(vocab::SizeClassKey(m.size_class())),
              absl::StrCat(m.population())});
  }
  cli.Print(t);
  return 0;
}

int RunResponsibilityImport(Cli& cli, const ReferenceOptions& o) {
  absl::StatusOr<CsvTable> t = ReadCsv(o.id);
  if (!t.ok()) return Cli::Usage(t.status().message());
  absl::StatusOr<client::ResponsibilityImport> import = ResponsibilityFromCsv(*t);
  if (!import.ok()) return Cli::Usage(import.status().message());
  import->request.set_source(o.source.empty() ? o.id : o.source);
  if (import->rows_skipped > 0) {
    std::cerr << "prio: " << import->rows_skipped
              << " LeiKa rows without an OZG-ID belong to no service and were skipped\n";
  }
  return cli.Send("responsibility import", &Commands::ImportResponsibility, import->request,
                  &import->origins);
}

int ExceptionsImport(Cli& cli, const ReferenceOptions& o) {
  absl::StatusOr<CsvTable> t = ReadCsv(o.id);
  if (!t.ok()) return Cli::Usage(t.status().message());
  absl::StatusOr<client::OfficeExceptionsImport> import = OfficeExceptionsFromCsv(*t);
  if (!import.ok()) return Cli::Usage(import.status().message());
  return cli.Send("responsibility exceptions", &Commands::ImportOfficeExceptions,
                  import->request, &import->origins);
}

}  // namespace

void AddReferenceCommands(CLI::App& app, Cli& cli) {
  auto o = std::make_shared<ReferenceOptions>();

  CLI::App* catalog = app.add_subcommand("catalog", "the OZG service catalogue");
  catalog->require_subcommand(1);
  CLI::App* cimport = catalog->add_subcommand("import", "add or update services and LeiKa entries");
  cimport->footer("Example:\n  prio catalog import --services data/ozg_leistungen.csv "
                  "--leika data/ozg_leika_leistungen.csv\n"
                  "Headers: ozg_id (or service_id, leistungs_id), ozg_leistung (or name, "
                  "leistung), themenfeld, lebenslage, leika_typen, efa.");
  cimport->add_option("--services", o->services, "CSV of OZG-Leistungen")->required();
  cimport->add_option("--leika", o->leika, "CSV of LeiKa-Leistungen mapped to them");
  OnRun(cimport, cli, o, RunCatalogImport);
  CLI::App* clist = catalog->add_subcommand("list", "list services");
  clist->footer("Example:\n  prio catalog list --themenfeld 'Familie & Kind' --search geburt");
  clist->add_option("--themenfeld", o->themenfeld, "only this Themenfeld");
  clist->add_option("--search", o->search, "id or name contains this (case-insensitive)");
  clist->add_flag("--retired", o->retired, "include retired services");
  OnRun(clist, cli, o, CatalogList);
  CLI::App* cshow = catalog->add_subcommand("show", "one service with its LeiKa entries");
  cshow->footer("Example:\n  prio catalog show 10519");
  cshow->add_option("ID", o->id, "OZG-ID")->required();
  OnRun(cshow, cli, o, CatalogShow);

  CLI::App* muni = app.add_subcommand("municipality", "municipalities and Kreise");
  muni->require_subcommand(1);
  CLI::App* mimport = muni->add_subcommand("import", "register or update municipalities");
  mimport->footer("Example:\n  prio municipality import data/nrw_gemeinden.csv data/nrw_kreise.csv\n"
                  "Headers: ags, name, kreis_schluessel, kreis, status_go_nrw (or size_class), "
                  "einwohner_zensus_2022 (or population), regierungsbezirk. A file with an "
                  "'art' column is read as Kreise (AGS = Kreis key + 000).");
  mimport->add_option("FILES", o->files, "CSV files")->required();
  OnRun(mimport, cli, o, RunMunicipalityImport);
  CLI::App* mlist = muni->add_subcommand("list", "list municipalities");
  mlist->footer("Example:\n  prio municipality list --kreis 05758");
  mlist->add_option("--kreis", o->kreis, "only this Kreis (5-digit key), the Kreis included");
  mlist->add_option("--size-class", o->size_class,
                    "kreisfreie-stadt, kreis, grosse-kas, mittlere-kas or kleine-gemeinde");
  OnRun(mlist, cli, o, MunicipalityList);

  CLI::App* resp = app.add_subcommand(
      "responsibility", "the OZG-Kompass: who must provide which service and LeiKa entry");
  resp->require_subcommand(1);
  CLI::App* rimport = resp->add_subcommand("import", "set the mapping for the listed services");
  rimport->footer(
      "Example:\n  prio responsibility import data/responsibility.csv --source 'prio default'\n"
      "Headers (one row per LeiKa entry): leika_schluessel, ozg_id, leistung, behoerde "
      "(bund, land, gericht, kammer, sozialversicherung, landschaftsverband, kreisebene, "
      "gemeinde, sonstige, unresolved; several separated by ';'), kreisfreie_stadt, kreis, "
      "grosse_kreisangehoerige_stadt, mittlere_kreisangehoerige_stadt, "
      "kleine_kreisangehoerige_gemeinde (1/0), amt, regel. Without a leika_schluessel "
      "column: one row per service (ozg_id, the five size-class columns, rule). Services "
      "and entries not in the file keep their mapping (data/README.md, section 4).");
  rimport->add_option("FILE", o->id, "CSV file")->required();
  rimport->add_option("--source", o->source,
                      "names the mapping (recorded with every round opened on it); default: "
                      "the file name");
  OnRun(rimport, cli, o, RunResponsibilityImport);
  CLI::App* rexc = resp->add_subcommand(
      "exceptions", "municipalities that carry an office beyond their size class, or hand "
                    "it to their Kreis");
  rexc->footer("Example:\n  prio responsibility exceptions data/office_exceptions_example.csv\n"
               "Headers: ags, amt (an office the mapping names, e.g. jugendamt), modus "
               "(takes-on | hands-to-kreis | none; German: übernimmt, abgabe-an-kreis, keine), "
               "quelle.");
  rexc->add_option("FILE", o->id, "CSV file")->required();
  OnRun(rexc, cli, o, ExceptionsImport);
}

}  // namespace prio::client
