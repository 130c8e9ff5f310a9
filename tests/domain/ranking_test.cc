// Hand-computed golden rankings (DESIGN "Ranking"); the plans are in plan_test.cc.
#include "server/domain/ranking.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "vocabulary/size_class.h"
#include "testing/status_matchers.h"
#include "tests/domain/golden_survey.h"

namespace prio {
namespace {

using domain::Method;
using domain::RankingRow;
using domain::Weighting;
using ::prio::testing::DomainHarness;
using ::prio::testing::IsOk;
using ::prio::testing::MakeMunicipality;
using ::prio::testing::MakeService;
using ::prio::testing::Micros;
using ::prio::testing::StatusIs;
using ::testing::HasSubstr;

TEST_F(Golden, PointsUnderEveryWeighting) {
  // Populations 100, 400, 900: weights 1/1/1, 100/400/900, 10/20/30.
  Setup({"10001", "10002", "10003"}, {100, 400, 900}, v1::BALLOT_KIND_POINTS, 100);
  Points(0, {{"10001", 60}, {"10002", 40}});
  Points(1, {{"10002", 100}});
  Points(2, {{"10001", 50}, {"10003", 50}});
  // none: 10001 = 110, 10002 = 140, 10003 = 50
  EXPECT_THAT(Compact(Rank(Method::kPoints)),
              ::testing::ElementsAre("10002:1:140", "10001:2:110", "10003:3:50"));
  // population: 10001 = 60*100 + 50*900 = 51000; 10002 = 40*100 + 100*400 = 44000;
  // 10003 = 50*900 = 45000
  EXPECT_THAT(Compact(Rank(Method::kPoints, Weighting::kPopulation)),
              ::testing::ElementsAre("10001:1:51000", "10003:2:45000", "10002:3:44000"));
  // sqrt-population: 10001 = 60*10 + 50*30 = 2100; 10002 = 40*10 + 100*20 = 2400;
  // 10003 = 50*30 = 1500
  EXPECT_THAT(Compact(Rank(Method::kPoints, Weighting::kSqrtPopulation)),
              ::testing::ElementsAre("10002:1:2400", "10001:2:2100", "10003:3:1500"));
  const std::vector<RankingRow> rows = Rank(Method::kPoints, Weighting::kPopulation);
  EXPECT_EQ(rows[0].supporters, 2u);
  EXPECT_EQ(rows[0].population, 1000);
  EXPECT_EQ(rows[0].name, "Leistung 10001");
}

TEST_F(Golden, TiesShareARankAndCasesBreakTheOrder) {
  Setup({"10001", "10002", "10003", "10004"}, {1, 1, 1}, v1::BALLOT_KIND_POINTS, 10);
  Points(0, {{"10001", 5}, {"10002", 5}});
  Points(1, {{"10003", 5}, {"10002", 5}});
  Points(2, {{"10001", 5}, {"10003", 5}});
  // 10001, 10002, 10003 all score 10; cases order them: 10003 (300) > 10001 (200) >
  // 10002 (0); 10004 has no points and is listed last.
  NeedOf(0, "10001", v1::NEED_LEVEL_NOT_NEEDED, 200);  // counts for cases, not support
  NeedOf(1, "10003", v1::NEED_LEVEL_ALREADY_LIVE, 300);
  EXPECT_THAT(Compact(Rank(Method::kPoints)),
              ::testing::ElementsAre("10003:1:10=", "10001:1:10=", "10002:1:10=", "10004:4:0"));
  // need: 10001 and 10003 score 0 (not needed, already live): all four tie at 0.
  EXPECT_THAT(Compact(Rank(Method::kNeed)),
              ::testing::ElementsAre("10003:1:0=", "10001:1:0=", "10002:1:0=", "10004:1:0="));
  EXPECT_THAT(domain::ComputeRanking(h_.state, *h_.state.FindRound("r"), Method::kBorda,
                                     Weighting::kNone),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("method borda does not fit round \"r\", which takes points "
                                 "ballots; methods that fit: points, need")));
}

TEST_F(Golden, WithdrawnAndReplacedBallotsCountForNothing) {
  Setup({"10001", "10002"}, {1, 1}, v1::BALLOT_KIND_POINTS, 10);
  Points(0, {{"10001", 10}});
  Points(1, {{"10001", 4}, {"10002", 6}});
  Points(0, {{"10002", 10}});  // replaces the first ballot
  v1::WithdrawBallotRequest w;
  w.set_round_id("r");
  w.set_ags(ags_[1]);
  ASSERT_THAT(h_.Run(domain::DecideWithdrawBallot, w), IsOk());
  const std::vector<RankingRow> rows = Rank(Method::kPoints);
  EXPECT_THAT(Compact(rows), ::testing::ElementsAre("10002:1:10", "10001:2:0"));
  EXPECT_EQ(rows[0].supporters, 1u);
  EXPECT_EQ(rows[1].supporters, 0u);
}

TEST_F(Golden, NeedLevelsWeighted) {
  Setup({"10001", "10002"}, {100, 400}, v1::BALLOT_KIND_POINTS, 10);
  NeedOf(0, "10001", v1::NEED_LEVEL_REQUIRED, 10);  // 3
  NeedOf(1, "10001", v1::NEED_LEVEL_OPTIONAL, 10);  // 1
  NeedOf(1, "10002", v1::NEED_LEVEL_WANTED, 10);    // 2
  // none: 10001 = 4, 10002 = 2; population: 10001 = 300 + 400 = 700, 10002 = 800
  EXPECT_THAT(Compact(Rank(Method::kNeed)), ::testing::ElementsAre("10001:1:4", "10002:2:2"));
  EXPECT_THAT(Compact(Rank(Method::kNeed, Weighting::kPopulation)),
              ::testing::ElementsAre("10002:1:800", "10001:2:700"));
  const std::vector<RankingRow> rows = Rank(Method::kNeed);
  EXPECT_EQ(rows[0].required_by, 1u);
  EXPECT_EQ(rows[0].supporters, 2u);
  EXPECT_EQ(rows[0].cases, 20);
}

TEST_F(Golden, BordaWithTruncatedBallots) {
  Setup({"10001", "10002", "10003"}, {1, 1, 4}, v1::BALLOT_KIND_RANKED, 3);
  Ranked(0, "10001,10002,10003");  // 3, 2, 1
  Ranked(1, "10003");              // k = 1: 1
  Ranked(2, "10002,10001");        // k = 2: 2, 1 (weight 1, or √4 = 2)
  // none: 10001 = 3 + 1 = 4; 10002 = 2 + 2 = 4; 10003 = 1 + 1 = 2
  // 10001 and 10002 tie at 4; no cases, so the id orders them.
  EXPECT_THAT(Compact(Rank(Method::kBorda)),
              ::testing::ElementsAre("10001:1:4=", "10002:1:4=", "10003:3:2"));
  // sqrt-population: 10001 = 3 + 2 = 5; 10002 = 2 + 4 = 6; 10003 = 1 + 1 = 2
  EXPECT_THAT(Compact(Rank(Method::kBorda, Weighting::kSqrtPopulation)),
              ::testing::ElementsAre("10002:1:6", "10001:2:5", "10003:3:2"));
}

// The classic 45-voter example (Schulze 2011; Wikipedia "Schulze method"): Schulze
// orders E > A > C > B > D, while Borda puts B before C.
TEST_F(Golden, SchulzeAndBordaDisagreeOnTheClassicExample) {
  const std::map<char, std::string> id = {
      {'A', "10001"}, {'B', "10002"}, {'C', "10003"}, {'D', "10004"}, {'E', "10005"}};
  Setup({"10001", "10002", "10003", "10004", "10005"}, std::vector<int64_t>(45, 1),
        v1::BALLOT_KIND_RANKED, 5);
  const std::vector<std::pair<int, std::string>> groups = {
      {5, "ACBED"}, {5, "ADECB"}, {8, "BEDAC"}, {3, "CABED"},
      {7, "CAEBD"}, {2, "CBADE"}, {7, "DCEBA"}, {8, "EBADC"}};
  int voter = 0;
  for (const auto& [n, order] : groups) {
    std::vector<std::string> ids;
    for (char c : order) ids.push_back(id.at(c));
    for (int i = 0; i < n; ++i) Ranked(voter++, absl::StrJoin(ids, ","));
  }
  ASSERT_EQ(voter, 45);
  // Schulze: E beats 4, A 3, C 2, B 1, D 0.
  EXPECT_THAT(Compact(Rank(Method::kSchulze)),
              ::testing::ElementsAre("10005:1:4", "10001:2:3", "10003:3:2", "10002:4:1",
                                     "10004:5:0"));
  // Borda: E 147, A 143, B 137, C 134, D 114.
  EXPECT_THAT(Compact(Rank(Method::kBorda)),
              ::testing::ElementsAre("10005:1:147", "10001:2:143", "10002:3:137", "10003:4:134",
                                     "10004:5:114"));
  // The cache returns the same answer for the same round version.
  domain::SchulzeCache cache;
  auto first = domain::ComputeRanking(h_.state, *h_.state.FindRound("r"), Method::kSchulze,
                                      Weighting::kNone, &cache);
  auto second = domain::ComputeRanking(h_.state, *h_.state.FindRound("r"), Method::kSchulze,
                                       Weighting::kNone, &cache);
  ASSERT_THAT(first, IsOk());
  ASSERT_THAT(second, IsOk());
  EXPECT_EQ(Compact(*first), Compact(*second));
}

}  // namespace
}  // namespace prio
