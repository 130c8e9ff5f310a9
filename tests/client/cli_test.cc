// The prio CLI as a municipality and the provider use it: real priod and prio binaries,
// the shipped data files, CSV written the way Excel writes it.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include "audit/checkpoint.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/auth.h"
#include "tests/client/cli_fixture.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace prio {
namespace {

using ::prio::testing::CommandResult;
using ::prio::testing::PriodProcess;
using ::prio::testing::RunCommand;
using ::prio::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

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
  EXPECT_THAT(r.output, HasSubstr("10519;required;2027-Q3;800;Bauamt;\"Antr\xC3\xA4ge; viele\";;;\r\n"));
  // Provider staff may not answer for a municipality in a round that does not allow it.
  r = testing::RunCommand(session_.Cli() + "--token-file " + session_.data_dir() +
                          "/admin.token needs submit --round krz-2027 --ags 05758004 "
                          "--service 10119 --level required --department Bürgerbüro");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("FAILED_PRECONDITION: round \"krz-2027\" takes answers from its "
                                  "participants only"));

  const std::string ballot = dir_.Sub("stimmzettel.csv");
  WriteFile(ballot, "Leistung;Punkte\r\n10519;70\r\n10119;30\r\n");
  r = Prio("ballot cast --round krz-2027 --ags 05758004 --csv " + ballot);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = Prio("--output json ballot show --round krz-2027 --ags 05758004");
  EXPECT_THAT(r.output, HasSubstr("\"service\": \"10519\", \"points\": 70"));
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
  r = Prio("audit verify");
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("OK: "));
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
  r = Prio("round close nope");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("NOT_FOUND: round \"nope\" does not exist"));
  // Sent with the admin token (provider staff answering on a municipality's behalf).
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

