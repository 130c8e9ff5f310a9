// prio ranking|plan|compass: the projections, as of now or of a past position or time.
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "client/cli.h"
#include "client/output.h"
#include "client/progress.h"
#include "client/report.h"
#include "client/store_client.h"
#include "client/unary.h"
#include "prio/v1/queries.grpc.pb.h"
#include "vocabulary/offering.h"
#include "vocabulary/authority.h"
#include "vocabulary/size_class.h"
#include "common/files.h"
#include "common/time_format.h"

namespace prio::client {
namespace {

using Queries = v1::SurveyQueries::Stub;

struct ViewOptions {
  std::string round, method, weighting, as_of_time, view = "services", ags, html, selection,
      deadlines, lang = "de";
  std::optional<double> budget;
  uint64_t as_of = 0;
  uint32_t top = 0;
  bool watch = false;
  uint32_t interval_ms = 0;
};

absl::StatusOr<v1::AsOf> AsOf(const ViewOptions& o) {
  v1::AsOf a;
  if (o.as_of > 0) a.set_position(o.as_of);
  if (!o.as_of_time.empty()) {
    absl::Time t;
    std::string err;
    if (!absl::ParseTime(absl::RFC3339_full, o.as_of_time, &t, &err)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "--as-of-time \"", o.as_of_time, "\" is not an RFC 3339 time (2027-03-31T18:00:00Z)"));
    }
    a.set_time_us(absl::ToUnixMicros(t));
  }
  return a;
}


void PrintRanking(Cli& cli, const v1::RankingResponse& response, uint32_t top);

// Follows the ranking: prints it, then again whenever it changes (Ctrl-C ends).
int WatchRanking(Cli& cli, const ViewOptions& o) {
  if (o.as_of > 0 || !o.as_of_time.empty()) return Cli::Usage("--watch shows the present; drop --as-of");
  v1::WatchRequest req;
  req.set_round_id(o.round);
  req.set_method(o.method);
  req.set_weighting(o.weighting);
  req.set_interval_ms(o.interval_ms);
  auto stub = v1::SurveyQueries::NewStub(cli.Channel());
  grpc::ClientContext ctx;
  auto reader = stub->Watch(&ctx, req);
  // On a terminal the ranking is redrawn in place; piped, each update is one JSON
  // document on its own line.
  const bool tty = isatty(STDOUT_FILENO) == 1;
  Cli json = cli;
  json.format = OutputFormat::kJson;
  v1::WatchUpdate update;
  while (reader->Read(&update)) {
    if (tty) {
      std::cout << "\x1b[H\x1b[2J";  // home, clear screen
      PrintRanking(cli, update.ranking(), o.top);
      std::cout << "(watching; Ctrl-C ends)\n";
    } else {
      PrintRanking(json, update.ranking(), o.top);
    }
    std::cout.flush();
  }
  grpc::Status s = reader->Finish();
  if (!s.ok()) return Cli::Fail(FromGrpcStatus(s));
  return 0;
}

int Ranking(Cli& cli, const ViewOptions& o) {
  if (o.watch) return WatchRanking(cli, o);
  v1::RankingRequest req;
  req.set_round_id(o.round);
  req.set_method(o.method);
  req.set_weighting(o.weighting);
  req.set_top(o.top);
  absl::StatusOr<v1::AsOf> as_of = AsOf(o);
  if (!as_of.ok()) return Cli::Usage(as_of.status().message());
  *req.mutable_as_of() = *as_of;
  std::optional<v1::RankingResponse> r = cli.Query(&Queries::Ranking, req);
  if (!r) return Cli::kFailed;
  PrintRanking(cli, *r, 0);
  return 0;
}

