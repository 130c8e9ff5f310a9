// The Method of Equal Shares: golden cases computed by hand (each comment shows the
// arithmetic), and properties over random rounds.
#include "server/domain/equal_shares.h"

#include <random>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace prio::domain {
namespace {

using ::testing::ElementsAre;

EqualSharesVoter Voter(std::string id, std::vector<std::pair<std::size_t, int64_t>> u,
                       int64_t weight = 1) {
  return {.id = std::move(id), .weight = weight, .utilities = std::move(u)};
}

std::vector<std::size_t> Picks(const EqualSharesResult& r) {
  std::vector<std::size_t> out;
  for (const EqualSharesPick& p : r.selected) out.push_back(p.project);
  return out;
}

// Budget 300, three voters (shares 100 each). In ranking order X (cost 200, voters 1
// and 2), Z (100, voters 1 and 2), Y (100, voter 3). Greedy in ranking order takes X
// and Z and spends everything on the majority. Equal Shares: ρ_X = 200/2 = 100,
// ρ_Z = 100/2 = 50, ρ_Y = 100/1 = 100: Z first (voters 1 and 2 pay 50 each); then X
// is unaffordable (they hold 100 together), Y has ρ 100 (voter 3 pays 100). The
// minority gets its project; 100 remain, too little for X.
TEST(EqualSharesTest, GivesTheMinorityItsShareWhereGreedyWouldNot) {
  EqualSharesInput in{.budget = 300,
                      .projects = {{"X", 200}, {"Z", 100}, {"Y", 100}},
                      .voters = {Voter("1", {{0, 1}, {1, 1}}), Voter("2", {{0, 1}, {1, 1}}),
                                 Voter("3", {{2, 1}})}};
  EqualSharesResult r = SelectEqualShares(in);
  EXPECT_THAT(Picks(r), ElementsAre(1, 2));
  EXPECT_THAT(r.shares, ElementsAre(100, 100, 100));
  EXPECT_THAT(r.paid, ElementsAre(50, 50, 100));
  EXPECT_EQ(r.spent, 200);
  EXPECT_EQ(r.selected[0].rho_numerator, 50);
  EXPECT_EQ(r.selected[0].rho_denominator, 1);
  EXPECT_FALSE(r.selected[1].by_completion);
}

// Two projects with the same ρ (cost 40, one voter each with utility 1, shares 50):
// the earlier one in ranking order goes first; both are selected.
TEST(EqualSharesTest, EqualRhoGoesToTheEarlierProjectInRankingOrder) {
  EqualSharesInput in{.budget = 100,
                      .projects = {{"A", 40}, {"B", 40}},
                      .voters = {Voter("1", {{1, 1}}), Voter("2", {{0, 1}})}};
  EXPECT_THAT(Picks(SelectEqualShares(in)), ElementsAre(0, 1));
}

// Budget 90, shares 30 each. P costs 60; voter C values it 4, A and B 1 each. Sorted
// by r/u: C 30/4, A 30/1, B 30/1. ρ = 60/6 = 10 would charge C 40 > 30, so C pays all
// its 30; then ρ = (60-30)/2 = 15 for A and B (15 each, within their 30).
TEST(EqualSharesTest, ASupporterWhoRunsOutPaysAllItHasLeft) {
  EqualSharesInput in{.budget = 90,
                      .projects = {{"P", 60}},
                      .voters = {Voter("A", {{0, 1}}), Voter("B", {{0, 1}}), Voter("C", {{0, 4}})}};
  EqualSharesResult r = SelectEqualShares(in);
  EXPECT_THAT(Picks(r), ElementsAre(0));
  EXPECT_THAT(r.paid, ElementsAre(15, 15, 30));
  EXPECT_EQ(r.selected[0].rho_numerator, 15);
  EXPECT_EQ(r.selected[0].rho_denominator, 1);
}

// Cost 100 over three equal supporters: ρ = 100/3, each owes 33 1/3; floors 33+33+33
// leave one unit, which goes to the largest fractional part, ties to the lower index.
TEST(EqualSharesTest, PaymentsAreWholeUnitsThatAddUpToTheCostExactly) {
  EqualSharesInput in{.budget = 300,
                      .projects = {{"P", 100}},
                      .voters = {Voter("1", {{0, 1}}), Voter("2", {{0, 1}}), Voter("3", {{0, 1}})}};
  EqualSharesResult r = SelectEqualShares(in);
  EXPECT_THAT(r.paid, ElementsAre(34, 33, 33));
  EXPECT_EQ(r.selected[0].rho_numerator, 100);
  EXPECT_EQ(r.selected[0].rho_denominator, 3);
}

// Budget 100, shares 50. P (cost 60) is A's alone: A holds only 50, so Equal Shares
// cannot select it. Q (cost 30) is B's: selected, B pays 30. Completion: 70 are left,
// P fits, so it is selected by the greedy completion.
TEST(EqualSharesTest, CompletionSpendsWhatIsLeftInRankingOrder) {
  EqualSharesInput in{.budget = 100,
                      .projects = {{"P", 60}, {"Q", 30}, {"R", 5}},
                      .voters = {Voter("A", {{0, 1}}), Voter("B", {{1, 1}})}};
  EqualSharesResult r = SelectEqualShares(in);
  EXPECT_THAT(Picks(r), ElementsAre(1, 0));  // R has no supporter: never selected
  EXPECT_FALSE(r.selected[0].by_completion);
  EXPECT_TRUE(r.selected[1].by_completion);
  EXPECT_EQ(r.spent, 90);
  EXPECT_THAT(r.paid, ElementsAre(0, 30));
}

// Weights 3 and 1 of budget 100: shares 75 and 25. A's P (cost 70) is affordable, B's
// Q (cost 30) is not (25); after P, 30 are left and the completion takes Q. With equal
// weights (50 each) B can pay Q alone (ρ 30) but A cannot pay P (70 > 50); the
// completion then takes P, which fits the 70 left.
TEST(EqualSharesTest, WeightsSplitTheBudget) {
  EqualSharesInput in{.budget = 100,
                      .projects = {{"Q", 30}, {"P", 70}},
                      .voters = {Voter("A", {{1, 1}}, 3), Voter("B", {{0, 1}}, 1)}};
  EqualSharesResult r = SelectEqualShares(in);
  EXPECT_THAT(r.shares, ElementsAre(75, 25));
  EXPECT_THAT(Picks(r), ElementsAre(1, 0));
  EXPECT_TRUE(r.selected[1].by_completion);
  in.voters[0].weight = 1;
  r = SelectEqualShares(in);
  EXPECT_THAT(r.shares, ElementsAre(50, 50));
  EXPECT_THAT(Picks(r), ElementsAre(0, 1));
  EXPECT_FALSE(r.selected[0].by_completion);
  EXPECT_TRUE(r.selected[1].by_completion);
}

// A project no voter supports but that is wanted otherwise (a need) is left to the
// completion: 10 of 30 are left after A's P, so W (cost 10) is taken, V (not wanted)
// never.
TEST(EqualSharesTest, TheCompletionAlsoTakesWantedProjectsNoVoterNamed) {
  EqualSharesInput in{.budget = 30,
                      .projects = {{.id = "V", .cost = 5}, {.id = "W", .cost = 10, .wanted = true},
                                   {.id = "P", .cost = 20}},
                      .voters = {Voter("A", {{2, 1}})}};
  EqualSharesResult r = SelectEqualShares(in);
  EXPECT_THAT(Picks(r), ElementsAre(2, 1));
  EXPECT_TRUE(r.selected[1].by_completion);
  EXPECT_EQ(r.spent, 30);
}

// A project that costs nothing is selected at ρ 0 by anyone who supports it.
TEST(EqualSharesTest, AFreeProjectIsSelectedFirst) {
  EqualSharesInput in{.budget = 10,
                      .projects = {{"paid", 10}, {"free", 0}},
                      .voters = {Voter("1", {{0, 1}, {1, 1}})}};
  EqualSharesResult r = SelectEqualShares(in);
  EXPECT_THAT(Picks(r), ElementsAre(1, 0));
  EXPECT_EQ(r.selected[0].rho_numerator, 0);
}

// Over random rounds: never over budget, nobody pays more than its share, a project
// nobody supports is never selected, payments add up to the equal-shares costs, and
// no project is selected twice.
TEST(EqualSharesTest, PropertiesHoldOverRandomRounds) {
  std::mt19937_64 rng(20261202);
  for (int round = 0; round < 300; ++round) {
    const std::size_t projects = 1 + rng() % 25;
    const std::size_t voters = 1 + rng() % 40;
    EqualSharesInput in;
    in.budget = static_cast<int64_t>(rng() % 100'000);
    for (std::size_t j = 0; j < projects; ++j) {
      const bool wanted = rng() % 4 == 0;
      in.projects.push_back(
          {.id = std::to_string(j), .cost = static_cast<int64_t>(rng() % 30'000), .wanted = wanted});
    }
    std::set<std::size_t> supported, voted;
    for (std::size_t j = 0; j < projects; ++j) {
      if (in.projects[j].wanted) supported.insert(j);
    }
    for (std::size_t i = 0; i < voters; ++i) {
      EqualSharesVoter v{.id = std::to_string(i), .weight = 1 + static_cast<int64_t>(rng() % 1000)};
      for (std::size_t j = 0; j < projects; ++j) {
        if (rng() % 3 == 0) {
          v.utilities.push_back({j, 1 + static_cast<int64_t>(rng() % 100)});
          supported.insert(j);
          voted.insert(j);
        }
      }
      in.voters.push_back(std::move(v));
    }
    const EqualSharesResult r = SelectEqualShares(in);
    EXPECT_LE(r.spent, in.budget) << round;
    int64_t paid = 0, completion = 0, share_sum = 0;
    for (std::size_t i = 0; i < voters; ++i) {
      EXPECT_GE(r.paid[i], 0);
      EXPECT_LE(r.paid[i], r.shares[i]) << round << " voter " << i;
      paid += r.paid[i];
      share_sum += r.shares[i];
    }
    EXPECT_LE(share_sum, in.budget);
    std::set<std::size_t> seen;
    for (const EqualSharesPick& p : r.selected) {
      EXPECT_TRUE(supported.contains(p.project)) << round;
      if (!p.by_completion) {
        EXPECT_TRUE(voted.contains(p.project)) << round;
      }
      EXPECT_TRUE(seen.insert(p.project).second) << round;
      if (p.by_completion) completion += in.projects[p.project].cost;
    }
    EXPECT_EQ(paid + completion, r.spent) << round;
  }
}

}  // namespace
}  // namespace prio::domain
