// prio round|needs|ballot: a survey round and a municipality's answers in it.
//
// Dates: YYYY-MM-DD (UTC; --closes means the end of that day, --opens its start) or
// RFC 3339 (2027-03-31T18:00:00+01:00).
#include <iostream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "client/cli.h"
#include "client/pabulib.h"
#include "client/survey_csv.h"
#include "client/unary.h"
#include "prio/v1/commands.grpc.pb.h"
#include "prio/v1/queries.grpc.pb.h"
#include "vocabulary/size_class.h"
#include "common/absl_compat.h"
#include "common/files.h"
#include "common/time_format.h"

namespace prio::client {
namespace {

using Commands = v1::SurveyCommands::Stub;
using Queries = v1::SurveyQueries::Stub;

struct RoundOptions {
  std::string id, title, opens, closes, ballot, services, services_file, municipalities, kreis,
      plan_start, results = "internal";
  uint32_t budget = 0, max_ranks = 0, horizon = 8;
  bool answers_by_provider = false;
  // answers
  std::string round, ags, csv, service, level, quarter, department, comment, contact_name,
      contact_email, points, ranked;
  int64_t cases = -1;
  // export
  std::string format, method, weighting, out;
  std::optional<double> budget_days;
};

int RoundExport(Cli& cli, const RoundOptions& o) {
  v1::ExportRoundRequest req;
  req.set_round_id(o.round);
  req.set_method(o.method);
  req.set_weighting(o.weighting);
  if (o.budget_days.has_value()) req.set_budget_days(*o.budget_days);
  std::optional<v1::ExportRoundResponse> r = cli.Query(&v1::SurveyQueries::Stub::ExportRound, req);
  if (!r) return Cli::kFailed;
  const std::string text = RenderPabulib(*r);
  if (o.out.empty()) {
    std::cout << text;
    return Cli::kOk;
  }
  if (absl::Status s = WriteFileAtomically(o.out, text); !s.ok()) return Cli::Usage(s.message());
  std::cerr << "prio: wrote " << o.out << " (" << r->projects_size() << " projects, "
            << r->votes_size() << " votes, budget " << r->budget_units()
            << " thousandths of a person-day)\n";
  return Cli::kOk;
}

// Date-only values name a whole day (UTC): `end_of_day` picks its end.
absl::StatusOr<int64_t> ParseDate(const std::string& flag, const std::string& text,
                                  bool end_of_day) {
  absl::Time t;
  std::string err;
  if (absl::ParseTime("%Y-%m-%d", text, absl::UTCTimeZone(), &t, &err)) {
    if (end_of_day) t += absl::Hours(24);
    return absl::ToUnixMicros(t);
  }
  if (absl::ParseTime(absl::RFC3339_full, text, &t, &err)) return absl::ToUnixMicros(t);
  return absl::InvalidArgumentError(absl::StrCat(
      flag, " \"", text, "\" is not a date (YYYY-MM-DD) or an RFC 3339 time (2027-03-31T18:00:00Z)"));
}

std::vector<std::string> SplitList(const std::string& s) {
  return absl::StrSplit(s, absl::ByAnyChar(", "), absl::SkipEmpty());
}


std::string Time(int64_t us) { return FormatTime(us); }

std::string_view PhaseName(v1::RoundPhase p) {
  switch (p) {
    case v1::ROUND_PHASE_NOT_YET_OPEN:
      return "not yet open";
    case v1::ROUND_PHASE_OPEN:
      return "open";
    case v1::ROUND_PHASE_CLOSED:
      return "closed";
    default:
      return "?";
  }
}

std::string_view VisibilityName(v1::ResultsVisibility v) {
  switch (v) {
    case v1::RESULTS_VISIBILITY_PUBLIC:
      return "public";
    case v1::RESULTS_VISIBILITY_AFTER_CLOSE:
      return "after-close";
    default:
      return "internal";
  }
}

std::string BallotRules(const v1::BallotRules& b) {
  return b.kind() == v1::BALLOT_KIND_POINTS ? absl::StrCat("points, budget ", b.budget())
                                            : absl::StrCat("ranked, at most ", b.max_ranks());
}

int RoundOpen(Cli& cli, const RoundOptions& o) {
  v1::OpenRoundRequest req;
  v1::RoundOpened* r = req.mutable_round();
  r->set_round_id(o.id);
  r->set_title(o.title);
  absl::StatusOr<int64_t> closes = ParseDate("--closes", o.closes, true);
  if (!closes.ok()) return Cli::Usage(closes.status().message());
  r->set_closes_at_us(*closes);
  if (!o.opens.empty()) {
    absl::StatusOr<int64_t> opens = ParseDate("--opens", o.opens, false);
    if (!opens.ok()) return Cli::Usage(opens.status().message());
    r->set_opens_at_us(*opens);
  }
  if (o.ballot == "points") {
    r->mutable_ballot()->set_kind(v1::BALLOT_KIND_POINTS);
    r->mutable_ballot()->set_budget(o.budget);
    if (o.budget == 0) return Cli::Usage("--ballot points needs --budget N");
  } else {
    r->mutable_ballot()->set_kind(v1::BALLOT_KIND_RANKED);
    r->mutable_ballot()->set_max_ranks(o.max_ranks);
    if (o.max_ranks == 0) return Cli::Usage("--ballot ranked needs --max-ranks N");
  }
  if (!o.services.empty()) {
    for (const std::string& s : SplitList(o.services)) {
      r->mutable_scope()->mutable_services()->add_service_ids(s);
    }
  } else if (!o.services_file.empty()) {
    absl::StatusOr<CsvTable> t = CsvTable::ReadFile(o.services_file);
    if (!t.ok()) return Cli::Usage(t.status().message());
    absl::StatusOr<int> column = t->RequiredColumn({"ozg_id", "service_id", "service", "leistung"});
    if (!column.ok()) return Cli::Usage(column.status().message());
    for (const CsvRow& row : t->rows()) {
      r->mutable_scope()->mutable_services()->add_service_ids(
          std::string(CsvTable::Field(row, *column)));
    }
  } else {
    r->mutable_scope()->set_responsible_services(true);
  }
  if (!o.municipalities.empty()) {
    for (const std::string& a : SplitList(o.municipalities)) r->add_participants(a);
  } else {
    for (const std::string& key : SplitList(o.kreis)) {
      v1::ListMunicipalitiesRequest list;
      list.set_kreis_key(key);
      std::optional<v1::ListMunicipalitiesResponse> found = cli.Query(&Queries::ListMunicipalities, list);
      if (!found) return Cli::kFailed;
      if (found->municipalities().empty()) {
        return Cli::Fail(absl::NotFoundError(
            absl::StrCat("no municipalities registered in Kreis ", key)));
      }
      for (const v1::Municipality& m : found->municipalities()) r->add_participants(m.ags());
    }
  }
  r->set_plan_start_quarter(o.plan_start);
  r->set_horizon_quarters(o.horizon);
  r->set_results(o.results == "public"        ? v1::RESULTS_VISIBILITY_PUBLIC
                 : o.results == "after-close" ? v1::RESULTS_VISIBILITY_AFTER_CLOSE
                                              : v1::RESULTS_VISIBILITY_INTERNAL);
  r->set_answers_by_provider(o.answers_by_provider);
  return cli.Send(absl::StrCat("round open ", o.id, " (", r->participants_size(),
                                " participants)"),
              &Commands::OpenRound, req);
}

void AddRoundRow(Table& t, const v1::RoundView& v) {
  const v1::RoundOpened& r = v.round();
  t.AddRow({r.round_id(), r.title(), std::string(PhaseName(v.phase())), Time(r.opens_at_us()),
            Time(r.closes_at_us()), BallotRules(r.ballot()), absl::StrCat(r.participants_size()),
            absl::StrCat(v.participants_answered()), absl::StrCat(v.ballots()),
            std::string(VisibilityName(r.results()))});
}

Table RoundTable() {
  return Table({"round", "title", "phase", "opens", "closes", "ballot", "participants",
                "answered", "ballots", "results"},
               {Table::kText, Table::kText, Table::kText, Table::kText, Table::kText, Table::kText,
                Table::kNumber, Table::kNumber, Table::kNumber, Table::kText});
}

int RoundList(Cli& cli, const RoundOptions&) {
  std::optional<v1::ListRoundsResponse> r = cli.Query(&Queries::ListRounds, v1::ListRoundsRequest());
  if (!r) return Cli::kFailed;
  Table t = RoundTable();
  for (const v1::RoundView& v : r->rounds()) AddRoundRow(t, v);
  cli.Print(t);
  return 0;
}

int RoundStatus(Cli& cli, const RoundOptions& o) {
  v1::RoundStatusRequest req;
  req.set_round_id(o.id);
  std::optional<v1::RoundStatusResponse> r = cli.Query(&Queries::RoundStatus, req);
  if (!r) return Cli::kFailed;
  Table t = RoundTable();
  AddRoundRow(t, r->round());
  cli.Print(t);
  if (cli.format != OutputFormat::kTable) return 0;
  std::cout << "\nresponse rate " << r->answered() << "/" << r->participants() << " ("
            << static_cast<int>(100 * r->response_rate() + 0.5) << "%), ballots cast "
            << r->round().ballots() << "\n";
  const v1::RoundOpened& opened = r->round().round();
  if (opened.mapping_position() > 0) {
    std::cout << "opened on the responsibility mapping \""
              << (opened.mapping_source().empty() ? "(unnamed)" : opened.mapping_source())
              << "\" as of position " << opened.mapping_position()
              << " (prio compass --ags AGS --as-of " << opened.mapping_position()
              << " shows it)\n";
  }
  if (r->missing_size() > 0) {
    std::cout << "not answered yet:\n";
    Table missing({"ags", "name", "size_class"});
    for (const v1::Municipality& m : r->missing()) {
      missing.AddRow({m.ags(), m.name(), std::string(vocab::SizeClassKey(m.size_class()))});
    }
    cli.Print(missing);
  }
  if (r->entered_by_provider_size() > 0) {
    std::cout << "with answers the provider entered on their behalf (paper, e-mail):\n";
    Table by({"ags", "name"});
    for (const v1::Municipality& m : r->entered_by_provider()) by.AddRow({m.ags(), m.name()});
    cli.Print(by);
  }
  return 0;
}

absl::StatusOr<v1::GetAnswersResponse> Answers(Cli& cli, const RoundOptions& o) {
  v1::GetAnswersRequest req;
  req.set_round_id(o.round);
  req.set_ags(o.ags);
  auto stub = v1::SurveyQueries::NewStub(cli.Channel());
  return Unary(stub.get(), &Queries::GetAnswers, req);
}

int NeedsSubmit(Cli& cli, const RoundOptions& o) {
  v1::SubmitNeedsRequest req;
  req.set_round_id(o.round);
  req.set_ags(o.ags);
  if (!o.csv.empty()) {
    absl::StatusOr<CsvTable> t = CsvTable::ReadFile(o.csv);
    if (!t.ok()) return Cli::Usage(t.status().message());
    absl::StatusOr<std::vector<v1::Need>> needs = NeedsFromCsv(*t);
    if (!needs.ok()) return Cli::Usage(needs.status().message());
    for (v1::Need& n : *needs) *req.add_needs() = std::move(n);
  } else {
    if (o.service.empty() || o.level.empty()) {
      return Cli::Usage("needs submit takes --csv FILE, or --service ID and --level LEVEL");
    }
    v1::Need* n = req.add_needs();
    n->set_service_id(o.service);
    absl::StatusOr<v1::NeedLevel> level = ParseNeedLevel(o.level);
    if (!level.ok()) return Cli::Usage(level.status().message());
    n->set_level(*level);
    n->set_desired_start_quarter(o.quarter);
    if (o.cases >= 0) n->set_yearly_cases(o.cases);
    n->set_department(o.department);
    n->set_comment(o.comment);
    n->set_contact_name(o.contact_name);
    n->set_contact_email(o.contact_email);
  }
  return cli.Send(absl::StrCat("needs submit ", o.ags), &Commands::SubmitNeeds, req);
}

int NeedsList(Cli& cli, const RoundOptions& o) {
  absl::StatusOr<v1::GetAnswersResponse> r = Answers(cli, o);
  if (!r.ok()) return Cli::Fail(r.status());
  Table t({"service", "level", "quarter", "cases", "department", "comment", "contact_name",
           "contact_email", "entered_by"},
          {Table::kText, Table::kText, Table::kText, Table::kNumber, Table::kText, Table::kText,
           Table::kText, Table::kText, Table::kText});
  for (const v1::Need& n : r->needs()) {
    t.AddRow({n.service_id(), std::string(NeedLevelKey(n.level())), n.desired_start_quarter(),
              n.has_yearly_cases() ? absl::StrCat(n.yearly_cases()) : "", n.department(),
              n.comment(), n.contact_name(), n.contact_email(), n.entered_by()});
  }
  cli.Print(t);
  return 0;
}

int BallotCast(Cli& cli, const RoundOptions& o) {
  v1::CastBallotRequest req;
  req.set_round_id(o.round);
  req.set_ags(o.ags);
  if (!o.points.empty()) {
    for (const std::string& item : SplitList(o.points)) {
      std::vector<std::string> kv = absl::StrSplit(item, '=');
      uint32_t n = 0;
      int64_t signed_n = 0;
      if (kv.size() == 2 && absl::SimpleAtoi(kv[1], &signed_n) && signed_n < 0) {
        return Cli::Usage(absl::StrCat("--points: ", kv[1], " points for ", kv[0],
                                       " is negative; points are whole numbers of 0 or more"));
      }
      if (kv.size() != 2 || !absl::SimpleAtoi(kv[1], &n)) {
        return Cli::Usage(absl::StrCat("--points takes ID=N,ID=N,...; got \"", item, "\""));
      }
      v1::PointsAllocation* p = req.mutable_ballot()->add_points();
      p->set_service_id(kv[0]);
      p->set_points(n);
    }
  } else if (!o.ranked.empty()) {
    for (const std::string& id : SplitList(o.ranked)) req.mutable_ballot()->add_ranked(id);
  } else if (!o.csv.empty()) {
    absl::StatusOr<CsvTable> t = CsvTable::ReadFile(o.csv);
    if (!t.ok()) return Cli::Usage(t.status().message());
    absl::StatusOr<v1::Ballot> ballot = BallotFromCsv(*t);
    if (!ballot.ok()) return Cli::Usage(ballot.status().message());
    *req.mutable_ballot() = *std::move(ballot);
  } else {
    return Cli::Usage("ballot cast takes --points ID=N,..., --ranked ID,ID,... or --csv FILE");
  }
  return cli.Send(absl::StrCat("ballot cast ", o.ags), &Commands::CastBallot, req);
}

int BallotShow(Cli& cli, const RoundOptions& o) {
  absl::StatusOr<v1::GetAnswersResponse> r = Answers(cli, o);
  if (!r.ok()) return Cli::Fail(r.status());
  Table t({"rank", "service", "points"}, {Table::kNumber, Table::kText, Table::kNumber});
  if (r->has_ballot()) {
    int rank = 0;
    for (const std::string& id : r->ballot().ranked()) t.AddRow({absl::StrCat(++rank), id, ""});
    for (const v1::PointsAllocation& p : r->ballot().points()) {
      t.AddRow({"", p.service_id(), absl::StrCat(p.points())});
    }
  } else if (cli.format == OutputFormat::kTable) {
    std::cerr << "prio: " << o.ags << " has no ballot in round " << o.round << "\n";
  }
  cli.Print(t);
  if (!r->ballot().entered_by().empty() && cli.format == OutputFormat::kTable) {
    std::cout << "entered on the municipality's behalf by " << r->ballot().entered_by() << "\n";
  }
  return 0;
}


void RoundAndAgs(CLI::App* sub, RoundOptions& o) {
  sub->add_option("--round", o.round, "round id")->required();
  sub->add_option("--ags", o.ags,
                  "the municipality (8-digit AGS); with a municipality token, the token's own");
}

}  // namespace

void AddRoundCommands(CLI::App& app, Cli& cli) {
  auto o = std::make_shared<RoundOptions>();
  CLI::App* round = app.add_subcommand("round", "survey rounds");
  round->require_subcommand(1);

  CLI::App* open = round->add_subcommand("open", "open a survey round");
  open->footer(
      "Example:\n  prio round open --id krz-2027 --title 'Bedarfsabfrage 2027' --closes 2027-03-31 "
      "--ballot points --budget 100 --kreis 05758,05766,05770 --plan-start 2027-Q2\n"
      "Without --services the round asks each participant about every service its size "
      "class is responsible for.");
  open->add_option("--id", o->id, "round id: a-z, 0-9, '-'")->required();
  open->add_option("--title", o->title, "title")->required();
  open->add_option("--closes", o->closes, "closing date (end of that day, UTC) or time")->required();
  open->add_option("--opens", o->opens, "opening date or time (default: now)");
  open->add_option("--ballot", o->ballot, "points or ranked")
      ->required()
      ->check(CLI::IsMember({"points", "ranked"}));
  open->add_option("--budget", o->budget, "points per ballot (points)")
      ->check(CLI::Range(1u, 1'000'000u));
  open->add_option("--max-ranks", o->max_ranks, "services per ballot at most (ranked)")
      ->check(CLI::Range(1u, 1'000u));
  auto* services = open->add_option("--services", o->services, "OZG-IDs, comma-separated");
  open->add_option("--services-file", o->services_file, "CSV with an ozg_id column")
      ->excludes(services);
  auto* munis = open->add_option("--municipalities", o->municipalities, "AGS, comma-separated");
  open->add_option("--kreis", o->kreis, "Kreis keys: the Kreis and all its municipalities")
      ->excludes(munis);
  open->add_option("--plan-start", o->plan_start, "first planning quarter, e.g. 2027-Q1")
      ->required();
  open->add_option("--horizon", o->horizon, "planning quarters")
      ->capture_default_str()
      ->check(CLI::Range(1u, 40u));
  open->add_option("--results", o->results, "who sees results: internal, public, after-close")
      ->check(CLI::IsMember({"internal", "public", "after-close"}))
      ->capture_default_str();
  open->add_flag("--answers-by-provider", o->answers_by_provider,
                 "let provider staff (admin tokens) enter a participant's answers received on "
                 "paper or by e-mail (needs submit / ballot cast --ags AGS); recorded as theirs");
  open->callback([&cli, o] {
    cli.run = [&cli, o] {
      if (o->municipalities.empty() && o->kreis.empty()) {
        return Cli::Usage("round open needs participants: --municipalities or --kreis");
      }
      return RoundOpen(cli, *o);
    };
  });

  CLI::App* extend = round->add_subcommand("extend", "move a round's closing date later");
  extend->footer("Example:\n  prio round extend krz-2027 --closes 2027-04-15");
  extend->add_option("ROUND", o->id, "round id")->required();
  extend->add_option("--closes", o->closes, "new closing date or time")->required();
  OnRun(extend, cli, o, [](Cli& cli, const RoundOptions& o) {
    v1::ExtendRoundRequest req;
    req.set_round_id(o.id);
    absl::StatusOr<int64_t> closes = ParseDate("--closes", o.closes, true);
    if (!closes.ok()) return Cli::Usage(closes.status().message());
    req.set_closes_at_us(*closes);
    return cli.Send("round extend", &Commands::ExtendRound, req);
  });
  CLI::App* close = round->add_subcommand("close", "close a round now");
  close->footer("Example:\n  prio round close krz-2027");
  close->add_option("ROUND", o->id, "round id")->required();
  OnRun(close, cli, o, [](Cli& cli, const RoundOptions& o) {
    v1::CloseRoundRequest req;
    req.set_round_id(o.id);
    return cli.Send("round close", &Commands::CloseRound, req);
  });
  CLI::App* list = round->add_subcommand("list", "all rounds");
  list->footer("Example:\n  prio round list");
  OnRun(list, cli, o, RoundList);
  CLI::App* status = round->add_subcommand("status", "one round: phase, answers, ballots");
  status->footer("Example:\n  prio round status krz-2027");
  status->add_option("ROUND", o->id, "round id")->required();
  OnRun(status, cli, o, RoundStatus);
  CLI::App* exp = round->add_subcommand(
      "export", "a round's ballots and costs for independent tools (pabulib .pb format)");
  exp->footer("Examples:\n  prio round export --format pabulib --round krz-2027 --out krz-2027.pb\n"
              "  prio round export --format pabulib --round krz-2027 --budget 1200\n"
              "The file holds the equal-shares instance prio's plan solves (README "
              "\"Selection\"): services with their cost in 1/1000 person-day, one vote per "
              "ballot; recompute it with e.g. pabutools.");
  exp->add_option("--format", o->format, "pabulib")->required()->check(CLI::IsMember({"pabulib"}));
  exp->add_option("--round", o->round, "round id")->required();
  exp->add_option("--method", o->method, "the ranking that orders the projects (the tie-break)");
  exp->add_option("--weighting", o->weighting, "none, population or sqrt-population");
  exp->add_option("--budget", o->budget_days, "person-days (default: the teams' capacity)")
      ->check(CLI::Range(0.0, 1e9));
  exp->add_option("--out", o->out, "write to this file (default: standard output)");
  OnRun(exp, cli, o, RoundExport);

  CLI::App* needs = app.add_subcommand("needs", "a municipality's needs in a round");
  needs->require_subcommand(1);
  CLI::App* submit = needs->add_subcommand("submit", "submit or amend needs");
  submit->footer(
      "Examples:\n  prio needs submit --round krz-2027 --ags 05758004 --csv bedarf.csv\n"
      "  prio needs submit --round krz-2027 --ags 05758004 --service 10519 --level required "
      "--quarter 2027-Q3 --cases 800 --department Bauamt\n"
      "CSV headers: service (or leistung), level (or bedarf), quarter (quartal), cases "
      "(fallzahl), department (fachbereich), comment (kommentar), contact_name "
      "(ansprechperson), contact_email (e-mail); ';' or ',' separated.\n"
      "Comments and contacts are personal data: sealed in the log, erasable (prio gdpr).\n"
      "Levels: required, wanted, optional, not-needed, already-live (or erforderlich, "
      "gewünscht, optional, nicht benötigt, bereits online).");
  RoundAndAgs(submit, *o);
  auto* csv = submit->add_option("--csv", o->csv, "CSV file of needs")->check(CLI::ExistingFile);
  submit->add_option("--service", o->service, "OZG-ID")->excludes(csv);
  submit->add_option("--level", o->level, "need level");
  submit->add_option("--quarter", o->quarter, "desired start, e.g. 2027-Q3");
  submit->add_option("--cases", o->cases, "expected yearly case volume")
      ->check(CLI::Range(int64_t{0}, int64_t{1'000'000'000}));
  submit->add_option("--department", o->department, "responsible department");
  submit->add_option("--comment", o->comment, "free comment (personal data)");
  submit->add_option("--contact-name", o->contact_name, "contact person (personal data)");
  submit->add_option("--contact-email", o->contact_email, "contact e-mail (personal data)");
  OnRunForMunicipality(submit, cli, o, NeedsSubmit);
  CLI::App* withdraw = needs->add_subcommand("withdraw", "withdraw a need");
  withdraw->footer("Example:\n  prio needs withdraw --round krz-2027 --ags 05758004 --service 10519");
  RoundAndAgs(withdraw, *o);
  withdraw->add_option("--service", o->service, "OZG-IDs, comma-separated")->required();
  OnRunForMunicipality(withdraw, cli, o, [](Cli& cli, const RoundOptions& o) {
    v1::WithdrawNeedsRequest req;
    req.set_round_id(o.round);
    req.set_ags(o.ags);
    for (const std::string& s : SplitList(o.service)) req.add_service_ids(s);
    return cli.Send("needs withdraw", &Commands::WithdrawNeeds, req);
  });
  CLI::App* nlist = needs->add_subcommand("list", "a municipality's current needs");
  nlist->footer("Example:\n  prio --output csv needs list --round krz-2027 --ags 05758004 > bedarf.csv");
  RoundAndAgs(nlist, *o);
  OnRunForMunicipality(nlist, cli, o, NeedsList);

  CLI::App* ballot = app.add_subcommand("ballot", "a municipality's priority ballot in a round");
  ballot->require_subcommand(1);
  CLI::App* cast = ballot->add_subcommand("cast", "cast a ballot (replaces an earlier one)");
  cast->footer("Examples:\n  prio ballot cast --round krz-2027 --ags 05758004 --points 10519=60,10000=40\n"
               "  prio ballot cast --round r --ags 05758004 --ranked 10519,10000,10003\n"
               "  prio ballot cast --round krz-2027 --ags 05758004 --csv stimmzettel.csv\n"
               "CSV headers: service (leistung) and points (punkte) or rank (rang).");
  RoundAndAgs(cast, *o);
  auto* points = cast->add_option("--points", o->points, "ID=N,ID=N,... within the budget");
  auto* ranked = cast->add_option("--ranked", o->ranked, "ID,ID,... most important first")->excludes(points);
  cast->add_option("--csv", o->csv, "CSV: Leistung;Punkte or Leistung;Rang")
      ->excludes(points)
      ->excludes(ranked);
  OnRunForMunicipality(cast, cli, o, BallotCast);
  CLI::App* bwithdraw = ballot->add_subcommand("withdraw", "withdraw the ballot");
  bwithdraw->footer("Example:\n  prio ballot withdraw --round krz-2027 --ags 05758004");
  RoundAndAgs(bwithdraw, *o);
  OnRunForMunicipality(bwithdraw, cli, o, [](Cli& cli, const RoundOptions& o) {
    v1::WithdrawBallotRequest req;
    req.set_round_id(o.round);
    req.set_ags(o.ags);
    return cli.Send("ballot withdraw", &Commands::WithdrawBallot, req);
  });
  CLI::App* show = ballot->add_subcommand("show", "the current ballot");
  show->footer("Example:\n  prio ballot show --round krz-2027 --ags 05758004");
  RoundAndAgs(show, *o);
  OnRunForMunicipality(show, cli, o, BallotShow);
}

}  // namespace prio::client