void PrintRanking(Cli& cli, const v1::RankingResponse& response, uint32_t top) {
  const v1::RankingResponse* r = &response;
  auto rows_of = [&] {
    std::vector<const v1::RankingRow*> rows;
    for (const v1::RankingRow& row : r->rows()) {
      if (top > 0 && rows.size() >= top) break;
      rows.push_back(&row);
    }
    return rows;
  };
  if (cli.format == OutputFormat::kJson) {
    std::vector<std::string> rows;
    for (const v1::RankingRow* p : rows_of()) {
      const v1::RankingRow& row = *p;
      rows.push_back(absl::StrCat(
          "{\"rank\": ", row.rank(), ", \"service_id\": ", JsonString(row.service_id()),
          ", \"name\": ", JsonString(row.name()), ", \"score\": ", FormatNumber(row.score()),
          ", \"tied\": ", row.tied() ? "true" : "false", ", \"supporters\": ", row.supporters(),
          ", \"required_by\": ", row.required_by(), ", \"population\": ", row.population(), "}"));
    }
    std::cout << "{\"round\": " << JsonString(r->round_id()) << ", \"method\": "
              << JsonString(r->method()) << ", \"weighting\": " << JsonString(r->weighting())
              << ", \"position\": " << r->position() << ", \"rows\": ["
              << absl::StrJoin(rows, ", ") << "]}\n";
    return;
  }
  if (cli.format == OutputFormat::kTable) {
    std::cout << "ranking of round " << r->round_id() << " by " << r->method() << ", weighting "
              << r->weighting() << ", as of position " << r->position() << "\n";
  }
  Table t({"rank", "service_id", "name", "score", "tied", "supporters", "required_by",
           "population", "cases"},
          {Table::kNumber, Table::kText, Table::kText, Table::kNumber, Table::kBool,
           Table::kNumber, Table::kNumber, Table::kNumber, Table::kNumber});
  for (const v1::RankingRow* p : rows_of()) {
    const v1::RankingRow& row = *p;
    t.AddRow({absl::StrCat(row.rank()), row.service_id(), row.name(), FormatNumber(row.score()),
              row.tied() ? "yes" : "", absl::StrCat(row.supporters()),
              absl::StrCat(row.required_by()), absl::StrCat(row.population()),
              absl::StrCat(row.cases())});
  }
  cli.Print(t);
}

// "efa (Hessen)", "own"; "" when no path was declared.
std::string PathCell(const v1::PlannedService& s) {
  const std::string path(vocab::ImplementationPathKey(s.path()));
  return s.offered_by().empty() || path.empty() ? path : absl::StrCat(path, " (", s.offered_by(), ")");
}

// "2029-Q4", "2029-Q4, 2 quarters late", "2029-Q4, missed"; "" without a deadline.
std::string DeadlineCell(const v1::PlannedService& s) {
  if (s.deadline().empty()) return "";
  if (!s.misses_deadline()) return s.deadline();
  if (!s.scheduled()) return absl::StrCat(s.deadline(), ", missed");
  return absl::StrCat(s.deadline(), ", ", s.quarters_late(),
                      s.quarters_late() == 1 ? " quarter late" : " quarters late");
}

