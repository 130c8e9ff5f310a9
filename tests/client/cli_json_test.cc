// Every prio command against a real priod, with --output json parsed and checked
// (the JSON mirrors the table: an array of objects, one per row), and CSV export
// opening as Excel expects.
#include <fstream>
#include <set>
#include <sstream>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "testing/auth.h"
#include "testing/cli_session.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace prio {
namespace {

using ::google::protobuf::Value;
using ::prio::testing::CommandResult;
using ::prio::testing::PriodProcess;
using ::prio::testing::RunCommand;
using ::prio::testing::TempDir;
using ::testing::HasSubstr;

const std::string kData = PRIO_DATA_DIR;

class CliJsonTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(session_.Start().empty()); }

  // stderr (notes such as skipped rows) is not part of the JSON.
  CommandResult Prio(const std::string& args) { return session_.Prio(args, /*stdout_only=*/true); }

  // Runs a command with --output json; it must succeed and print valid JSON.
  Value Json(const std::string& args) {
    CommandResult r = Prio("--output json " + args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.output;
    Value v;
    auto s = google::protobuf::util::JsonStringToMessage(r.output, &v);
    EXPECT_TRUE(s.ok()) << args << ": not JSON: " << s.ToString() << "\n" << r.output;
    return v;
  }

  // The one object a show- or create-style command prints.
  Value Object(const std::string& args) {
    Value v = Json(args);
    EXPECT_EQ(v.kind_case(), Value::kStructValue) << args << ": not one object";
    return v;
  }

  // The rows of a table-shaped JSON output.
  std::vector<Value> Rows(const std::string& args) {
    Value v = Json(args);
    EXPECT_EQ(v.kind_case(), Value::kListValue) << args;
    return {v.list_value().values().begin(), v.list_value().values().end()};
  }

  static std::string Str(const Value& row, const std::string& key) {
    auto it = row.struct_value().fields().find(key);
    return it == row.struct_value().fields().end() ? "(missing)" : it->second.string_value();
  }
  static double Num(const Value& row, const std::string& key) {
    auto it = row.struct_value().fields().find(key);
    return it == row.struct_value().fields().end() ? -1 : it->second.number_value();
  }

  TempDir dir_;
  testing::CliSession session_{PRIOD_PATH, PRIO_CLI_PATH, dir_.Sub("db")};
};

