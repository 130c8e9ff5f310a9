// The prio CLI as a municipality and the provider use it: real priod and prio binaries,
// the shipped data files, CSV written the way Excel writes it.
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"
#include "tests/testing/temp_dir.h"

namespace prio {
namespace {

using ::prio::testing::CommandResult;
using ::prio::testing::PriodProcess;
using ::prio::testing::RunCommand;
using ::prio::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kData = PRIO_DATA_DIR;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    priod_ = std::make_unique<PriodProcess>(PRIOD_PATH, dir_.Sub("db"));
    address_ = priod_->Start();
    ASSERT_FALSE(address_.empty());
  }

  CommandResult Prio(const std::string& args) {
    return RunCommand(std::string(PRIO_CLI_PATH) + " --server " + address_ + " " + args);
  }

  std::string Head() {
    CommandResult r = Prio("--output json events head");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return r.output;
  }

  void WriteFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }

  TempDir dir_;
  std::unique_ptr<PriodProcess> priod_;
  std::string address_;
};

TEST_F(CliTest, LoadDataOpenRoundAnswerFromExcelCsv) {
  CommandResult r = Prio("catalog import --services " + kData + "/ozg_leistungen.csv --leika " +
                         kData + "/ozg_leika_leistungen.csv");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("557 LeikaEntriesSet, 557 ServiceCatalogued"));
  EXPECT_THAT(r.output, HasSubstr("26 LeiKa rows without an OZG-ID"));
  r = Prio("responsibility import " + kData + "/responsibility.csv");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = Prio("municipality import " + kData + "/nrw_gemeinden.csv " + kData + "/nrw_kreise.csv");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("427 MunicipalityRegistered"));
  r = Prio("round open --id krz-2027 --title 'Bedarfsabfrage 2027' --closes 2099-12-31 "
           "--ballot points --budget 100 --kreis 05758,05766,05770 --services 10519,10119,10255 "
           "--plan-start 2027-Q2");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("39 participants"));

  // Bünde's clerk saves the sheet from Excel: BOM, ';', CRLF, German headers, umlauts.
  const std::string csv = dir_.Sub("bedarf.csv");
  WriteFile(csv,
            "\xEF\xBB\xBFLeistung;Bedarf;Quartal;Fallzahl;Fachbereich;Kommentar\r\n"
            "10519;erforderlich;2027-Q3;800;Bauamt;\"Antr\xC3\xA4ge; viele\"\r\n"
            "10119;gew\xC3\xBCnscht;;2.300;B\xC3\xBCrgerb\xC3\xBCro;\r\n");
  r = Prio("needs submit --round krz-2027 --ags 05758004 --csv " + csv);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("2 NeedSubmitted"));
  r = Prio("--output json needs list --round krz-2027 --ags 05758004");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("\"service\": \"10519\", \"level\": \"required\", \"quarter\": "
                                  "\"2027-Q3\", \"cases\": 800, \"department\": \"Bauamt\", "
                                  "\"comment\": \"Antr\xC3\xA4ge; viele\""));
  EXPECT_THAT(r.output, HasSubstr("\"cases\": 2300"));
  r = Prio("--output csv needs list --round krz-2027 --ags 05758004");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_THAT(r.output, HasSubstr("10519;required;2027-Q3;800;Bauamt;\"Antr\xC3\xA4ge; viele\"\r\n"));

  r = Prio("ballot cast --round krz-2027 --ags 05758004 --points 10519=70,10119=30");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = Prio("round status krz-2027");
  EXPECT_THAT(r.output, HasSubstr("krz-2027"));
  EXPECT_THAT(r.output, HasSubstr("points, budget 100"));
  EXPECT_THAT(r.output, HasSubstr("response rate 1/39 (3%), ballots cast 1"));
  EXPECT_THAT(r.output, HasSubstr("05758028  Rödinghausen"));

  // The ranking as JSON, in the documented shape.
  r = Prio("--output json ranking --round krz-2027");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("{\"round\": \"krz-2027\", \"method\": \"points\", "
                                  "\"weighting\": \"none\", \"position\": "));
  EXPECT_THAT(r.output, HasSubstr("\"rows\": [{\"rank\": 1, \"service_id\": \"10519\", \"name\": "
                                  "\"Bauvorbescheid und Baugenehmigung\", \"score\": 70, "
                                  "\"tied\": false, \"supporters\": 1, \"required_by\": 1, "
                                  "\"population\": 46591}"));
  r = Prio("ranking --round krz-2027 --method borda");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("methods that fit: points, need"));
  r = Prio("plan --round krz-2027");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("no effort estimate"));
  r = Prio("compass --ags 05758004 --round krz-2027");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("in round krz-2027: 2 answered, 0 missing"));
}

TEST_F(CliTest, BadInputExitsTwoOrOneAndWritesNothing) {
  ASSERT_EQ(Prio("catalog import --services " + kData + "/ozg_leistungen.csv").exit_code, 0);
  const std::string before = Head();

  // A bad row: the file, line, column and reason; nothing is sent.
  const std::string bad = dir_.Sub("bad.csv");
  WriteFile(bad, "ozg_id;ozg_leistung\r\n10000;Elterngeld\r\n10001;\"unclosed\r\n");
  CommandResult r = Prio("catalog import --services " + bad);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("bad.csv:3:2: quoted field is not closed"));
  r = Prio("catalog import --services /nonexistent.csv");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  // Usage errors.
  EXPECT_EQ(Prio("round open --id x").exit_code, 2);
  EXPECT_EQ(Prio("--output yaml round list").exit_code, 2);
  // The server refuses: exit 1 with its message.
  r = Prio("ballot cast --round nope --ags 05758004 --points 10000=1");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("NOT_FOUND: round \"nope\" does not exist"));
  r = Prio("catalog show 99999");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(Head(), before);

  // Every command has help with an example.
  r = Prio("needs submit --help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.output, HasSubstr("Example"));
  EXPECT_THAT(r.output, Not(HasSubstr("ERROR")));
}

}  // namespace
}  // namespace prio