int PlanCommand(Cli& cli, const ViewOptions& o) {
  v1::PlanRequest req;
  req.set_round_id(o.round);
  req.set_method(o.method);
  req.set_weighting(o.weighting);
  req.set_selection(o.selection);
  if (o.budget.has_value()) req.set_budget_days(*o.budget);
  req.set_deadlines_first(o.deadlines == "first");
  // The server sends only what the view shows (the whole plan of a federal-size round
  // is over gRPC's message limit).
  req.set_ags(o.ags);
  req.set_skip_departments(o.view != "municipality");
  req.set_skip_municipalities(true);  // the table shows how many
  absl::StatusOr<v1::AsOf> as_of = AsOf(o);
  if (!as_of.ok()) return Cli::Usage(as_of.status().message());
  *req.mutable_as_of() = *as_of;
  std::optional<v1::PlanResponse> r = cli.Query(&Queries::Plan, req);
  if (!r) return Cli::kFailed;
  const bool equal_shares = r->selection() == "equal-shares";
  if (cli.format == OutputFormat::kTable) {
    std::cout << "plan of round " << r->round_id() << " (ranking by " << r->method()
              << ", weighting " << r->weighting() << ") as of position " << r->position() << "\n";
    if (equal_shares) {
      std::cout << "selection: equal shares of " << FormatNumber(r->budget_days()) << " person-days among "
                << r->voters() << " ballots; " << FormatNumber(r->spent_days()) << " selected\n";
    }
    if (r->deadlines_first()) std::cout << "order: services with a deadline first\n";
    if (r->deadlines_missed() > 0) {
      std::cout << r->deadlines_missed() << " services miss their deadline\n";
    }
  }
  if (o.view == "teams") {
    Table t({"team", "quarter", "capacity", "load", "utilisation", "over_allocated",
             "running_cost_eur"},
            {Table::kText, Table::kText, Table::kNumber, Table::kNumber, Table::kNumber,
             Table::kBool, Table::kNumber});
    for (const v1::TeamQuarter& q : r->teams()) {
      // A percentage in the table; the fraction in CSV and JSON.
      t.AddRow({q.team(), q.quarter(), FormatNumber(q.capacity()), FormatNumber(q.load()),
                cli.format == OutputFormat::kTable ? absl::StrFormat("%.0f%%", 100 * q.utilisation())
                                                   : FormatNumber(q.utilisation()),
                q.over_allocated() ? "yes" : "", FormatNumber(q.running_cost_eur())});
    }
    cli.Print(t);
  } else if (o.view == "municipality") {
    Table t({"ags", "name", "quarter", "department", "load", "capacity", "over_capacity"},
            {Table::kText, Table::kText, Table::kText, Table::kText, Table::kNumber,
             Table::kNumber, Table::kBool});
    for (const v1::DepartmentQuarter& q : r->departments()) {
      if (!o.ags.empty() && q.ags() != o.ags) continue;
      t.AddRow({q.ags(), q.name(), q.quarter(), q.department(), FormatNumber(q.load()),
                q.has_capacity() ? FormatNumber(q.capacity()) : "", q.over_capacity() ? "yes" : ""});
    }
    cli.Print(t);
  } else {
    std::vector<std::string> columns = {"rank",    "service_id",   "name",
                                        "path",    "team",         "start",
                                        "end",     "rollout",      "central_days",
                                        "municipalities", "deadline", "unscheduled"};
    std::vector<Table::Kind> kinds = {Table::kNumber, Table::kText, Table::kText,
                                      Table::kText,   Table::kText, Table::kText,
                                      Table::kText,   Table::kText, Table::kNumber,
                                      Table::kNumber, Table::kText, Table::kText};
    if (equal_shares) {  // the selection order, and how each was chosen
      columns.insert(columns.begin(), {"selected", "rho"});
      kinds.insert(kinds.begin(), {Table::kNumber, Table::kText});
    }
    Table t(columns, kinds);
    for (const v1::PlannedService& s : r->services()) {  // with --ags: the server filtered
      std::vector<std::string> row = {
          absl::StrCat(s.rank()), s.service_id(), s.name(), PathCell(s), s.team(), s.start(),
          s.end(), s.rollout(), FormatNumber(s.central_days()), absl::StrCat(s.supporters()),
          DeadlineCell(s), s.reason()};
      if (equal_shares) {
        row.insert(row.begin(), {s.selection_order() == 0 ? "" : absl::StrCat(s.selection_order()),
                                 s.by_completion() ? "completion" : s.rho()});
      }
      t.AddRow(std::move(row));
    }
    cli.Print(t);
  }
  return 0;
}