TEST_F(CliJsonTest, EveryCommandPrintsJsonThatMirrorsItsTable) {
  // Writes: each prints its command result as one object.
  // Returns the first position written.
  auto wrote = [&](const std::string& args, int events) -> double {
    Value result = Object(args);
    EXPECT_EQ(Num(result, "events_written"), events) << args;
    return Num(result, "first_position");
  };
  wrote("catalog import --services " + kData + "/ozg_leistungen.csv --leika " + kData +
            "/ozg_leika_leistungen.csv",
        1114);
  wrote("responsibility import " + kData + "/responsibility.csv", 558);  // 557 services + the import
  wrote("municipality import " + kData + "/krz_gemeinden.csv " + kData + "/nrw_kreise.csv", 67);
  const double opened =
      wrote("round open --id krz --title T --closes 2099-01-01 --ballot ranked --max-ranks 3 "
            "--kreis 05758 --services 10519,10119,10000 --plan-start 2027-Q1",
            1);
  wrote("needs submit --round krz --ags 05758004 --service 10519 --level required --cases 9 "
        "--department Bauamt --quarter 2027-Q2",
        1);
  wrote("needs submit --round krz --ags 05758000 --service 10000 --level wanted --department A", 1);
  wrote("ballot cast --round krz --ags 05758004 --ranked 10519,10119", 1);
  wrote("ballot cast --round krz --ags 05758000 --ranked 10000", 1);
  wrote("effort set --service 10519 --team Bauen --central 50 --onboarding 2 --department Bauamt", 1);
  wrote("capacity set --team Bauen --quarter 2027-Q2 --days 40", 1);
  wrote("capacity set --team Bauen --quarter 2027-Q3 --days 40", 1);
  wrote("capacity set --ags 05758004 --department Bauamt --quarter 2027-Q4 --days 1", 1);
  wrote("round extend krz --closes 2099-06-01", 1);
  wrote("offering set --service 10294 --path market --offered-by V --team Bauen --integration 5 "
        "--yearly-cost 800",
        1);
  wrote("deadline set --service 10519 --quarter 2027-Q4 --kind provider --source Beschluss", 1);

  // Reads.
  std::vector<Value> rows = Rows("catalog list --search bauvorbescheid");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Str(rows[0], "service_id"), "10519");
  EXPECT_EQ(Num(rows[0], "leika"), 18);
  // `show` prints one object: the service and its LeiKa entries with who executes each.
  Value service = Json("catalog show 10519");
  ASSERT_EQ(service.kind_case(), Value::kStructValue);
  EXPECT_EQ(Str(service, "name"), "Bauvorbescheid und Baugenehmigung");
  const auto& entries = service.struct_value().fields().at("leika").list_value().values();
  ASSERT_EQ(entries.size(), 18);
  EXPECT_EQ(Str(entries[0], "rule"), "bauaufsicht-untere");
  EXPECT_EQ(entries[0].struct_value().fields().at("authorities").list_value().values(0).string_value(),
            "kreisebene");
  rows = Rows("offering list");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Str(rows[0], "path"), "market");
  EXPECT_EQ(Num(rows[0], "yearly_cost_eur"), 800);
  rows = Rows("deadline list");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Str(rows[0], "deadline"), "2027-Q4");
  EXPECT_EQ(Str(rows[0], "kind"), "provider");
  rows = Rows("municipality list --kreis 05758");
  EXPECT_EQ(rows.size(), 10u);
  EXPECT_EQ(Str(rows[0], "size_class"), "kreis");
  rows = Rows("round list");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Num(rows[0], "participants"), 10);
  EXPECT_EQ(Num(rows[0], "answered"), 2);
  rows = Rows("round status krz");
  EXPECT_EQ(Str(rows[0], "ballot"), "ranked, at most 3");
  rows = Rows("needs list --round krz --ags 05758004");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Str(rows[0], "level"), "required");
  EXPECT_EQ(Num(rows[0], "cases"), 9);
  rows = Rows("ballot show --round krz --ags 05758004");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(Str(rows[0], "service"), "10519");

  Value ranking = Json("ranking --round krz --method borda");
  EXPECT_EQ(Str(ranking, "method"), "borda");
  EXPECT_EQ(Str(ranking, "weighting"), "none");
  ASSERT_EQ(ranking.struct_value().fields().at("rows").list_value().values_size(), 3);
  const Value& first = ranking.struct_value().fields().at("rows").list_value().values(0);
  EXPECT_EQ(Str(first, "service_id"), "10519");  // 2 Borda points, 10000 and 10119 have 1
  EXPECT_EQ(Num(first, "score"), 2);
  // As of the round's opening, nobody had answered: every score 0, all tied at rank 1.
  Value schulze = Json("ranking --round krz --method schulze --as-of " +
                       std::to_string(static_cast<uint64_t>(opened)));
  EXPECT_EQ(Num(schulze, "position"), opened);
  for (const Value& row : schulze.struct_value().fields().at("rows").list_value().values()) {
    EXPECT_EQ(Num(row, "rank"), 1);
    EXPECT_TRUE(row.struct_value().fields().at("tied").bool_value());
  }
  rows = Rows("plan --round krz --method borda");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(Str(rows[0], "service_id"), "10519");
  EXPECT_EQ(Str(rows[0], "start"), "2027-Q2");
  EXPECT_EQ(Str(rows[0], "end"), "2027-Q3");
  // Equal shares of 100 person-days between the two ballots (50 each): Bünde ranked
  // 10519 first (Borda 2), which costs 50 (ρ = 50,000 / 2 in 1/1000 person-days).
  rows = Rows("plan --round krz --method borda --selection equal-shares --budget 100");
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(Str(rows[0], "service_id"), "10519");
  EXPECT_EQ(Num(rows[0], "selected"), 1);
  EXPECT_EQ(Str(rows[0], "rho"), "25000");
  EXPECT_EQ(Prio("plan --round krz --selection lottery").exit_code, 2);
  // --ags: the server sends only what Bünde supports (it ranked 10519 and 10119).
  rows = Rows("plan --round krz --method borda --ags 05758004");
  ASSERT_FALSE(rows.empty());
  for (const Value& row : rows) {
    EXPECT_TRUE(Str(row, "service_id") == "10519" || Str(row, "service_id") == "10119")
        << Str(row, "service_id");
  }
  CommandResult bad_ags = Prio("plan --round krz --ags 0575");
  EXPECT_EQ(bad_ags.exit_code, 1);
  rows = Rows("plan --round krz --method borda --view teams");
  ASSERT_EQ(rows.size(), 8u);  // one team, 8 quarters
  EXPECT_EQ(Str(rows[1], "quarter"), "2027-Q2");
  EXPECT_EQ(Num(rows[1], "utilisation"), 1);
  EXPECT_EQ(Num(rows[2], "load"), 10);
  rows = Rows("plan --round krz --method borda --view municipality --ags 05758004");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(Str(rows[0], "quarter"), "2027-Q4");
  EXPECT_TRUE(rows[0].struct_value().fields().at("over_capacity").bool_value());
  // One row per LeiKa entry Bünde provides: the 18 of 10519 and the 45 Gemeinde entries
  // of 10119; 10000 (Elterngeld) is the Kreis's.
  rows = Rows("compass --ags 05758004 --round krz");
  std::set<std::string> compass_services;
  for (const Value& row : rows) compass_services.insert(Str(row, "service_id"));
  EXPECT_EQ(compass_services, (std::set<std::string>{"10119", "10519"}));
  EXPECT_EQ(rows.size(), 63u);
  EXPECT_TRUE(Object("audit verify").struct_value().fields().at("ok").bool_value());
  EXPECT_GT(Num(Object("admin rebuild"), "position"), 1000);
  // A new token is one object (its secret once); whoami describes the caller.
  Value token = Object("token create --role municipality --ags 05758004 --note Bünde");
  EXPECT_EQ(Str(token, "role"), "municipality");
  EXPECT_FALSE(Str(token, "token").empty());
  EXPECT_EQ(Str(Object("token whoami"), "role"), "admin");

  // The event log: one JSON object per line.
  CommandResult events = Prio("--output json events read --stream round-krz");
  ASSERT_EQ(events.exit_code, 0);
  int objects = 0;
  std::istringstream lines(events.output);
  for (std::string line; std::getline(lines, line);) {
    Value v;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(line, &v).ok()) << line;
    EXPECT_FALSE(Str(v, "data_base64").empty());  // protobuf payloads are binary
    ++objects;
  }
  EXPECT_EQ(objects, 2);  // RoundOpened, RoundExtended
  EXPECT_EQ(Json("events head").kind_case(), Value::kStructValue);

  // Withdrawals and close.
  wrote("needs withdraw --round krz --ags 05758000 --service 10000", 1);
  wrote("ballot withdraw --round krz --ags 05758000", 1);
  wrote("round close krz", 1);

  // CSV export is what Excel opens: BOM, ';', CRLF.
  CommandResult csv = Prio("--output csv municipality list --kreis 05758");
  ASSERT_EQ(csv.exit_code, 0);
  EXPECT_EQ(csv.output.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_THAT(csv.output, HasSubstr("ags;name;kreis;size_class;population\r\n"));
  EXPECT_THAT(csv.output, HasSubstr("05758004;Bünde;Herford;mittlere-kas;46591\r\n"));
}

TEST_F(CliJsonTest, ServerRefusalsExitOneWithTheServersMessage) {
  const std::string admin = " --token-file " + dir_.Sub("db") + "/admin.token";
  CommandResult r = RunCommand(session_.Cli() + admin +
                               " round close nope");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("prio: NOT_FOUND: round \"nope\" does not exist"));
  r = RunCommand(session_.Cli() + " round close nope");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("prio: UNAUTHENTICATED: no bearer token"));
  r = RunCommand(session_.Cli() + admin +
                 " ranking --round 'Bad Id'");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("INVALID_ARGUMENT: round id \"Bad Id\""));
  r = RunCommand(std::string(PRIO_CLI_PATH) + " --server 127.0.0.1:1 round list");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("UNAVAILABLE"));
}

}  // namespace
}  // namespace prio