// The provider hands a municipality its token; the municipality answers with it,
// personal data included; the token is revoked; an erasure request is carried out.
TEST_F(CliTest, TokensAndErasureThroughTheCli) {
  LoadAndOpenRound();
  CommandResult r = Prio("token create --role municipality --ags 05758004 --note 'Bünde'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string token = r.output.substr(0, r.output.find('\n'));
  ASSERT_THAT(token, ::testing::MatchesRegex("prio_[0-9a-f]{64}"));
  const std::string as_buende =
      session_.Cli() + " --token " + token + " ";
  r = RunCommand(as_buende + "token whoami");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("municipality/05758004/"));
  r = RunCommand(as_buende +
                 "needs submit --round krz-2027 --ags 05758004 --service 10119 --level required "
                 "--department Bürgerbüro --contact-name 'Erika Mustermann' "
                 "--contact-email erika@buende.example --comment 'bitte zurückrufen'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = RunCommand(as_buende + "needs submit --round krz-2027 --ags 05758012 --service 10119 "
                             "--level required --department Bürgerbüro");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("PERMISSION_DENIED: this token speaks for municipality "
                                  "05758004 only"));
  r = Prio("--output csv needs list --round krz-2027 --ags 05758004");
  EXPECT_THAT(r.output, HasSubstr("bitte zurückrufen;Erika Mustermann;erika@buende.example"));
  // With its own token the municipality need not repeat its AGS; the answer is the same.
  CommandResult own = RunCommand(as_buende + "--output csv needs list --round krz-2027");
  ASSERT_EQ(own.exit_code, 0) << own.output;
  EXPECT_EQ(own.output, r.output);
  // An admin token speaks for no municipality: --ags is required, and nothing is sent.
  r = Prio("needs submit --round krz-2027 --service 10119 --level required --department A");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("--ags is required: the token is not a municipality's"));

  r = Prio("gdpr erase --ags 05758004 --reason 'Antrag 2027-041'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("data key generation 1 destroyed"));
  r = Prio("--output csv needs list --round krz-2027 --ags 05758004");
  EXPECT_THAT(r.output, HasSubstr("[erased];[erased];[erased]"));
  EXPECT_THAT(r.output, Not(HasSubstr("Mustermann")));

  r = Prio("--output csv token list");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::size_t at = r.output.find(";municipality;05758004;");
  ASSERT_NE(at, std::string::npos) << r.output;
  const std::string id = r.output.substr(r.output.rfind('\n', at) + 1, 12);
  r = Prio("token revoke " + id + " --reason 'staff left'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = RunCommand(as_buende + "token whoami");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("UNAUTHENTICATED: token " + id + " was revoked"));
  r = Prio("--output json token list --all");
  EXPECT_THAT(r.output, HasSubstr("staff left"));
}

// An auditor's session: pin the key, take checkpoints, prove a ballot's inclusion and
// the log's consistency, replay the ranking; a key that did not sign is refused with
// exit code 3, and priod verify checks every checkpoint offline.
TEST_F(CliTest, AuditProofsAndReplayThroughTheCli) {
  LoadAndOpenRound();
  const std::string pem = dir_.Sub("prio-audit.pem");
  CommandResult r = Prio("audit public-key");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  WriteFile(pem, r.output.substr(0, r.output.find("key id")));
  r = Prio("--output csv audit checkpoint --new --public-key " + pem);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string first = r.output.substr(r.output.find('\n') + 1, r.output.find(';', r.output.find('\n')) - r.output.find('\n') - 1);
  r = Prio("ballot cast --round krz-2027 --ags 05758004 --points 10519=70,10119=30");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = Prio("ballot cast --round krz-2027 --ags 05766020 --points 10255=100");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = Prio("--output csv audit replay --round krz-2027 --top 3");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("RoundOpened;-"));
  EXPECT_THAT(r.output, HasSubstr("municipality/05758004/"));
  EXPECT_THAT(r.output, HasSubstr("1.10255 2.10519 3.10119"));  // after Detmold's 100 points
  const size_t ballot_at = r.output.find(";BallotCast;1.10519 2.10119\r\n");
  ASSERT_NE(ballot_at, std::string::npos) << r.output;
  const size_t line = r.output.rfind('\n', ballot_at) + 1;
  const std::string ballot_position = r.output.substr(line, r.output.find(';', line) - line);
  r = Prio("--output csv audit checkpoint --new --public-key " + pem);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string second = r.output.substr(r.output.find('\n') + 1, r.output.find(';', r.output.find('\n')) - r.output.find('\n') - 1);

  r = Prio("audit prove --position " + ballot_position + " --checkpoint " + second +
           " --public-key " + pem);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("PROVEN: the event at position " + ballot_position));
  EXPECT_THAT(r.output, HasSubstr("BallotCast"));
  r = Prio("audit consistency --from " + first + " --to " + second + " --public-key " + pem);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("PROVEN: the history signed by checkpoint " + second));
  r = Prio("audit checkpoint --list --public-key " + pem);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("2 checkpoint(s): signatures verified"));

  // A key that did not sign: nothing is proven.
  ASSERT_EQ(RunCommand("openssl genpkey -algorithm ed25519 -out " + dir_.Sub("other.key") +
                       " && openssl pkey -in " + dir_.Sub("other.key") + " -pubout -out " +
                       dir_.Sub("other.pem")).exit_code, 0);
  r = Prio("audit prove --position " + ballot_position + " --public-key " + dir_.Sub("other.pem"));
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("NOT VERIFIED"));
  r = Prio("audit consistency --from " + second + " --to " + first + " --public-key " + pem);
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("a log only grows"));
  r = Prio("audit prove --position 0 --public-key " + pem);
  EXPECT_EQ(r.exit_code, 2) << r.output;

  r = Prio("--output csv audit replay --round krz-2027 --to " + ballot_position);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("10255")));  // Detmold's ballot came later

  session_.Stop();
  r = RunCommand(std::string(PRIOD_PATH) + " verify --data-dir " + dir_.Sub("db"));
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("OK: 2 checkpoints signed by key"));
  EXPECT_THAT(r.output, HasSubstr("stored nodes match"));
}

