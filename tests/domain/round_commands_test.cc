// The rules of survey rounds: open, extend, close, change the ballot rules.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "testing/survey.h"

namespace prio {
namespace {

using ::prio::testing::DomainHarness;
using ::prio::testing::ExpectRules;
using ::prio::testing::IsOk;
using ::prio::testing::Micros;
using ::prio::testing::StatusIs;
using ::testing::HasSubstr;
using Code = absl::StatusCode;

class RoundCommands : public ::testing::Test {
 protected:
  void SetUp() override { testing::SeedSurvey(h_); }

  v1::OpenRoundRequest Open() const {
    v1::OpenRoundRequest r;
    v1::RoundOpened* round = r.mutable_round();
    round->set_round_id("2027-krz");
    round->set_title("Bedarfsabfrage 2027");
    round->set_closes_at_us(Micros(h_.ctx.now + absl::Hours(24 * 14)));
    round->mutable_scope()->mutable_services()->add_service_ids("10001");
    round->add_participants("05758004");
    round->mutable_ballot()->set_kind(v1::BALLOT_KIND_POINTS);
    round->mutable_ballot()->set_budget(10);
    round->set_plan_start_quarter("2027-q2");
    round->set_horizon_quarters(8);
    return r;
  }

  DomainHarness h_;
};

TEST_F(RoundCommands, OpenRoundValidation) {
  using R = v1::OpenRoundRequest;
  const int64_t now = Micros(h_.ctx.now);
  ExpectRules<R>(h_, domain::DecideOpenRound, Open(), {
      {"taken id", [](R& r) { r.mutable_round()->set_round_id("points"); }, Code::kAlreadyExists, "round \"points\" already exists"},
      {"empty id", [](R& r) { r.mutable_round()->set_round_id(""); }, Code::kInvalidArgument, "must be 1-63 characters"},
      {"upper case id", [](R& r) { r.mutable_round()->set_round_id("Runde"); }, Code::kInvalidArgument, "only a-z, 0-9 and '-'"},
      {"id like answers", [](R& r) { r.mutable_round()->set_round_id("x-05758004"); }, Code::kInvalidArgument, "reserved for municipality streams"},
      {"long id", [](R& r) { r.mutable_round()->set_round_id(std::string(64, 'a')); }, Code::kInvalidArgument, "1-63"},
      {"no title", [](R& r) { r.mutable_round()->clear_title(); }, Code::kInvalidArgument, "round.title: is required"},
      {"long title", [](R& r) { r.mutable_round()->set_title(std::string(201, 't')); }, Code::kInvalidArgument, "round.title: must be 1-200 characters"},
      {"closes before opens", [now](R& r) { r.mutable_round()->set_opens_at_us(now + 10); r.mutable_round()->set_closes_at_us(now + 5); }, Code::kInvalidArgument, "must close after it opens"},
      {"closes in the past", [now](R& r) { r.mutable_round()->set_opens_at_us(now - 100); r.mutable_round()->set_closes_at_us(now - 10); }, Code::kInvalidArgument, "is in the past"},
      {"no scope", [](R& r) { r.mutable_round()->clear_scope(); }, Code::kInvalidArgument, "round.scope: list the services"},
      {"empty scope", [](R& r) { r.mutable_round()->mutable_scope()->mutable_services()->clear_service_ids(); }, Code::kInvalidArgument, "list 1-10000 services, got 0"},
      {"unknown service", [](R& r) { r.mutable_round()->mutable_scope()->mutable_services()->add_service_ids("55555"); }, Code::kNotFound, "round.scope.services[1]: service 55555 is not in the catalogue"},
      {"retired service", [](R& r) { r.mutable_round()->mutable_scope()->mutable_services()->add_service_ids("10009"); }, Code::kFailedPrecondition, "has been retired"},
      {"duplicate service", [](R& r) { r.mutable_round()->mutable_scope()->mutable_services()->add_service_ids("10001"); }, Code::kInvalidArgument, "appears twice"},
      {"responsible false", [](R& r) { r.mutable_round()->mutable_scope()->set_responsible_services(false); }, Code::kInvalidArgument, "set it to true"},
      {"no participants", [](R& r) { r.mutable_round()->clear_participants(); }, Code::kInvalidArgument, "round.participants: list 1-20000"},
      {"unknown participant", [](R& r) { r.mutable_round()->add_participants("05999000"); }, Code::kNotFound, "05999000 is not registered"},
      {"bad participant", [](R& r) { r.mutable_round()->add_participants("abc"); }, Code::kInvalidArgument, "round.participants[1]"},
      {"duplicate participant", [](R& r) { r.mutable_round()->add_participants("05758004"); }, Code::kInvalidArgument, "appears twice"},
      {"no ballot kind", [](R& r) { r.mutable_round()->clear_ballot(); }, Code::kInvalidArgument, "round.ballot.kind: must be points or ranked"},
      {"zero budget", [](R& r) { r.mutable_round()->mutable_ballot()->set_budget(0); }, Code::kInvalidArgument, "budget of 1-1000000 points, got 0"},
      {"budget and ranks", [](R& r) { r.mutable_round()->mutable_ballot()->set_max_ranks(3); }, Code::kInvalidArgument, "only ranked ballots have a maximum length"},
      {"ranked without max", [](R& r) { r.mutable_round()->mutable_ballot()->set_kind(v1::BALLOT_KIND_RANKED); r.mutable_round()->mutable_ballot()->set_budget(0); }, Code::kInvalidArgument, "maximum length of 1-1000, got 0"},
      {"bad quarter", [](R& r) { r.mutable_round()->set_plan_start_quarter("2027"); }, Code::kInvalidArgument, "round.plan_start_quarter"},
      {"zero horizon", [](R& r) { r.mutable_round()->set_horizon_quarters(0); }, Code::kInvalidArgument, "horizon_quarters: must be 1-40, got 0"},
      {"long horizon", [](R& r) { r.mutable_round()->set_horizon_quarters(41); }, Code::kInvalidArgument, "must be 1-40"},
      {"bad visibility", [](R& r) { r.mutable_round()->set_results(static_cast<v1::ResultsVisibility>(7)); }, Code::kInvalidArgument, "internal, public or after-close"},
  });
  // The valid request: opens now, quarter normalised, results default internal.
  ASSERT_THAT(h_.Run(domain::DecideOpenRound, Open()), IsOk());
  const domain::RoundState* round = h_.state.FindRound("2027-krz");
  ASSERT_NE(round, nullptr);
  EXPECT_EQ(round->round.opens_at_us(), now);
  EXPECT_EQ(round->round.plan_start_quarter(), "2027-Q2");
  EXPECT_EQ(round->round.results(), v1::RESULTS_VISIBILITY_INTERNAL);
}

TEST_F(RoundCommands, ExtendAndClose) {
  using R = v1::ExtendRoundRequest;
  const int64_t closes = h_.state.FindRound("points")->round.closes_at_us();
  R base;
  base.set_round_id("points");
  base.set_closes_at_us(closes + 1'000'000);
  ExpectRules<R>(h_, domain::DecideExtendRound, base, {
      {"unknown", [](R& r) { r.set_round_id("nope"); }, Code::kNotFound, "does not exist"},
      {"closed", [](R& r) { r.set_round_id("closed"); }, Code::kFailedPrecondition, "was closed on"},
      {"not later", [closes](R& r) { r.set_closes_at_us(closes); }, Code::kInvalidArgument, "is not later than the current closing time"},
  });
  ASSERT_THAT(h_.Run(domain::DecideExtendRound, base), IsOk());
  EXPECT_EQ(h_.state.FindRound("points")->round.closes_at_us(), closes + 1'000'000);

  v1::CloseRoundRequest close;
  close.set_round_id("points");
  ASSERT_THAT(h_.Run(domain::DecideCloseRound, close), IsOk());
  EXPECT_THAT(h_.Run(domain::DecideCloseRound, close),
              StatusIs(Code::kFailedPrecondition, HasSubstr("was closed on 2027-01-15 12:00 UTC")));
  EXPECT_THAT(h_.Run(domain::DecideExtendRound, base), StatusIs(Code::kFailedPrecondition));
}

// CONSUL let admins switch voting rules mid-vote; prio does not.
TEST_F(RoundCommands, BallotRulesLockOnceABallotWasCast) {
  v1::ChangeBallotRulesRequest change;
  change.set_round_id("points");
  change.mutable_ballot()->set_kind(v1::BALLOT_KIND_RANKED);
  change.mutable_ballot()->set_max_ranks(5);
  ASSERT_THAT(h_.Run(domain::DecideChangeBallotRules, change), IsOk());
  EXPECT_EQ(h_.state.FindRound("points")->round.ballot().kind(), v1::BALLOT_KIND_RANKED);

  v1::CastBallotRequest cast;
  cast.set_round_id("points");
  cast.set_ags("05758004");
  cast.mutable_ballot()->add_ranked("10001");
  ASSERT_THAT(h_.Run(domain::DecideCastBallot, cast), IsOk());
  v1::WithdrawBallotRequest withdraw;
  withdraw.set_round_id("points");
  withdraw.set_ags("05758004");
  ASSERT_THAT(h_.Run(domain::DecideWithdrawBallot, withdraw), IsOk());

  // Even after the ballot was withdrawn, the rules it was cast under stay.
  change.mutable_ballot()->set_max_ranks(2);
  EXPECT_THAT(h_.Run(domain::DecideChangeBallotRules, change),
              StatusIs(Code::kFailedPrecondition,
                       HasSubstr("cannot change: 1 ballot(s) have already been cast")));
  EXPECT_EQ(h_.state.FindRound("points")->round.ballot().max_ranks(), 5u);
}

}  // namespace
}  // namespace prio
