// prio effort|capacity|offering|deadline: the provider's planning inputs. Imports read
// CSV (client/survey_csv.h, client/planning_csv.h for the accepted headers); a bad file
// is refused with FILE:LINE:COLUMN before anything is sent, a row the server refuses
// is named the same way, and each import is one atomic command.
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/cli.h"
#include "client/output.h"
#include "client/planning_csv.h"
#include "client/survey_csv.h"
#include "client/unary.h"
#include "prio/v1/commands.grpc.pb.h"
#include "prio/v1/queries.grpc.pb.h"
#include "vocabulary/offering.h"

namespace prio::client {
namespace {

using Commands = v1::SurveyCommands::Stub;
using Queries = v1::SurveyQueries::Stub;

struct PlanningOptions {
  std::string file, service, team, department, quarter, ags;
  double central = 0, onboarding = 0, days = 0;
  // offering set / deadline set
  std::string path, offered_by, available_from, kind, source;
  double integration = 0, yearly_cost = 0;
  bool all = false, business = false, clear = false;
};

// Reads `file` as CSV, parses it with `parse` and sends the request. A missing or
// malformed file is a usage error; with an import's row origins, so is a row the server
// refuses (named FILE:LINE:COLUMN).
template <typename Import, typename Method>
int SendImport(Cli& cli, const std::string& file, std::string_view what,
               absl::StatusOr<Import> (*parse)(const CsvTable&), Method method) {
  absl::StatusOr<CsvTable> t = CsvTable::ReadFile(file);
  if (!t.ok()) return Cli::Usage(t.status().message());
  absl::StatusOr<Import> import = parse(*t);
  if (!import.ok()) return Cli::Usage(import.status().message());
  if constexpr (requires { import->origins; }) {
    return cli.Send(what, method, import->request, &import->origins);
  } else {
    return cli.Send(what, method, *import);
  }
}

int OfferingImport(Cli& cli, const PlanningOptions& o) {
  return SendImport(cli, o.file, "offering import", &OfferingsFromCsv, &Commands::SetOfferings);
}

int OfferingSet(Cli& cli, const PlanningOptions& o) {
  absl::StatusOr<v1::ImplementationPath> path = vocab::ParseImplementationPath(o.path);
  if (!path.ok()) return Cli::Usage(absl::StrCat("--path: ", path.status().message()));
  v1::SetOfferingsRequest req;
  v1::OfferingSet* of = req.add_offerings();
  of->set_service_id(o.service);
  of->set_path(*path);
  of->set_offered_by(o.offered_by);
  of->set_available_from(o.available_from);
  of->set_integration_team(o.team);
  of->set_integration_person_days(o.integration);
  of->set_onboarding_person_days(o.onboarding);
  of->set_onboarding_department(o.department);
  of->set_yearly_cost_eur(o.yearly_cost);
  of->set_source(o.source);
  return cli.Send("offering set", &Commands::SetOfferings, req);
}

// The catalogue's current services (retired ones left out), with their planning fields.
std::optional<v1::ListServicesResponse> CurrentServices(Cli& cli) {
  return cli.Query(&Queries::ListServices, v1::ListServicesRequest());
}

int OfferingList(Cli& cli, const PlanningOptions& o) {
  std::optional<v1::ListServicesResponse> r = CurrentServices(cli);
  if (!r) return Cli::kFailed;
  std::optional<v1::ImplementationPath> only;
  if (!o.path.empty()) {
    absl::StatusOr<v1::ImplementationPath> p = vocab::ParseImplementationPath(o.path);
    if (!p.ok()) return Cli::Usage(absl::StrCat("--path: ", p.status().message()));
    only = *p;
  }
  Table t({"service_id", "name", "path", "offered_by", "available_from", "integration_team",
           "integration_days", "onboarding_days", "department", "yearly_cost_eur", "source"},
          {Table::kText, Table::kText, Table::kText, Table::kText, Table::kText, Table::kText,
           Table::kNumber, Table::kNumber, Table::kText, Table::kNumber, Table::kText});
  for (const v1::ServiceView& s : r->services()) {
    const v1::OfferingSet& of = s.offering();
    const v1::ImplementationPath path =
        s.has_offering() ? of.path() : v1::IMPLEMENTATION_PATH_OWN;  // the default
    if (!s.has_offering() && !o.all && !only) continue;
    if (only && path != *only) continue;
    t.AddRow({s.service().service_id(), s.service().name(),
              s.has_offering() ? std::string(vocab::ImplementationPathKey(path)) : "own (default)",
              of.offered_by(), of.available_from(), of.integration_team(),
              FormatNumber(of.integration_person_days()), FormatNumber(of.onboarding_person_days()),
              of.onboarding_department(), FormatNumber(of.yearly_cost_eur()), of.source()});
  }
  cli.Print(t);
  return 0;
}

int DeadlineImport(Cli& cli, const PlanningOptions& o) {
  return SendImport(cli, o.file, "deadline import", &DeadlinesFromCsv, &Commands::SetDeadlines);
}

// prio deadline set: one service (--service) or every current business service
// (--business, as the catalogue marks them); --clear removes the deadline.
int DeadlineSet(Cli& cli, const PlanningOptions& o) {
  if (o.service.empty() == !o.business) {
    return Cli::Usage("deadline set needs --service ID or --business");
  }
  v1::DeadlineSet d;
  if (!o.clear) {
    if (o.quarter.empty()) return Cli::Usage("deadline set needs --quarter (or --clear)");
    absl::StatusOr<v1::DeadlineKind> kind = vocab::ParseDeadlineKind(o.kind);
    if (!kind.ok()) return Cli::Usage(absl::StrCat("--kind: ", kind.status().message()));
    d.set_quarter(o.quarter);
    d.set_kind(*kind);
    d.set_source(o.source);
  }
  v1::SetDeadlinesRequest req;
  if (!o.business) {
    d.set_service_id(o.service);
    *req.add_deadlines() = d;
  } else {
    std::optional<v1::ListServicesResponse> r = CurrentServices(cli);
    if (!r) return Cli::kFailed;
    for (const v1::ServiceView& s : r->services()) {
      if (!s.business()) continue;
      d.set_service_id(s.service().service_id());
      *req.add_deadlines() = d;
    }
    if (req.deadlines().empty()) {
      return Cli::Usage("the catalogue has no business services (README \"Deadlines\")");
    }
  }
  return cli.Send("deadline set", &Commands::SetDeadlines, req);
}

int DeadlineList(Cli& cli, const PlanningOptions& o) {
  std::optional<v1::ListServicesResponse> r = CurrentServices(cli);
  if (!r) return Cli::kFailed;
  Table t({"service_id", "name", "business", "deadline", "kind", "source"},
          {Table::kText, Table::kText, Table::kBool, Table::kText, Table::kText, Table::kText});
  for (const v1::ServiceView& s : r->services()) {
    if (!s.has_deadline() && !(o.business && s.business())) continue;
    if (o.business && !s.business()) continue;
    t.AddRow({s.service().service_id(), s.service().name(), s.business() ? "yes" : "no",
              s.deadline().quarter(), std::string(vocab::DeadlineKindKey(s.deadline().kind())),
              s.deadline().source()});
  }
  cli.Print(t);
  return 0;
}

}  // namespace

void AddPlanningCommands(CLI::App& app, Cli& cli) {
  auto o = std::make_shared<PlanningOptions>();

  CLI::App* effort = app.add_subcommand("effort", "effort estimates per service");
  effort->require_subcommand(1);
  CLI::App* eimport = effort->add_subcommand("import", "set estimates from a CSV file");
  eimport->footer("Example:\n  prio effort import effort.csv\n"
                  "Headers: service, team, central_days, onboarding_days, department "
                  "(German: leistung, team, zentral_pt, onboarding_pt, fachbereich).");
  eimport->add_option("FILE", o->file, "CSV file")->required();
  OnRun(eimport, cli, o, [](Cli& cli, const PlanningOptions& o) {
    return SendImport(cli, o.file, "effort import", &EffortsFromCsv, &Commands::SetEffort);
  });
  CLI::App* eset = effort->add_subcommand("set", "set one service's estimate");
  eset->footer("Example:\n  prio effort set --service 10000 --team Familie --central 120 "
               "--onboarding 5 --department Bürgerbüro");
  eset->add_option("--service", o->service, "OZG-ID")->required();
  eset->add_option("--team", o->team, "the provider team that builds it")->required();
  eset->add_option("--central", o->central, "the team's person-days")
      ->required()
      ->check(CLI::Range(0.0, 1'000'000.0));
  eset->add_option("--onboarding", o->onboarding, "person-days per supporting municipality")
      ->check(CLI::Range(0.0, 1'000'000.0));
  eset->add_option("--department", o->department, "the municipal department onboarding it");
  OnRun(eset, cli, o, [](Cli& cli, const PlanningOptions& o) {
    v1::SetEffortRequest req;
    v1::EffortEstimated* e = req.add_efforts();
    e->set_service_id(o.service);
    e->set_team(o.team);
    e->set_central_person_days(o.central);
    e->set_onboarding_person_days(o.onboarding);
    e->set_onboarding_department(o.department);
    return cli.Send("effort set", &Commands::SetEffort, req);
  });

  CLI::App* capacity = app.add_subcommand(
      "capacity", "capacity per quarter: provider teams, municipal departments");
  capacity->require_subcommand(1);
  CLI::App* kimport = capacity->add_subcommand("import", "set capacities from a CSV file");
  kimport->footer("Example:\n  prio capacity import capacity.csv\n"
                  "Headers: team, quarter (or quartal), days (or personentage).");
  kimport->add_option("FILE", o->file, "CSV file")->required();
  OnRun(kimport, cli, o, [](Cli& cli, const PlanningOptions& o) {
    return SendImport(cli, o.file, "capacity import", &CapacitiesFromCsv,
                      &Commands::DeclareCapacity);
  });
  CLI::App* kset = capacity->add_subcommand("set", "set one team's capacity in a quarter");
  kset->footer("Examples:\n  prio capacity set --team Familie --quarter 2027-Q1 --days 60\n"
               "  prio capacity set --ags 05758004 --department Bürgerbüro --quarter 2027-Q3 --days 20");
  auto* team = kset->add_option("--team", o->team, "a provider team");
  auto* ags = kset->add_option("--ags", o->ags, "or a municipality (with --department)")->excludes(team);
  kset->add_option("--department", o->department, "the municipality's department")->needs(ags);
  kset->add_option("--quarter", o->quarter, "e.g. 2027-Q1")->required();
  kset->add_option("--days", o->days, "person-days")
      ->required()
      ->check(CLI::Range(0.0, 1'000'000.0));
  OnRun(kset, cli, o, [](Cli& cli, const PlanningOptions& o) {
    v1::DeclareCapacityRequest req;
    if (!o.ags.empty()) {  // --ags
      if (o.department.empty()) return Cli::Usage("--ags needs --department");
      v1::DepartmentCapacityDeclared* d = req.add_departments();
      d->set_ags(o.ags);
      d->set_department(o.department);
      d->set_quarter(o.quarter);
      d->set_person_days(o.days);
    } else {
      if (o.team.empty()) return Cli::Usage("capacity set needs --team, or --ags and --department");
      v1::CapacityDeclared* c = req.add_teams();
      c->set_team(o.team);
      c->set_quarter(o.quarter);
      c->set_person_days(o.days);
    }
    return cli.Send("capacity set", &Commands::DeclareCapacity, req);
  });

  CLI::App* offering = app.add_subcommand(
      "offering", "how each service comes online: own build, EfA, market product, live");
  offering->require_subcommand(1);
  CLI::App* oimport = offering->add_subcommand("import", "set implementation paths from a CSV file");
  oimport->footer(
      "Example:\n  prio offering import data/offerings_example.csv\n"
      "Headers: service, path (own, efa, market, live), offered_by, available_from, "
      "integration_team, integration_days, onboarding_days, department, yearly_cost_eur, "
      "source (German: leistung, weg, anbieter, verfuegbar_ab, integrationsteam, "
      "integration_pt, onboarding_pt, fachbereich, jahreskosten_eur, quelle).");
  oimport->add_option("FILE", o->file, "CSV file")->required();
  OnRun(oimport, cli, o, OfferingImport);
  CLI::App* oset = offering->add_subcommand("set", "set one service's implementation path");
  oset->footer("Examples:\n  prio offering set --service 10010 --path efa --offered-by Hessen "
               "--available-from 2027-Q3 --team Integration --integration 15 --onboarding 3 "
               "--department Bürgerbüro --yearly-cost 1200 --source 'FIT-Store, 2026-11'\n"
               "  prio offering set --service 10000 --path live --source 'already online'");
  oset->add_option("--service", o->service, "OZG-ID")->required();
  oset->add_option("--path", o->path, "own, efa, market or live")->required();
  oset->add_option("--offered-by", o->offered_by, "efa: the state or provider; market: the vendor");
  oset->add_option("--available-from", o->available_from, "efa, market: first quarter, e.g. 2027-Q3");
  oset->add_option("--team", o->team, "efa, market: the provider team that integrates it");
  oset->add_option("--integration", o->integration, "efa, market: the team's person-days")
      ->check(CLI::Range(0.0, 1'000'000.0));
  oset->add_option("--onboarding", o->onboarding, "efa, market: person-days per municipality")
      ->check(CLI::Range(0.0, 1'000'000.0));
  oset->add_option("--department", o->department, "the municipal department onboarding it");
  oset->add_option("--yearly-cost", o->yearly_cost, "efa: fee, market: licence, euros a year")
      ->check(CLI::Range(0.0, 1e12));
  oset->add_option("--source", o->source, "where the decision and the figures come from");
  OnRun(oset, cli, o, OfferingSet);
  CLI::App* olist = offering->add_subcommand("list", "the declared implementation paths");
  olist->footer("Examples:\n  prio offering list\n  prio offering list --path efa\n"
                "  prio offering list --all   (every service; undeclared ones are own builds)");
  olist->add_option("--path", o->path, "only this path");
  olist->add_flag("--all", o->all, "every current service");
  OnRun(olist, cli, o, OfferingList);

  CLI::App* deadline = app.add_subcommand(
      "deadline", "deadlines per service: OZG 2.0 for business services, state, provider");
  deadline->require_subcommand(1);
  CLI::App* dimport = deadline->add_subcommand("import", "set deadlines from a CSV file");
  dimport->footer("Example:\n  prio deadline import deadlines.csv\n"
                  "Headers: service, quarter (empty: remove), kind (ozg-business, state, "
                  "provider), source (German: leistung, frist, art, quelle).");
  dimport->add_option("FILE", o->file, "CSV file")->required();
  OnRun(dimport, cli, o, DeadlineImport);
  CLI::App* dset = deadline->add_subcommand("set", "set or clear a deadline");
  dset->footer(
      "Examples:\n  prio deadline set --business --quarter 2029-Q4 --kind ozg-business "
      "--source 'OZG § 1a Abs. 1 Satz 2 (BGBl. 2024 I Nr. 245)'\n"
      "  prio deadline set --service 10519 --quarter 2027-Q4 --kind provider "
      "--source 'Verbandsversammlung 2026-11-20'\n"
      "  prio deadline set --service 10519 --clear\n"
      "--business: every current service the catalogue marks as a business service "
      "(README \"Deadlines\").");
  dset->add_option("--service", o->service, "OZG-ID");
  dset->add_flag("--business", o->business, "every business service");
  auto* quarter = dset->add_option("--quarter", o->quarter,
                                   "the rollout must be in this quarter or earlier");
  auto* kind = dset->add_option("--kind", o->kind, "ozg-business, state or provider");
  auto* source = dset->add_option("--source", o->source, "the law, decree or decision");
  dset->add_flag("--clear", o->clear, "remove the deadline")
      ->excludes(quarter)
      ->excludes(kind)
      ->excludes(source);
  OnRun(dset, cli, o, DeadlineSet);
  CLI::App* dlist = deadline->add_subcommand("list", "services with a deadline");
  dlist->footer("Examples:\n  prio deadline list\n  prio deadline list --business");
  dlist->add_flag("--business", o->business, "business services, with or without a deadline");
  OnRun(dlist, cli, o, DeadlineList);
}

}  // namespace prio::client