// An auditor who remembers what it verified (--remember): every later checkpoint is
// proven consistent with the remembered one; a history signed with the real key but
// not extending it (a rewrite or a fork shown to this auditor) exits 3.
TEST_F(CliTest, AuditorRemembersCheckpointsAndCatchesARewrittenHistory) {
  LoadAndOpenRound();
  const std::string pem = dir_.Sub("prio-audit.pem");
  const std::string state = dir_.Sub("audit.state");
  CommandResult r = Prio("audit public-key");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  WriteFile(pem, r.output.substr(0, r.output.find("key id")));
  const std::string flags = " --public-key " + pem + " --remember " + state;
  r = Prio("--output csv audit checkpoint --new" + flags);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const size_t row = r.output.find('\n') + 1;
  const std::string first = r.output.substr(row, r.output.find(';', row) - row);
  ASSERT_EQ(Prio("ballot cast --round krz-2027 --ags 05758004 --points 10519=60,10119=40")
                .exit_code, 0);
  r = Prio("audit checkpoint --new" + flags);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("CONSISTENT with checkpoint " + first));
  // An older checkpoint is checked too (consistency in the other direction).
  r = Prio("audit checkpoint --tree-size " + first + flags);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("CONSISTENT with checkpoint"));

  // What a server with the real key could sign for a rewritten history: a checkpoint of
  // the same size as the first with another root.
  std::ifstream key_in(dir_.Sub("db") + "/checkpoint.key");
  std::stringstream key_pem;
  key_pem << key_in.rdbuf();
  auto key = audit::SigningKey::FromPem(key_pem.str());
  ASSERT_TRUE(key.ok()) << key.status();
  v1::Checkpoint forged;
  forged.set_tree_size(std::stoull(first));
  forged.set_root_hash(std::string(32, 'r'));
  forged.set_head_hash(std::string(32, 'h'));
  forged.set_issued_at_us(1);
  ASSERT_TRUE(key->Sign(&forged).ok());
  WriteFile(state, forged.SerializeAsString());
  r = Prio("audit checkpoint --tree-size " + first + flags);
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("another root than the one you verified before"));
  r = Prio("audit checkpoint" + flags);  // the latest: must extend the forged one
  EXPECT_EQ(r.exit_code, 3) << r.output;
  EXPECT_THAT(r.output, HasSubstr("not consistent with checkpoint " + first));
  // A state file of another key is refused, not trusted.
  auto other = audit::SigningKey::Generate();
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(other->Sign(&forged).ok());
  WriteFile(state, forged.SerializeAsString());
  r = Prio("audit checkpoint" + flags);
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("another key's state file"));
}

