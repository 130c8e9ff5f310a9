// The provider's planning decisions through the CLI: implementation paths from the
// shipped example file, deadlines for one service and for every business service, and
// the plan that honours both; bad files refused with their line, nothing written.
#include <fstream>
#include <iterator>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/client/cli_fixture.h"

namespace prio {
namespace {

using ::prio::testing::CommandResult;
using ::testing::HasSubstr;
using ::testing::Not;

TEST_F(CliTest, OfferingsAndDeadlinesShapeThePlan) {
  LoadAndOpenRound();
  CommandResult r = Prio("needs submit --round krz-2027 --ags 05758004 --service 10519 "
                         "--level required --department Bauamt");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = Prio("needs submit --round krz-2027 --ags 05758004 --service 10119 --level required "
           "--department Bürgerbüro");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string capacity = dir_.Sub("capacity.csv");
  std::string csv = "Team;Quartal;Personentage\r\n";
  for (const char* q : {"2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1", "2028-Q2", "2028-Q3",
                        "2028-Q4", "2029-Q1"}) {
    csv += std::string("Team Integration;") + q + ";30\r\n";
  }
  WriteFile(capacity, csv);
  ASSERT_EQ(Prio("capacity import " + capacity).exit_code, 0);

  r = Prio("offering import " + kData + "/offerings_example.csv");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("4 OfferingSet"));
  r = Prio("offering list");
  EXPECT_THAT(r.output, HasSubstr("Bauvorbescheid und Baugenehmigung"));
  EXPECT_THAT(r.output, HasSubstr("2028-Q1"));
  r = Prio("--output csv offering list --path live");
  EXPECT_THAT(r.output, HasSubstr("10119;Personalausweis;live"));
  EXPECT_THAT(r.output, Not(HasSubstr("10519")));

  // 10519: EfA from 2028-Q1, 40 person-days of Team Integration (30 a quarter): 2028-Q1
  // and Q2, rollout 2028-Q3. 10119 is live.
  r = Prio("--output csv plan --round krz-2027");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("10519;Bauvorbescheid und Baugenehmigung;efa (BEISPIEL: ein "
                                  "Land);Team Integration;2028-Q1;2028-Q2;2028-Q3;40;1;;"));
  EXPECT_THAT(r.output, HasSubstr("live: already available"));
  r = Prio("--output csv plan --round krz-2027 --view teams");
  EXPECT_THAT(r.output, HasSubstr("Team Integration;2028-Q3;30;0;0;;600"));  // 2,400 a year

  r = Prio("deadline set --service 10519 --quarter 2027-Q4 --kind provider --source "
           "'Verbandsversammlung 2026-11-20'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  r = Prio("plan --round krz-2027");
  EXPECT_THAT(r.output, HasSubstr("1 services miss their deadline"));
  EXPECT_THAT(r.output, HasSubstr("2027-Q4, 3 quarters late"));

  // Every business service at once; the catalogue marks 90 of them.
  r = Prio("deadline set --business --quarter 2029-Q4 --kind ozg-business --source "
           "'OZG § 1a Abs. 1 Satz 2'");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("90 DeadlineSet"));
  r = Prio("--output csv deadline list --business");
  EXPECT_THAT(r.output, HasSubstr("10294;Unternehmensanmeldung und -genehmigung;yes;2029-Q4;"
                                  "ozg-business;OZG § 1a Abs. 1 Satz 2"));
  r = Prio("catalog show 10294");
  EXPECT_THAT(r.output, HasSubstr("yes (Unternehmenslage)"));
  EXPECT_THAT(r.output, HasSubstr("efa"));
  // The equal-shares instance for independent tools: one ballot, two costed services.
  ASSERT_EQ(Prio("ballot cast --round krz-2027 --ags 05758004 --points 10519=70,10119=30").exit_code, 0);
  const std::string pb = dir_.Sub("krz-2027.pb");
  r = Prio("round export --format pabulib --round krz-2027 --budget 100 --out " + pb);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream in(pb);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(text, HasSubstr("budget;100000\n"));
  EXPECT_THAT(text, HasSubstr("\n10519;40000;Bauvorbescheid und Baugenehmigung;1;1;1;equal-shares\n"));
  EXPECT_THAT(text, HasSubstr("\nvoter_id;vote;points\n05758004;10519;70\n"));  // 10119 is live
  EXPECT_EQ(Prio("round export --format csv --round krz-2027").exit_code, 2);
  r = Prio("deadline set --service 10519 --clear");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_THAT(Prio("plan --round krz-2027").output, Not(HasSubstr("miss their deadline")));
}

TEST_F(CliTest, BadOfferingsAndDeadlinesAreRefusedWithTheirLine) {
  LoadAndOpenRound();
  const std::string before = Head();
  const std::string file = dir_.Sub("offerings.csv");
  // A path prio does not know: refused before sending.
  WriteFile(file, "leistung;weg;integrationsteam;integration_pt\r\n10519;efa;I;10\r\n"
                  "10119;selbst;;\r\n");
  CommandResult r = Prio("offering import " + file);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("offerings.csv:3:2 (weg): unknown implementation path "
                                  "\"selbst\""));
  // A service not in the catalogue: the server refuses, the CLI names the line.
  WriteFile(file, "leistung;weg;integrationsteam;integration_pt\r\n10519;efa;I;10\r\n"
                  "31337;efa;I;5\r\n");
  r = Prio("offering import " + file);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("offerings.csv:3:1 (leistung): service 31337 is not in the "
                                  "catalogue (server: NOT_FOUND)"));
  // A negative cost, with a decimal comma.
  WriteFile(file, "leistung;weg;integrationsteam;jahreskosten_eur\r\n10519;markt;I;-1.200,50\r\n");
  r = Prio("offering import " + file);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("offerings.csv:2:4 (jahreskosten_eur): euros must be 0-"));
  r = Prio("offering set --service 10519 --path efa --integration 10");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("offerings[0].integration_team: is required"));
  r = Prio("deadline set --service 10519 --quarter 1999-Q4 --kind provider --source x");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.output, HasSubstr("deadlines[0].quarter"));
  r = Prio("deadline set --service 10519 --quarter 2029-Q4 --kind someday --source x");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("--kind: unknown deadline kind \"someday\""));
  EXPECT_EQ(Head(), before);  // nothing was written
}

}  // namespace
}  // namespace prio
