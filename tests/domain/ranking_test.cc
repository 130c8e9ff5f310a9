// Hand-computed golden rankings (DESIGN "Ranking") and plans (DESIGN "Resource plan").
#include "server/domain/ranking.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/plan.h"
#include "vocabulary/size_class.h"
#include "testing/status_matchers.h"
#include "testing/survey.h"

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

// A small survey: services, municipalities with given populations, one round.
class Golden : public ::testing::Test {
 protected:
  void Setup(const std::vector<std::string>& services, const std::vector<int64_t>& populations,
             v1::BallotKind kind, uint32_t limit) {
    v1::ImportCatalogRequest catalog;
    v1::ImportResponsibilityRequest resp;
    for (const std::string& id : services) {
      *catalog.add_services() = MakeService(id, "Leistung " + id);
      v1::ResponsibilitySet* r = resp.add_entries();
      r->set_service_id(id);
      for (auto c : vocab::AllSizeClasses()) r->add_size_classes(c);
    }
    ASSERT_THAT(h_.Run(domain::DecideImportCatalog, catalog), IsOk());
    ASSERT_THAT(h_.Run(domain::DecideImportResponsibility, resp), IsOk());
    v1::ImportMunicipalitiesRequest munis;
    for (std::size_t i = 0; i < populations.size(); ++i) {
      ags_.push_back(absl::StrCat("05", 100000 + i));
      *munis.add_municipalities() = MakeMunicipality(
          ags_.back(), "M" + std::to_string(i), v1::SIZE_CLASS_KREISFREIE_STADT, populations[i]);
    }
    ASSERT_THAT(h_.Run(domain::DecideImportMunicipalities, munis), IsOk());
    v1::OpenRoundRequest open;
    v1::RoundOpened* round = open.mutable_round();
    round->set_round_id("r");
    round->set_title("golden");
    round->set_closes_at_us(Micros(h_.ctx.now + absl::Hours(24)));
    for (const std::string& id : services) round->mutable_scope()->mutable_services()->add_service_ids(id);
    for (const std::string& a : ags_) round->add_participants(a);
    round->mutable_ballot()->set_kind(kind);
    if (kind == v1::BALLOT_KIND_POINTS) {
      round->mutable_ballot()->set_budget(limit);
    } else {
      round->mutable_ballot()->set_max_ranks(limit);
    }
    round->set_plan_start_quarter("2027-Q1");
    round->set_horizon_quarters(4);
    ASSERT_THAT(h_.Run(domain::DecideOpenRound, open), IsOk());
  }

  void Points(int m, std::vector<std::pair<std::string, uint32_t>> points) {
    v1::CastBallotRequest r;
    r.set_round_id("r");
    r.set_ags(ags_[m]);
    for (auto& [id, n] : points) {
      v1::PointsAllocation* p = r.mutable_ballot()->add_points();
      p->set_service_id(id);
      p->set_points(n);
    }
    ASSERT_THAT(h_.Run(domain::DecideCastBallot, r), IsOk());
  }

  void Ranked(int m, const std::string& order) {  // "10003,10001"
    v1::CastBallotRequest r;
    r.set_round_id("r");
    r.set_ags(ags_[m]);
    for (absl::string_view id : absl::StrSplit(order, ',')) r.mutable_ballot()->add_ranked(std::string(id));
    ASSERT_THAT(h_.Run(domain::DecideCastBallot, r), IsOk());
  }

  void NeedOf(int m, const std::string& service, v1::NeedLevel level, int64_t cases,
              const std::string& quarter = "") {
    v1::SubmitNeedsRequest r;
    r.set_round_id("r");
    r.set_ags(ags_[m]);
    v1::Need* n = r.add_needs();
    n->set_service_id(service);
    n->set_level(level);
    n->set_yearly_cases(cases);
    n->set_department("Amt");
    n->set_desired_start_quarter(quarter);
    ASSERT_THAT(h_.Run(domain::DecideSubmitNeeds, r), IsOk());
  }

  // Team "T" with `per_quarter` person-days in each of the round's four quarters.
  static v1::DeclareCapacityRequest TeamCapacity(double per_quarter) {
    v1::DeclareCapacityRequest capacity;
    for (const char* q : {"2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"}) {
      v1::CapacityDeclared* c = capacity.add_teams();
      c->set_team("T");
      c->set_quarter(q);
      c->set_person_days(per_quarter);
    }
    return capacity;
  }

  std::vector<RankingRow> Rank(Method m, Weighting w = Weighting::kNone) {
    absl::StatusOr<std::vector<RankingRow>> r =
        domain::ComputeRanking(h_.state, *h_.state.FindRound("r"), m, w);
    EXPECT_THAT(r, IsOk());
    return r.ok() ? *r : std::vector<RankingRow>();
  }

  // "id:rank:score" for each row, for compact golden comparisons.
  static std::vector<std::string> Compact(const std::vector<RankingRow>& rows) {
    std::vector<std::string> out;
    for (const RankingRow& r : rows) {
      out.push_back(absl::StrCat(r.service_id, ":", r.rank, ":", r.score, r.tied ? "=" : ""));
    }
    return out;
  }