// prio report writes one self-contained HTML file that a browser renders.
TEST_F(CliTest, ReportIsSelfContainedAndRendersInChromium) {
  LoadAndOpenRound();
  for (const char* a : {"05758004 --points 10519=70,10119=30", "05766020 --points 10255=100",
                        "05770024 --points 10119=50,10255=50"}) {
    CommandResult r = Prio(std::string("ballot cast --round krz-2027 --ags ") + a);
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }
  ASSERT_EQ(Prio("effort set --service 10119 --team Bürgerdienste --central 150 --onboarding 3 "
                 "--department Bürgerbüro").exit_code, 0);
  ASSERT_EQ(Prio("effort set --service 10519 --team Bauen --central 90").exit_code, 0);
  ASSERT_EQ(Prio("capacity set --team Bürgerdienste --quarter 2027-Q2 --days 100").exit_code, 0);
  ASSERT_EQ(Prio("capacity set --team Bauen --quarter 2027-Q2 --days 60").exit_code, 0);
  const std::string html_path = std::string(PRIO_TEST_OUTPUT_DIR) + "/report.html";
  const std::string png_path = std::string(PRIO_TEST_OUTPUT_DIR) + "/report.png";
  std::filesystem::remove(png_path);
  CommandResult r = Prio("report --round krz-2027 --html " + html_path);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(html_path);
  const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(html, HasSubstr("<svg"));
  EXPECT_THAT(html, HasSubstr("Bedarfsabfrage 2027"));
  EXPECT_THAT(html, HasSubstr("3 von 39 Teilnehmenden"));
  EXPECT_THAT(html, HasSubstr("Rücklauf je Kreis"));
  EXPECT_THAT(html, HasSubstr(">Bürgerdienste<"));
  EXPECT_THAT(html, Not(HasSubstr("src=")));   // no external assets
  EXPECT_THAT(html, Not(HasSubstr("href=")));
  EXPECT_THAT(html, HasSubstr("<html lang=\"de\">"));
  EXPECT_THAT(html, Not(HasSubstr("more person-days"))) << "the plan's reasons in German too";
  // In English, every heading and reason.
  const std::string en_path = std::string(PRIO_TEST_OUTPUT_DIR) + "/report-en.html";
  ASSERT_EQ(Prio("report --lang en --round krz-2027 --html " + en_path).exit_code, 0);
  std::ifstream en_in(en_path);
  const std::string en((std::istreambuf_iterator<char>(en_in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(en, HasSubstr("<html lang=\"en\">"));
  EXPECT_THAT(en, HasSubstr("3 of 39 participants"));
  EXPECT_THAT(en, HasSubstr("Response per Kreis"));
  EXPECT_THAT(en, Not(HasSubstr("Rücklauf")));
  EXPECT_EQ(Prio("report --lang fr --round krz-2027 --html " + en_path).exit_code, 2);

  ASSERT_TRUE(std::filesystem::exists(CHROMIUM_PATH))
      << CHROMIUM_PATH << " is missing: tools/test installs Debian's chromium";
  r = RunCommand(std::string(CHROMIUM_PATH) +
                 " --headless=new --no-sandbox --disable-gpu --hide-scrollbars"
                 " --window-size=1200,1600 --screenshot=" + png_path + " file://" + html_path);
  ASSERT_TRUE(std::filesystem::exists(png_path)) << r.output;
  std::ifstream png(png_path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(png)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 24u);
  EXPECT_EQ(bytes.substr(1, 3), "PNG");
  auto be32 = [&](std::size_t at) {
    return (uint32_t(uint8_t(bytes[at])) << 24) | (uint32_t(uint8_t(bytes[at + 1])) << 16) |
           (uint32_t(uint8_t(bytes[at + 2])) << 8) | uint32_t(uint8_t(bytes[at + 3]));
  };
  EXPECT_EQ(be32(16), 1200u);  // IHDR width
  EXPECT_EQ(be32(20), 1600u);  // IHDR height
  // A blank page compresses to a few kB; text, bars and the heat map do not.
  EXPECT_GT(bytes.size(), 20'000u) << "the rendered report looks blank";
}

// The OZG-Kompass through the CLI: a provider's mapping and office exceptions refused
// row by row as FILE:LINE:COLUMN (whether the CLI or the server found the fault),
// nothing written; an exception changes the Gemeinde's and the Kreis's compass; the
// compass answers as of the mapping a round was opened with.
TEST_F(CliTest, CompassMappingAndExceptionsThroughTheCli) {
  LoadAndOpenRound();
  const std::string mapping_header =
      "leika_schluessel;ozg_id;leistung;behoerde;kreisfreie_stadt;kreis;"
      "grosse_kreisangehoerige_stadt;mittlere_kreisangehoerige_stadt;"
      "kleine_kreisangehoerige_gemeinde;amt;regel\r\n";
  const std::string good_row = "99041006017000;10000;Elterngeld Bewilligung;kreisebene;1;1;0;0;0;elterngeldstelle;x\r\n";
  struct Bad {
    std::string name, rows, message;
  } bad[] = {
      {"unknown_key.csv", good_row + "99999999999999;10000;Elterngeld Wunder;kreisebene;1;1;0;0;0;;x\r\n",
       "unknown_key.csv:3:1 (leika_schluessel): service 10000 (Elterngeld) has no LeiKa entry "
       "\"99999999999999\" in the catalogue (server: NOT_FOUND)"},
      {"unknown_kind.csv", good_row + "99041006013000;10000;;stadtwerke;1;1;0;0;0;;x\r\n",
       "unknown_kind.csv:3:4 (behoerde): unknown authority kind \"stadtwerke\""},
      {"misfit.csv", "99041006013000;10000;;bund;1;0;0;0;0;;x\r\n",
       "misfit.csv:2:5 (kreisfreie_stadt): a federal authority executes it, so no municipality "
       "must provide it"},
  };
  const std::string head = Head();
  for (const Bad& b : bad) {
    WriteFile(dir_.Sub(b.name), mapping_header + b.rows);
    CommandResult r = Prio("responsibility import " + dir_.Sub(b.name));
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_THAT(r.output, HasSubstr(dir_.Sub(b.message))) << r.output;
  }
  const std::string exc_header = "ags;amt;modus;quelle\r\n";
  WriteFile(dir_.Sub("office.csv"), exc_header + "05758004;jugendamt;übernimmt;Rat\r\n05758012;zoo;übernimmt;\r\n");
  CommandResult r = Prio("responsibility exceptions " + dir_.Sub("office.csv"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr(dir_.Sub("office.csv:3:2 (amt): the mapping names no office \"zoo\"")));
  WriteFile(dir_.Sub("ags.csv"), exc_header + "5758004;jugendamt;übernimmt;\r\n");
  r = Prio("responsibility exceptions " + dir_.Sub("ags.csv"));
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr(dir_.Sub("ags.csv:2:1 (ags): AGS \"5758004\" must be exactly 8 digits")));
  EXPECT_EQ(Head(), head) << "a refused import writes nothing";

  // Bünde (mittlere kreisangehörige Stadt) runs its own Jugendamt.
  r = Prio("compass --ags 05758004");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("Unterhaltsvorschuss")));
  const std::string before = Head();
  WriteFile(dir_.Sub("office.csv"), exc_header + "05758004;jugendamt;übernimmt;Ratsbeschluss\r\n");
  r = Prio("responsibility exceptions " + dir_.Sub("office.csv"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = Prio("compass --ags 05758004");
  EXPECT_THAT(r.output, HasSubstr("Unterhaltsvorschuss"));
  EXPECT_THAT(r.output, HasSubstr("takes on jugendamt (Ratsbeschluss)"));
  EXPECT_THAT(r.output, HasSubstr("exception: takes on jugendamt"));
  r = Prio("compass --ags 05758000");
  EXPECT_THAT(r.output, HasSubstr("taken on for their own area by 05758004 (Bünde)"));
  // As of the round's opening the exception did not exist yet.
  std::smatch position;
  ASSERT_TRUE(std::regex_search(before, position, std::regex("\"last_position\": *([0-9]+)"))) << before;
  r = Prio("compass --ags 05758004 --as-of " + position[1].str());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, Not(HasSubstr("Unterhaltsvorschuss")));
  r = Prio("round status krz-2027");
  EXPECT_THAT(r.output, HasSubstr("opened on the responsibility mapping"));

  // One JSON object per service, its LeiKa entries with who executes each.
  r = Prio("--output json catalog show 10119");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.front(), '{');
  EXPECT_THAT(r.output, HasSubstr("\"authorities\":[\"bund\",\"gemeinde\",\"unresolved\"]"));
  EXPECT_THAT(r.output, HasSubstr("\"rule\":\"pauswg-passbehoerde\""));
  // A round over a service no participant must provide is refused, naming who does.
  r = Prio("round open --id wrong --title x --closes 2099-12-31 --ballot points --budget 100 "
           "--kreis 05758 --services 10119,10533 --plan-start 2027-Q2");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("no participant must provide service 10533 (Grunderwerbsteuer); "
                                  "executed by a state authority (Land NRW) (rule steuer-finanzamt)"));
}

}  // namespace
}  // namespace prio