int Compass(Cli& cli, const ViewOptions& o) {
  v1::CompassRequest req;
  req.set_ags(o.ags);
  req.set_round_id(o.round);
  absl::StatusOr<v1::AsOf> as_of = AsOf(o);
  if (!as_of.ok()) return Cli::Usage(as_of.status().message());
  *req.mutable_as_of() = *as_of;
  std::optional<v1::CompassResponse> r = cli.Query(&Queries::Compass, req);
  if (!r) return Cli::kFailed;
  const bool table = cli.format == OutputFormat::kTable;
  if (table) {
    std::size_t entries = 0;
    for (const v1::CompassEntry& e : r->services()) entries += e.leika_size();
    std::cout << "compass of " << r->municipality().ags() << " (" << r->municipality().name()
              << ", " << vocab::SizeClassName(r->municipality().size_class())
              << "): must provide " << r->services_size() << " services (" << entries
              << " LeiKa entries)";
    if (!o.round.empty()) {
      std::cout << "; in round " << o.round << ": " << r->answered() << " answered, "
                << r->missing() << " missing";
    }
    std::cout << "\nmapping: " << (r->mapping_source().empty() ? "(unnamed)" : r->mapping_source())
              << " as of position " << r->mapping_position() << "\n";
    for (const v1::OfficeExceptionSet& x : r->exceptions()) {
      std::cout << "exception: " << vocab::DescribeOfficeException(x) << "\n";
    }
  }
  // On a terminal each service with its LeiKa entries below it; in CSV and JSON one
  // row per LeiKa entry (service columns repeated), what a spreadsheet wants.
  Table t = table ? Table({"service_id", "name", "answered", "level", "authority", "rule", "note"})
                  : Table({"service_id", "service", "in_round", "answered", "level", "leika_key",
                           "leika_name", "authority", "office", "rule", "exception"});
  for (const v1::CompassEntry& e : r->services()) {
    if (!o.round.empty() && !e.in_round()) continue;
    // "by provider": entered on the municipality's behalf (RoundOpened.answers_by_provider)
    const std::string answered = o.round.empty()        ? ""
                                 : !e.entered_by().empty() ? "by provider"
                                 : e.answered()            ? "yes"
                                                           : "missing";
    if (table) {
      t.AddRow({e.service_id(), e.name(), answered, e.level(), "", "", ""});
      for (const v1::CompassLeika& l : e.leika()) {
        t.AddRow({"", "  " + l.leika_key() + " " + l.name(), "", "",
                  vocab::JoinAuthorityKeys(l.authorities(), " "), l.rule(), l.exception()});
      }
      continue;
    }
    if (e.leika().empty()) {  // a bundle-level mapping: one row for the service
      t.AddRow({e.service_id(), e.name(), e.in_round() ? "yes" : "", answered, e.level(), "", "",
                "", "", "", ""});
    }
    for (const v1::CompassLeika& l : e.leika()) {
      t.AddRow({e.service_id(), e.name(), e.in_round() ? "yes" : "", answered, e.level(),
                l.leika_key(), l.name(), vocab::JoinAuthorityKeys(l.authorities(), " "),
                l.office(), l.rule(), l.exception()});
    }
  }
  cli.Print(t);
  return 0;
}

int Report(Cli& cli, const ViewOptions& o) {
  Progress progress("report", 5);
  absl::StatusOr<ReportInput> fetched =
      FetchReportInput(cli.Channel(), o.round, o.method, o.weighting, {},
                       [&progress](std::string_view what) { progress.Step(std::string(what)); });
  if (!fetched.ok()) return Cli::Fail(fetched.status());
  ReportInput& in = *fetched;
  in.lang = ParseLang(o.lang);
  progress.Step("writing " + o.html);
  absl::Status written = WriteFileAtomically(o.html, RenderReport(in));
  progress.Done();
  if (!written.ok()) return Cli::Usage(absl::StrCat("--html: ", written.message()));
  std::cerr << "prio: wrote " << o.html << " (round " << o.round << ", position "
            << in.status.position() << ")\n";
  return 0;
}

void AsOfOptions(CLI::App* sub, ViewOptions& o) {
  auto* p = sub->add_option("--as-of", o.as_of, "answer as of this log position")
                ->check(WholeNumber(1));
  sub->add_option("--as-of-time", o.as_of_time, "answer as of this time (RFC 3339)")->excludes(p);
}

}  // namespace