  DomainHarness h_;
  std::vector<std::string> ags_;
};

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

TEST_F(Golden, PlanSpillsOverRespectsDesiredStartsAndReportsOverflow) {
  Setup({"10001", "10002", "10003", "10004"}, {1, 1, 1}, v1::BALLOT_KIND_POINTS, 100);
  Points(0, {{"10001", 40}, {"10002", 30}, {"10003", 20}, {"10004", 10}});
  NeedOf(1, "10004", v1::NEED_LEVEL_REQUIRED, 5, "2027-Q4");  // wants to start late
  v1::SetEffortRequest effort;
  auto add_effort = [&](const std::string& id, double central, double onboarding) {
    v1::EffortEstimated* e = effort.add_efforts();
    e->set_service_id(id);
    e->set_team("T");
    e->set_central_person_days(central);
    e->set_onboarding_person_days(onboarding);
    e->set_onboarding_department("Bürgerbüro");
  };
  add_effort("10001", 150, 5);   // Q1 100 + Q2 50 -> rollout Q3
  add_effort("10002", 100, 2);   // Q2 50 + Q3 50 -> rollout Q4
  add_effort("10003", 300, 1);   // 150 left in Q3-Q4: unscheduled
  add_effort("10004", 20, 3);    // supporters want Q4 (and the ballot's giver: ASAP)
  ASSERT_THAT(h_.Run(domain::DecideSetEffort, effort), IsOk());
  v1::DeclareCapacityRequest capacity = TeamCapacity(100);
  v1::DepartmentCapacityDeclared* d = capacity.add_departments();
  d->set_ags(ags_[0]);
  d->set_department("Bürgerbüro");
  d->set_quarter("2027-Q3");
  d->set_person_days(4);  // 10001's rollout needs 5 there: over capacity
  ASSERT_THAT(h_.Run(domain::DecideDeclareCapacity, capacity), IsOk());

  const domain::Plan plan =
      domain::ComputePlan(h_.state, *h_.state.FindRound("r"), Rank(Method::kPoints));
  ASSERT_EQ(plan.services.size(), 4u);
  auto s = [&](int i) { return plan.services[static_cast<std::size_t>(i)]; };
  EXPECT_EQ(s(0).service_id, "10001");
  EXPECT_TRUE(s(0).scheduled);
  EXPECT_EQ(s(0).start.ToString(), "2027-Q1");
  EXPECT_EQ(s(0).end.ToString(), "2027-Q2");
  EXPECT_EQ(s(0).rollout.ToString(), "2027-Q3");
  EXPECT_EQ(s(1).start.ToString(), "2027-Q2");
  EXPECT_EQ(s(1).end.ToString(), "2027-Q3");
  EXPECT_FALSE(s(2).scheduled);
  EXPECT_THAT(s(2).reason, HasSubstr("needs 150 more person-days than T has left from 2027-Q1 to 2027-Q4"));
  // 10004: one supporter without a quarter (the ballot) means as early as possible; the
  // capacity left is in Q3 (50) .. Q4 (100): Q3.
  EXPECT_EQ(s(3).start.ToString(), "2027-Q3");
  EXPECT_EQ(s(3).municipalities.size(), 2u);
  // Team view: Q1 100/100, Q2 100/100, Q3 70/100, Q4 0/100.
  ASSERT_EQ(plan.teams.size(), 4u);
  EXPECT_DOUBLE_EQ(plan.teams[0].load, 100);
  EXPECT_DOUBLE_EQ(plan.teams[1].utilisation, 1.0);
  EXPECT_DOUBLE_EQ(plan.teams[2].load, 70);
  EXPECT_FALSE(plan.teams[2].over_allocated);
  // Departments: ags_[0] carries 5 days in Q3 over its declared 4.
  bool found = false;
  for (const domain::DepartmentQuarter& q : plan.departments) {
    if (q.ags == ags_[0] && q.quarter.ToString() == "2027-Q3") {
      found = true;
      EXPECT_DOUBLE_EQ(q.load, 5);
      EXPECT_TRUE(q.over_capacity);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(Golden, PlanStartsNoEarlierThanEveryDesiredStart) {
  Setup({"10001"}, {1, 1}, v1::BALLOT_KIND_POINTS, 100);
  NeedOf(0, "10001", v1::NEED_LEVEL_REQUIRED, 5, "2027-Q3");
  NeedOf(1, "10001", v1::NEED_LEVEL_WANTED, 5, "2027-Q2");
  v1::SetEffortRequest effort;
  v1::EffortEstimated* e = effort.add_efforts();
  e->set_service_id("10001");
  e->set_team("T");
  e->set_central_person_days(10);
  ASSERT_THAT(h_.Run(domain::DecideSetEffort, effort), IsOk());
  v1::DeclareCapacityRequest capacity;
  v1::CapacityDeclared* c = capacity.add_teams();
  c->set_team("T");
  c->set_quarter("2027-Q1");
  c->set_person_days(100);
  c = capacity.add_teams();
  c->set_team("T");
  c->set_quarter("2027-Q2");
  c->set_person_days(100);
  ASSERT_THAT(h_.Run(domain::DecideDeclareCapacity, capacity), IsOk());
  const domain::Plan plan =
      domain::ComputePlan(h_.state, *h_.state.FindRound("r"), Rank(Method::kNeed));
  ASSERT_EQ(plan.services.size(), 1u);
  EXPECT_TRUE(plan.services[0].scheduled);
  EXPECT_EQ(plan.services[0].start.ToString(), "2027-Q2");  // the earliest desired start
  EXPECT_EQ(plan.services[0].rollout.ToString(), "2027-Q3");
}

// Three municipalities, points: M0 and M1 give 10001 (X, 200 person-days) and 10002
// (Z, 100) 50 points each, M2 gives 10003 (Y, 100) its 100. Team T has 75 per quarter,
// 300 in the window. Greedy in ranking order (all tie at 100 points: by id) schedules
// X and Z and leaves Y, M2's only wish, without capacity. Equal shares of 300 (100
// per ballot, in 1/1000 person-days): ρ_X = 200000/100 = 2000, ρ_Z = ρ_Y = 1000; Z
// first (earlier in the ranking), M0 and M1 pay 50 each; X is then unaffordable (100
// left between them), Y is selected (ρ 1000, M2 pays 100); 100 remain, too little for
// X. The scheduler plans Z then Y.
TEST_F(Golden, EqualSharesPlanGivesEachBallotItsShare) {
  Setup({"10001", "10002", "10003"}, {1, 1, 1}, v1::BALLOT_KIND_POINTS, 100);
  Points(0, {{"10001", 50}, {"10002", 50}});
  Points(1, {{"10001", 50}, {"10002", 50}});
  Points(2, {{"10003", 100}});
  v1::SetEffortRequest effort;
  for (auto [id, days] : {std::pair{"10001", 200.0}, {"10002", 100.0}, {"10003", 100.0}}) {
    v1::EffortEstimated* e = effort.add_efforts();
    e->set_service_id(id);
    e->set_team("T");
    e->set_central_person_days(days);
  }
  ASSERT_THAT(h_.Run(domain::DecideSetEffort, effort), IsOk());
  v1::DeclareCapacityRequest capacity = TeamCapacity(75);
  ASSERT_THAT(h_.Run(domain::DecideDeclareCapacity, capacity), IsOk());
  const domain::RoundState& round = *h_.state.FindRound("r");
  const std::vector<RankingRow> rows = Rank(Method::kPoints);

  auto scheduled = [](const domain::Plan& plan) {
    std::vector<std::string> out;
    for (const domain::PlannedService& s : plan.services) {
      out.push_back(absl::StrCat(s.service_id, s.scheduled ? " " + s.start.ToString() : " -"));
    }
    return out;
  };
  const domain::PlanSelection greedy = domain::SelectForPlan(
      h_.state, round, rows, domain::Selection::kGreedy, Weighting::kNone, std::nullopt);
  EXPECT_THAT(scheduled(domain::ComputePlan(h_.state, round, greedy, rows)),
              ::testing::ElementsAre("10001 2027-Q1", "10002 2027-Q3", "10003 -"));

  const domain::PlanSelection shares = domain::SelectForPlan(
      h_.state, round, rows, domain::Selection::kEqualShares, Weighting::kNone, std::nullopt);
  EXPECT_DOUBLE_EQ(shares.budget_days, 300);
  EXPECT_DOUBLE_EQ(shares.spent_days, 200);
  EXPECT_EQ(shares.voters, 3u);
  const domain::Plan plan = domain::ComputePlan(h_.state, round, shares, rows);
  EXPECT_THAT(scheduled(plan), ::testing::ElementsAre("10002 2027-Q1", "10003 2027-Q2", "10001 -"));
  EXPECT_EQ(plan.services[0].selection_order, 1u);
  EXPECT_EQ(plan.services[0].rho, "1000");
  EXPECT_EQ(plan.services[1].selection_order, 2u);
  EXPECT_THAT(plan.services[2].reason, HasSubstr("not selected by equal shares (budget 300"));

  // A budget of 100 person-days: shares of 33.333; Z (100) is affordable to M0 and M1
  // together only up to 66.666, Y not to M2 (33.333): nothing by equal shares; the
  // completion takes Z, the first that fits, in ranking order after X (200 > 100).
  const domain::PlanSelection small = domain::SelectForPlan(
      h_.state, round, rows, domain::Selection::kEqualShares, Weighting::kNone, 100.0);
  EXPECT_EQ(small.selected.size(), 1u);
  ASSERT_TRUE(small.selected.contains("10002"));
  EXPECT_TRUE(small.selected.at("10002").by_completion);
}

}  // namespace
}  // namespace prio
