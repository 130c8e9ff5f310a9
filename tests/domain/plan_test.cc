// Hand-computed golden plans (plan.h): the scheduling rule, equal shares before it,
// implementation paths (own, EfA, market, live), yearly costs and deadlines.
#include "server/domain/plan.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/business.h"
#include "testing/status_matchers.h"
#include "tests/domain/golden_survey.h"

namespace prio {
namespace {

using domain::Method;
using domain::RankingRow;
using domain::Weighting;
using ::prio::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

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
  EXPECT_EQ(s(2).reason_code, v1::PLAN_REASON_NO_CAPACITY) << "for clients that say it in German";
  EXPECT_THAT(s(2).reason_args, ::testing::ElementsAre("150", "T", "2027-Q1", "2027-Q4"));
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
  EffortsOnT({{"10001", 200.0}, {"10002", 100.0}, {"10003", 100.0}});
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


// Capacity for `team` in each of the round's four quarters.
v1::DeclareCapacityRequest TeamCapacityOf(const std::string& team, double per_quarter) {
  v1::DeclareCapacityRequest capacity;
  for (const char* q : {"2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"}) {
    v1::CapacityDeclared* c = capacity.add_teams();
    c->set_team(team);
    c->set_quarter(q);
    c->set_person_days(per_quarter);
  }
  return capacity;
}

const domain::TeamQuarter& TeamAt(const domain::Plan& plan, const std::string& team,
                                  const std::string& quarter) {
  for (const domain::TeamQuarter& t : plan.teams) {
    if (t.team == team && t.quarter.ToString() == quarter) return t;
  }
  static const domain::TeamQuarter kNone;
  ADD_FAILURE() << "no " << team << " " << quarter;
  return kNone;
}

// 10002 is adopted as an EfA service from Hessen, available from 2027-Q2, integrated by
// team I (20 person-days a quarter) in 30 person-days: Q2 20 + Q3 10, rollout Q4. Its
// own-build estimate (team T, 200) does not count. Both municipalities onboard it in
// Q4 in the offering's department (2 each); its fee of 4,000 a year is 1,000 in Q4.
// 10001 (own build, T) starts in Q1 as before.
TEST_F(Golden, EfaIsScheduledFromItsAvailabilityOnItsIntegrationTeam) {
  Setup({"10001", "10002"}, {1, 1}, v1::BALLOT_KIND_POINTS, 100);
  Points(0, {{"10001", 60}, {"10002", 40}});
  Points(1, {{"10002", 100}});
  EffortsOnT({{"10001", 100.0}, {"10002", 200.0}});
  v1::SetOfferingsRequest offerings;
  v1::OfferingSet* o = offerings.add_offerings();
  o->set_service_id("10002");
  o->set_path(v1::IMPLEMENTATION_PATH_EFA);
  o->set_offered_by("Hessen");
  o->set_available_from("2027-q2");
  o->set_integration_team("I");
  o->set_integration_person_days(30);
  o->set_onboarding_person_days(2);
  o->set_onboarding_department("Bürgerbüro");
  o->set_yearly_cost_eur(4000);
  ASSERT_THAT(h_.Run(domain::DecideSetOfferings, offerings), IsOk());
  ASSERT_THAT(h_.Run(domain::DecideDeclareCapacity, TeamCapacityOf("T", 100)), IsOk());
  ASSERT_THAT(h_.Run(domain::DecideDeclareCapacity, TeamCapacityOf("I", 20)), IsOk());

  const domain::Plan plan =
      domain::ComputePlan(h_.state, *h_.state.FindRound("r"), Rank(Method::kPoints));
  ASSERT_EQ(plan.services.size(), 2u);
  const domain::PlannedService& efa = plan.services[0];  // 140 points
  EXPECT_EQ(efa.service_id, "10002");
  EXPECT_EQ(efa.path, v1::IMPLEMENTATION_PATH_EFA);
  EXPECT_EQ(efa.offered_by, "Hessen");
  EXPECT_EQ(efa.team, "I");
  EXPECT_DOUBLE_EQ(efa.central_days, 30);
  ASSERT_TRUE(efa.scheduled) << efa.reason;
  EXPECT_EQ(efa.start.ToString(), "2027-Q2");  // not before it is available
  EXPECT_EQ(efa.end.ToString(), "2027-Q3");
  EXPECT_EQ(efa.rollout.ToString(), "2027-Q4");
  const domain::PlannedService& own = plan.services[1];
  EXPECT_EQ(own.team, "T");
  EXPECT_EQ(own.start.ToString(), "2027-Q1");
  EXPECT_EQ(own.rollout.ToString(), "2027-Q2");

  EXPECT_DOUBLE_EQ(TeamAt(plan, "I", "2027-Q2").load, 20);
  EXPECT_DOUBLE_EQ(TeamAt(plan, "I", "2027-Q3").load, 10);
  EXPECT_DOUBLE_EQ(TeamAt(plan, "T", "2027-Q1").load, 100);
  EXPECT_DOUBLE_EQ(TeamAt(plan, "T", "2027-Q2").load, 0);  // the estimate is not built
  EXPECT_DOUBLE_EQ(TeamAt(plan, "I", "2027-Q3").running_cost_eur, 0);
  EXPECT_DOUBLE_EQ(TeamAt(plan, "I", "2027-Q4").running_cost_eur, 1000);
  int onboarding = 0;
  for (const domain::DepartmentQuarter& d : plan.departments) {
    if (d.quarter.ToString() == "2027-Q4" && d.department == "Bürgerbüro") {
      EXPECT_DOUBLE_EQ(d.load, 2);
      ++onboarding;
    }
  }
  EXPECT_EQ(onboarding, 2);

  // Available only after the window: not scheduled, and nothing taken from I.
  o->set_available_from("2028-Q1");
  ASSERT_THAT(h_.Run(domain::DecideSetOfferings, offerings), IsOk());
  const domain::Plan later =
      domain::ComputePlan(h_.state, *h_.state.FindRound("r"), Rank(Method::kPoints));
  EXPECT_FALSE(later.services[0].scheduled);
  EXPECT_THAT(later.services[0].reason,
              HasSubstr("available from 2028-Q1, after the planning window (2027-Q4)"));
  EXPECT_DOUBLE_EQ(TeamAt(later, "I", "2027-Q2").load, 0);
}

// A market product costs its integration effort and a licence from the rollout on; a
// live service takes nothing and is never selected by equal shares; an own build
// without an estimate cannot be scheduled.
TEST_F(Golden, MarketProductsCarryLicencesAndLiveServicesTakeNothing) {
  Setup({"10001", "10002", "10003"}, {1}, v1::BALLOT_KIND_POINTS, 100);
  Points(0, {{"10001", 50}, {"10002", 30}, {"10003", 20}});
  v1::SetOfferingsRequest offerings;
  v1::OfferingSet* market = offerings.add_offerings();
  market->set_service_id("10001");
  market->set_path(v1::IMPLEMENTATION_PATH_MARKET);
  market->set_offered_by("Vendor X");
  market->set_integration_team("I");
  market->set_integration_person_days(10);
  market->set_yearly_cost_eur(800);
  v1::OfferingSet* live = offerings.add_offerings();
  live->set_service_id("10002");
  live->set_path(v1::IMPLEMENTATION_PATH_LIVE);
  ASSERT_THAT(h_.Run(domain::DecideSetOfferings, offerings), IsOk());
  ASSERT_THAT(h_.Run(domain::DecideDeclareCapacity, TeamCapacityOf("I", 50)), IsOk());
  const domain::RoundState& round = *h_.state.FindRound("r");
  const std::vector<RankingRow> rows = Rank(Method::kPoints);

  const domain::Plan plan = domain::ComputePlan(h_.state, round, rows);
  ASSERT_EQ(plan.services.size(), 3u);
  EXPECT_TRUE(plan.services[0].scheduled);
  EXPECT_EQ(plan.services[0].rollout.ToString(), "2027-Q2");
  EXPECT_DOUBLE_EQ(TeamAt(plan, "I", "2027-Q1").running_cost_eur, 0);
  for (const char* q : {"2027-Q2", "2027-Q3", "2027-Q4"}) {
    EXPECT_DOUBLE_EQ(TeamAt(plan, "I", q).running_cost_eur, 200) << q;
  }
  EXPECT_FALSE(plan.services[1].scheduled);
  EXPECT_EQ(plan.services[1].path, v1::IMPLEMENTATION_PATH_LIVE);
  EXPECT_THAT(plan.services[1].reason, HasSubstr("live: already available"));
  EXPECT_EQ(plan.services[2].reason, "no effort estimate");
  EXPECT_EQ(plan.services[2].reason_code, v1::PLAN_REASON_NO_EFFORT);

  // Equal shares over 100 person-days: the product costs its 10, the live service is
  // not a project (it would cost nothing and take the ballot's share otherwise).
  const domain::PlanSelection shares = domain::SelectForPlan(
      h_.state, round, rows, domain::Selection::kEqualShares, Weighting::kNone, 100.0);
  EXPECT_EQ(shares.selected.size(), 1u);
  EXPECT_TRUE(shares.selected.contains("10001"));
  EXPECT_DOUBLE_EQ(shares.spent_days, 10);
}

// Team T has 100 a quarter. A (100, first in the ranking), B (100, deadline 2027-Q2)
// and C (500, deadline 2027-Q4: never fits). In ranking order A rolls out in Q2, B in
// Q3, one quarter late, and C misses its deadline unscheduled. With deadlines first: B
// (Q1, rollout Q2: in time), then C (still too big), then A (Q2).
TEST_F(Golden, DeadlinesAreFlaggedAndCanBeScheduledFirst) {
  Setup({"10001", "10002", "10003"}, {1}, v1::BALLOT_KIND_POINTS, 100);
  Points(0, {{"10001", 50}, {"10002", 30}, {"10003", 20}});
  EffortsOnT({{"10001", 100.0}, {"10002", 100.0}, {"10003", 500.0}});
  ASSERT_THAT(h_.Run(domain::DecideDeclareCapacity, TeamCapacityOf("T", 100)), IsOk());
  v1::SetDeadlinesRequest deadlines;
  for (auto [id, q, kind] : {std::tuple{"10002", "2027-Q2", v1::DEADLINE_KIND_PROVIDER},
                             {"10003", "2027-Q4", v1::DEADLINE_KIND_STATE}}) {
    v1::DeadlineSet* d = deadlines.add_deadlines();
    d->set_service_id(id);
    d->set_quarter(q);
    d->set_kind(kind);
    d->set_source("Beschluss");
  }
  ASSERT_THAT(h_.Run(domain::DecideSetDeadlines, deadlines), IsOk());
  const domain::RoundState& round = *h_.state.FindRound("r");
  const std::vector<RankingRow> rows = Rank(Method::kPoints);
  auto summary = [](const domain::Plan& plan) {
    std::vector<std::string> out;
    for (const domain::PlannedService& s : plan.services) {
      out.push_back(absl::StrCat(s.service_id, " ", s.scheduled ? s.rollout.ToString() : "-",
                                 s.misses_deadline ? absl::StrCat(" late ", s.quarters_late) : ""));
    }
    return out;
  };

  const domain::Plan ranked = domain::ComputePlan(h_.state, round, rows);
  EXPECT_THAT(summary(ranked), ElementsAre("10001 2027-Q2", "10002 2027-Q3 late 1", "10003 - late 0"));
  EXPECT_EQ(ranked.deadlines_missed, 2u);
  EXPECT_EQ(ranked.services[1].deadline->ToString(), "2027-Q2");
  EXPECT_EQ(ranked.services[1].deadline_kind, v1::DEADLINE_KIND_PROVIDER);

  const domain::PlanSelection greedy = domain::SelectForPlan(
      h_.state, round, rows, domain::Selection::kGreedy, Weighting::kNone, std::nullopt);
  const domain::Plan first =
      domain::ComputePlan(h_.state, round, greedy, rows, {.deadlines_first = true});
  EXPECT_THAT(summary(first), ElementsAre("10002 2027-Q2", "10003 - late 0", "10001 2027-Q3"));
  EXPECT_EQ(first.deadlines_missed, 1u);
  EXPECT_TRUE(first.deadlines_first);

  // Removing a deadline: B is an ordinary service again.
  v1::SetDeadlinesRequest clear;
  clear.add_deadlines()->set_service_id("10002");
  ASSERT_THAT(h_.Run(domain::DecideSetDeadlines, clear), IsOk());
  EXPECT_FALSE(h_.state.deadlines().contains("10002"));
  const domain::Plan cleared =
      domain::ComputePlan(h_.state, round, greedy, rows, {.deadlines_first = true});
  EXPECT_THAT(summary(cleared), ElementsAre("10003 - late 0", "10001 2027-Q2", "10002 2027-Q3"));
}

// A deadline binds whether or not anybody asked: a service with one that no participant
// supports is listed as missing it. An EfA product available only after the window is
// not an equal-shares project (it could not be scheduled), so it spends no budget.
TEST_F(Golden, UnsupportedDeadlinesAndLateProductsAreShownNotHidden) {
  Setup({"10001", "10002", "10003"}, {1}, v1::BALLOT_KIND_POINTS, 100);
  Points(0, {{"10001", 60}, {"10002", 40}});
  EffortsOnT({{"10001", 50.0}, {"10003", 10.0}});
  ASSERT_THAT(h_.Run(domain::DecideDeclareCapacity, TeamCapacity(100)), IsOk());
  v1::SetOfferingsRequest offerings;
  v1::OfferingSet* o = offerings.add_offerings();
  o->set_service_id("10002");
  o->set_path(v1::IMPLEMENTATION_PATH_EFA);
  o->set_available_from("2028-Q2");
  o->set_integration_team("T");
  o->set_integration_person_days(10);
  ASSERT_THAT(h_.Run(domain::DecideSetOfferings, offerings), IsOk());
  v1::SetDeadlinesRequest deadlines;
  v1::DeadlineSet* d = deadlines.add_deadlines();
  d->set_service_id("10003");
  d->set_quarter("2027-Q4");
  d->set_kind(v1::DEADLINE_KIND_OZG_BUSINESS);
  d->set_source("OZG § 1a Abs. 1 Satz 2");
  ASSERT_THAT(h_.Run(domain::DecideSetDeadlines, deadlines), IsOk());
  const domain::RoundState& round = *h_.state.FindRound("r");
  const std::vector<RankingRow> rows = Rank(Method::kPoints);

  const domain::Plan plan = domain::ComputePlan(h_.state, round, rows);
  ASSERT_EQ(plan.services.size(), 3u);
  const domain::PlannedService& unasked = plan.services[2];
  EXPECT_EQ(unasked.service_id, "10003");
  EXPECT_FALSE(unasked.scheduled);
  EXPECT_EQ(unasked.reason, "no participant supports it");
  EXPECT_TRUE(unasked.misses_deadline);
  EXPECT_TRUE(unasked.municipalities.empty());
  EXPECT_EQ(plan.deadlines_missed, 1u);

  const domain::PlanSelection shares = domain::SelectForPlan(
      h_.state, round, rows, domain::Selection::kEqualShares, Weighting::kNone, 100.0);
  EXPECT_FALSE(shares.selected.contains("10002"));  // available only after 2027-Q4
  EXPECT_TRUE(shares.selected.contains("10001"));
  EXPECT_DOUBLE_EQ(shares.spent_days, 50);
}

TEST(Business, TheSourcedUnternehmenslagenMakeBusinessServices) {
  v1::Service s;
  s.set_themenfeld("Unternehmensführung & -entwicklung");
  s.set_lebenslage("Unternehmensstart & Gewerbezulassung");
  EXPECT_TRUE(domain::IsBusinessService(s));
  s.set_lebenslage("");  // another catalogue's Lagen: the Themenfeld decides
  EXPECT_TRUE(domain::IsBusinessService(s));
  s.set_themenfeld("Querschnitt");
  s.set_lebenslage("Querschnitt Unternehmen");
  EXPECT_TRUE(domain::IsBusinessService(s));
  s.set_lebenslage("Querschnitt Bürger");
  EXPECT_FALSE(domain::IsBusinessService(s));
  s.set_themenfeld("Bauen & Wohnen");  // not sourced as an Unternehmenslage
  s.set_lebenslage("Bauen & Immobilien");
  EXPECT_FALSE(domain::IsBusinessService(s));
}

}  // namespace
}  // namespace prio