void AddViewCommands(CLI::App& app, Cli& cli) {
  auto o = std::make_shared<ViewOptions>();
  CLI::App* ranking = app.add_subcommand("ranking", "a round's ranking of services");
  ranking->footer(
      "Examples:\n  prio ranking --round krz-2027 --top 10\n"
      "  prio ranking --round krz-2027 --method need --weighting sqrt-population --as-of 2500\n"
      "Methods: points (points rounds; default there), borda, schulze (ranked rounds; "
      "schulze is the default there), need (any round). Weightings: none (default), "
      "population, sqrt-population.");
  ranking->add_option("--round", o->round, "round id")->required();
  ranking->add_option("--method", o->method, "points, borda, schulze or need");
  ranking->add_option("--weighting", o->weighting, "none, population or sqrt-population");
  ranking->add_option("--top", o->top, "only the first N rows")
      ->check(CLI::Range(0u, 100'000u));
  ranking->add_flag("--watch", o->watch, "print it again whenever it changes (Ctrl-C ends)");
  ranking->add_option("--interval-ms", o->interval_ms, "with --watch: at most one update per interval (default 100)")
      ->check(CLI::Range(0u, 60'000u));
  AsOfOptions(ranking, *o);
  OnRun(ranking, cli, o, Ranking);

  CLI::App* plan = app.add_subcommand("plan", "a round's resource plan");
  plan->footer(
      "Examples:\n  prio plan --round krz-2027\n  prio plan --round krz-2027 --view teams\n"
      "  prio plan --round krz-2027 --view municipality --ags 05758004\n"
      "  prio plan --round krz-2027 --selection equal-shares --budget 400\n"
      "  prio plan --round krz-2027 --deadlines first");
  plan->add_option("--round", o->round, "round id")->required();
  plan->add_option("--method", o->method, "the ranking method that orders the plan");
  plan->add_option("--weighting", o->weighting, "the ranking's weighting");
  plan->add_option("--view", o->view, "services, teams or municipality")
      ->check(CLI::IsMember({"services", "teams", "municipality"}))
      ->capture_default_str();
  plan->add_option("--ags", o->ags, "only this municipality");
  plan->add_option("--selection", o->selection,
                   "greedy (every service in ranking order) or equal-shares (Method of Equal "
                   "Shares over the ballots)")
      ->check(CLI::IsMember({"greedy", "equal-shares"}));
  plan->add_option("--budget", o->budget,
                   "equal-shares: person-days to share out (default: the teams' capacity)")
      ->check(CLI::Range(0.0, 1e9));
  plan->add_option("--deadlines", o->deadlines,
                   "first: schedule services with a deadline first, earliest first; none "
                   "(default): in selection order")
      ->check(CLI::IsMember({"first", "none"}));
  AsOfOptions(plan, *o);
  OnRun(plan, cli, o, PlanCommand);

  CLI::App* report = app.add_subcommand("report", "write a round's report as one HTML file");
  report->footer("Example:\n  prio report --round krz-2027 --html report.html\n"
                 "Self-contained (inline SVG charts): summary and response rate, ranking (top 30), "
                 "plan heat map, response per Kreis.");
  report->add_option("--round", o->round, "round id")->required();
  report->add_option("--html", o->html, "the HTML file to write")->required();
  report->add_option("--lang", o->lang, "the report's language: de or en")
      ->check(CLI::IsMember({"de", "en"}))
      ->capture_default_str();
  report->add_option("--method", o->method, "ranking method (default: the round's)");
  report->add_option("--weighting", o->weighting, "none, population or sqrt-population");
  OnRun(report, cli, o, Report);

  CLI::App* admin = app.add_subcommand("admin", "operating priod");
  admin->require_subcommand(1);
  CLI::App* rebuild = admin->add_subcommand("rebuild", "rebuild every projection from the log");
  rebuild->footer("Example:\n  prio admin rebuild");
  OnRun(rebuild, cli, o, [](Cli& cli, const ViewOptions&) {
    Progress progress("rebuild", 1);
    progress.Step("replaying the log on the server");
    std::optional<v1::RebuildResponse> r =
        cli.Query(&Queries::Rebuild, v1::RebuildRequest(), absl::Hours(1));
    progress.Done();
    if (!r) return Cli::kFailed;
    if (cli.format != OutputFormat::kTable) {
      Table t({"position", "seconds"}, {Table::kNumber, Table::kNumber});
      t.AddRow({absl::StrCat(r->position()), absl::StrFormat("%.3f", r->seconds())});
      cli.PrintRecord(t);
      return 0;
    }
    std::cout << "projections rebuilt from the log up to position " << r->position() << " in "
              << absl::StrFormat("%.2f", r->seconds()) << " s\n";
    return 0;
  });

  CLI::App* compass = app.add_subcommand("compass", "which services a municipality must provide");
  compass->footer("Example:\n  prio compass --ags 05758004 --round krz-2027");
  compass->add_option("--ags", o->ags,
                      "the municipality (8-digit AGS); with a municipality token, the token's own");
  compass->add_option("--round", o->round, "answered vs missing in this round");
  AsOfOptions(compass, *o);
  OnRunForMunicipality(compass, cli, o, Compass);
}

}  // namespace prio::client
