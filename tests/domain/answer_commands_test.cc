// The rules of a municipality's answers: one table per command, each row a request
// that must fail with a given code and message, and must change nothing.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "testing/survey.h"

namespace prio {
namespace {

using ::prio::testing::DomainHarness;
using ::prio::testing::IsOk;
using ::prio::testing::StatusIs;
using ::testing::HasSubstr;
using Code = absl::StatusCode;

class AnswerCommands : public ::testing::Test {
 protected:
  void SetUp() override { testing::SeedSurvey(h_); }

  static v1::SubmitNeedsRequest Needs(const std::string& round, const std::string& ags) {
    v1::SubmitNeedsRequest r;
    r.set_round_id(round);
    r.set_ags(ags);
    v1::Need* n = r.add_needs();
    n->set_service_id("10001");
    n->set_level(v1::NEED_LEVEL_REQUIRED);
    n->set_desired_start_quarter("2027-Q3");
    n->set_yearly_cases(1200);
    n->set_department("Bürgerbüro");
    n->set_comment("Eilt: viele Anträge.\nBitte früh.");
    return r;
  }

  DomainHarness h_;
};

TEST_F(AnswerCommands, SubmitNeedsValidation) {
  using R = v1::SubmitNeedsRequest;
  const R base = Needs("points", "05758004");
  ASSERT_THAT(domain::DecideSubmitNeeds(h_.state, base, h_.ctx), IsOk());
  testing::ExpectRules<R>(h_, domain::DecideSubmitNeeds, base, {
      {"unknown round", [](R& r) { r.set_round_id("nope"); }, Code::kNotFound, "round \"nope\" does not exist"},
      {"bad round id", [](R& r) { r.set_round_id("Bad Id"); }, Code::kInvalidArgument, "may contain only"},
      {"not yet open", [](R& r) { r.set_round_id("future"); }, Code::kFailedPrecondition, "is not open yet; it opens on 2027-02-14"},
      {"closed", [](R& r) { r.set_round_id("closed"); }, Code::kFailedPrecondition, "was closed on"},
      {"bad ags", [](R& r) { r.set_ags("5758004"); }, Code::kInvalidArgument, "exactly 8 digits"},
      {"unknown municipality", [](R& r) { r.set_ags("05999999"); }, Code::kNotFound, "05999999 is not registered"},
      {"not participating", [](R& r) { r.set_ags("05766020"); }, Code::kFailedPrecondition, "05766020 (Detmold) does not take part in round \"points\""},
      {"no needs", [](R& r) { r.clear_needs(); }, Code::kInvalidArgument, "submit 1-10000 needs, got 0"},
      {"unknown service", [](R& r) { r.mutable_needs(0)->set_service_id("99999"); }, Code::kNotFound, "service 99999 is not in the catalogue"},
      {"bad service id", [](R& r) { r.mutable_needs(0)->set_service_id("a b"); }, Code::kInvalidArgument, "needs[0].service_id"},
      {"retired", [](R& r) { r.mutable_needs(0)->set_service_id("10009"); }, Code::kFailedPrecondition, "10009 (Namensänderung) has been retired"},
      {"outside scope", [](R& r) { r.mutable_needs(0)->set_service_id("10003"); }, Code::kFailedPrecondition, "10003 (Geburtsanzeige) is not among the services of round \"points\""},
      {"size class", [](R& r) { r.mutable_needs(0)->set_service_id("10255"); }, Code::kFailedPrecondition, "service 10255 (Aufenthaltstitel) is not the responsibility of a mittlere kreisangehörige Stadt (05758004 (Bünde)); responsible: kreisfreie Stadt, Kreis, große kreisangehörige Stadt"},
      {"federal, so not in the round", [](R& r) { r.mutable_needs(0)->set_service_id("10256"); }, Code::kFailedPrecondition, "10256 (Ausländerzentralregister) is not among the services of round \"points\""},
      {"duplicate", [](R& r) { *r.add_needs() = r.needs(0); }, Code::kInvalidArgument, "needs[1].service_id: service 10001 appears twice"},
      {"no level", [](R& r) { r.mutable_needs(0)->clear_level(); }, Code::kInvalidArgument, "needs[0].level: choose required"},
      {"bad level", [](R& r) { r.mutable_needs(0)->set_level(static_cast<v1::NeedLevel>(9)); }, Code::kInvalidArgument, "needs[0].level"},
      {"bad quarter", [](R& r) { r.mutable_needs(0)->set_desired_start_quarter("2027-Q5"); }, Code::kInvalidArgument, "not of the form YYYY-Qn"},
      {"quarter text", [](R& r) { r.mutable_needs(0)->set_desired_start_quarter("Q2/2027"); }, Code::kInvalidArgument, "desired_start_quarter"},
      {"quarter too early", [](R& r) { r.mutable_needs(0)->set_desired_start_quarter("2026-Q4"); }, Code::kInvalidArgument, "2026-Q4 is outside the round's planning window 2027-Q1 to 2028-Q4"},
      {"quarter too late", [](R& r) { r.mutable_needs(0)->set_desired_start_quarter("2029-Q1"); }, Code::kInvalidArgument, "outside the round's planning window"},
      {"negative cases", [](R& r) { r.mutable_needs(0)->set_yearly_cases(-1); }, Code::kInvalidArgument, "yearly_cases: must be 0-"},
      {"huge cases", [](R& r) { r.mutable_needs(0)->set_yearly_cases(int64_t{1} << 40); }, Code::kInvalidArgument, "yearly_cases"},
      {"no department", [](R& r) { r.mutable_needs(0)->clear_department(); }, Code::kInvalidArgument, "needs[0].department: is required"},
      {"long department", [](R& r) { r.mutable_needs(0)->set_department(std::string(101, 'x')); }, Code::kInvalidArgument, "must be 1-100 characters, got 101"},
      {"department control", [](R& r) { r.mutable_needs(0)->set_department("Amt\n32"); }, Code::kInvalidArgument, "on one line"},
      {"long comment", [](R& r) { r.mutable_needs(0)->set_comment(std::string(2001, 'x')); }, Code::kInvalidArgument, "comment: must be 0-2000 characters, got 2001"},
      {"invalid utf8", [](R& r) { r.mutable_needs(0)->set_comment("\xC3\x28"); }, Code::kInvalidArgument, "UTF-8"},
  });
}

TEST_F(AnswerCommands, SubmitThenAmendThenUnchanged) {
  v1::SubmitNeedsRequest r = Needs("points", "05758004");
  PRIO_ASSERT_OK_AND_ASSIGN(domain::Decision d, h_.Run(domain::DecideSubmitNeeds, r));
  ASSERT_EQ(d.event_count(), 1u);
  EXPECT_EQ(d.writes[0].stream, "round-points-05758004");
  EXPECT_EQ(d.writes[0].expected.kind, storage::ExpectedRevision::Kind::kNoStream);
  EXPECT_EQ(d.writes[0].events[0].type, "NeedSubmitted");

  // The same again: nothing to write.
  PRIO_ASSERT_OK_AND_ASSIGN(d, h_.Run(domain::DecideSubmitNeeds, r));
  EXPECT_EQ(d.event_count(), 0u);
  EXPECT_EQ(d.unchanged, 1u);

  // A changed level and a second service: one amendment, one submission, expected
  // revision exactly the stream's.
  r.mutable_needs(0)->set_level(v1::NEED_LEVEL_WANTED);
  v1::Need* n = r.add_needs();
  n->set_service_id("10513");
  n->set_level(v1::NEED_LEVEL_NOT_NEEDED);
  PRIO_ASSERT_OK_AND_ASSIGN(d, h_.Run(domain::DecideSubmitNeeds, r));
  ASSERT_EQ(d.event_count(), 2u);
  EXPECT_EQ(d.writes[0].expected.kind, storage::ExpectedRevision::Kind::kExact);
  EXPECT_EQ(d.writes[0].expected.revision, 0u);
  EXPECT_EQ(d.writes[0].events[0].type, "NeedAmended");
  EXPECT_EQ(d.writes[0].events[1].type, "NeedSubmitted");
  EXPECT_EQ(h_.state.FindRound("points")->answers.at("05758004").needs.size(), 2u);
}

TEST_F(AnswerCommands, WithdrawNeedsValidation) {
  ASSERT_THAT(h_.Run(domain::DecideSubmitNeeds, Needs("points", "05758004")), IsOk());
  using R = v1::WithdrawNeedsRequest;
  R base;
  base.set_round_id("points");
  base.set_ags("05758004");
  base.add_service_ids("10001");
  ASSERT_THAT(domain::DecideWithdrawNeeds(h_.state, base, h_.ctx), IsOk());
  testing::ExpectRules<R>(h_, domain::DecideWithdrawNeeds, base, {
      {"unknown round", [](R& r) { r.set_round_id("nope"); }, Code::kNotFound, "does not exist"},
      {"closed", [](R& r) { r.set_round_id("closed"); }, Code::kFailedPrecondition, "was closed"},
      {"not participating", [](R& r) { r.set_ags("05766020"); }, Code::kFailedPrecondition, "does not take part"},
      {"nothing named", [](R& r) { r.clear_service_ids(); }, Code::kInvalidArgument, "name at least one service"},
      {"no such need", [](R& r) { r.set_service_ids(0, "10513"); }, Code::kNotFound, "05758004 (Bünde) has no need for service 10513 in round \"points\""},
      {"twice", [](R& r) { r.add_service_ids("10001"); }, Code::kInvalidArgument, "appears twice"},
      {"bad id", [](R& r) { r.set_service_ids(0, ""); }, Code::kInvalidArgument, "service_ids[0]"},
  });
  ASSERT_THAT(h_.Run(domain::DecideWithdrawNeeds, base), IsOk());
  EXPECT_TRUE(h_.state.FindRound("points")->answers.at("05758004").needs.empty());
}

TEST_F(AnswerCommands, CastPointsBallotValidation) {
  using R = v1::CastBallotRequest;
  R base;
  base.set_round_id("points");
  base.set_ags("05758012");  // Herford, große kreisangehörige Stadt
  auto give = [](R& r, const std::string& id, uint32_t points) {
    v1::PointsAllocation* p = r.mutable_ballot()->add_points();
    p->set_service_id(id);
    p->set_points(points);
  };
  give(base, "10001", 60);
  give(base, "10255", 40);
  ASSERT_THAT(domain::DecideCastBallot(h_.state, base, h_.ctx), IsOk());
  testing::ExpectRules<R>(h_, domain::DecideCastBallot, base, {
      {"over budget", [&](R& r) { give(r, "10513", 1); }, Code::kInvalidArgument, "the points add up to 101, more than the budget of 100"},
      {"ranked in points round", [](R& r) { r.mutable_ballot()->add_ranked("10001"); }, Code::kInvalidArgument, "takes points ballots (a budget of 100 points"},
      {"empty", [](R& r) { r.clear_ballot(); }, Code::kInvalidArgument, "give points to at least one service"},
      {"duplicate", [&](R& r) { give(r, "10001", 0); }, Code::kInvalidArgument, "service 10001 appears twice"},
      {"out of scope", [&](R& r) { give(r, "10003", 0); }, Code::kFailedPrecondition, "not among the services of round"},
      {"not responsible", [](R& r) { r.set_ags("05758016"); }, Code::kFailedPrecondition, "10255 (Aufenthaltstitel) is not the responsibility of a kleine kreisangehörige Gemeinde"},
      {"unknown service", [&](R& r) { give(r, "77777", 0); }, Code::kNotFound, "77777 is not in the catalogue"},
      {"not yet open", [](R& r) { r.set_round_id("future"); }, Code::kFailedPrecondition, "not open yet"},
      {"closed", [](R& r) { r.set_round_id("closed"); }, Code::kFailedPrecondition, "was closed"},
      {"not participating", [](R& r) { r.set_ags("05766020"); }, Code::kFailedPrecondition, "does not take part"},
  });
  // Exactly the budget is fine, and a new ballot replaces the old one.
  ASSERT_THAT(h_.Run(domain::DecideCastBallot, base), IsOk());
  R second = base;
  second.mutable_ballot()->mutable_points(0)->set_points(10);
  PRIO_ASSERT_OK_AND_ASSIGN(domain::Decision d, h_.Run(domain::DecideCastBallot, second));
  EXPECT_EQ(d.event_count(), 1u);
  PRIO_ASSERT_OK_AND_ASSIGN(d, h_.Run(domain::DecideCastBallot, second));
  EXPECT_EQ(d.event_count(), 0u) << "the same ballot again changes nothing";
  EXPECT_EQ(h_.state.FindRound("points")->current_ballots(), 1u);
  EXPECT_EQ(h_.state.FindRound("points")->ballots_ever_cast, 2u);
}

TEST_F(AnswerCommands, CastRankedBallotValidation) {
  using R = v1::CastBallotRequest;
  R base;
  base.set_round_id("ranked");
  base.set_ags("05711000");
  base.mutable_ballot()->add_ranked("10001");
  base.mutable_ballot()->add_ranked("10255");
  base.mutable_ballot()->add_ranked("10003");
  ASSERT_THAT(domain::DecideCastBallot(h_.state, base, h_.ctx), IsOk());
  testing::ExpectRules<R>(h_, domain::DecideCastBallot, base, {
      {"too long", [](R& r) { r.mutable_ballot()->add_ranked("10513"); }, Code::kInvalidArgument, "4 services ranked, at most 3 allowed"},
      {"duplicate", [](R& r) { r.mutable_ballot()->set_ranked(2, "10001"); }, Code::kInvalidArgument, "ballot.ranked[2]: service 10001 is ranked twice"},
      {"points in ranked round", [](R& r) { r.mutable_ballot()->add_points()->set_service_id("10001"); }, Code::kInvalidArgument, "takes ranked ballots (an ordered list of at most 3 services)"},
      {"empty", [](R& r) { r.clear_ballot(); }, Code::kInvalidArgument, "rank at least one service"},
      {"federal service", [](R& r) { r.mutable_ballot()->set_ranked(0, "10256"); }, Code::kFailedPrecondition, "responsible: none"},
      {"retired", [](R& r) { r.mutable_ballot()->set_ranked(0, "10009"); }, Code::kFailedPrecondition, "has been retired"},
  });
}

TEST_F(AnswerCommands, WithdrawBallot) {
  v1::WithdrawBallotRequest w;
  w.set_round_id("ranked");
  w.set_ags("05711000");
  EXPECT_THAT(h_.Run(domain::DecideWithdrawBallot, w),
              StatusIs(Code::kNotFound, HasSubstr("05711000 (Bielefeld) has no ballot")));
  v1::CastBallotRequest c;
  c.set_round_id("ranked");
  c.set_ags("05711000");
  c.mutable_ballot()->add_ranked("10001");
  ASSERT_THAT(h_.Run(domain::DecideCastBallot, c), IsOk());
  ASSERT_THAT(h_.Run(domain::DecideWithdrawBallot, w), IsOk());
  EXPECT_EQ(h_.state.FindRound("ranked")->current_ballots(), 0u);
  w.set_round_id("closed");
  EXPECT_THAT(h_.Run(domain::DecideWithdrawBallot, w), StatusIs(Code::kFailedPrecondition));
}


// Answers received on paper or by e-mail: provider staff enter them only where the
// round allows it, and every such event names who entered them.
TEST_F(AnswerCommands, ProviderStaffAnswerOnlyWhereTheRoundAllowsItAndAreRecorded) {
  v1::OpenRoundRequest open;
  *open.mutable_round() = h_.state.FindRound("points")->round;
  open.mutable_round()->set_round_id("paper");
  open.mutable_round()->set_answers_by_provider(true);
  open.mutable_round()->set_mapping_position(0);
  open.mutable_round()->clear_mapping_source();
  open.mutable_round()->mutable_scope()->mutable_services()->mutable_service_ids()->RemoveLast();  // 10009 retired
  ASSERT_THAT(h_.Run(domain::DecideOpenRound, open), IsOk());

  h_.ctx.principal = "admin/3f2a9c1e0b12";
  h_.ctx.provider_staff = true;
  const std::string before = h_.state.Dump();
  EXPECT_THAT(h_.Run(domain::DecideSubmitNeeds, Needs("points", "05758004")),
              StatusIs(Code::kFailedPrecondition,
                       HasSubstr("round \"points\" takes answers from its participants only")));
  v1::CastBallotRequest ballot;
  ballot.set_round_id("points");
  ballot.set_ags("05758004");
  v1::PointsAllocation* p = ballot.mutable_ballot()->add_points();
  p->set_service_id("10001");
  p->set_points(60);
  EXPECT_THAT(h_.Run(domain::DecideCastBallot, ballot), StatusIs(Code::kFailedPrecondition));
  EXPECT_EQ(h_.state.Dump(), before) << "refused: nothing changed";

  PRIO_ASSERT_OK_AND_ASSIGN(domain::Decision d, h_.Run(domain::DecideSubmitNeeds, Needs("paper", "05758004")));
  v1::NeedSubmitted submitted;
  ASSERT_TRUE(submitted.ParseFromString(d.writes[0].events[0].data));
  EXPECT_EQ(submitted.ags(), "05758004") << "the municipality they act for";
  EXPECT_EQ(submitted.need().entered_by(), "admin/3f2a9c1e0b12") << "and who entered it";
  ballot.set_round_id("paper");
  PRIO_ASSERT_OK_AND_ASSIGN(d, h_.Run(domain::DecideCastBallot, ballot));
  v1::BallotCast cast;
  ASSERT_TRUE(cast.ParseFromString(d.writes[0].events[0].data));
  EXPECT_EQ(cast.ballot().entered_by(), "admin/3f2a9c1e0b12");
  const domain::AnswersState& a = h_.state.FindRound("paper")->answers.at("05758004");
  EXPECT_TRUE(a.any_by_provider());
  EXPECT_EQ(a.entered_by.at("10001"), "admin/3f2a9c1e0b12");

  // The municipality itself answers again: its own answer now, whatever it claims.
  h_.ctx.principal = "municipality/05758004/aa";
  h_.ctx.provider_staff = false;
  v1::SubmitNeedsRequest own = Needs("paper", "05758004");
  own.mutable_needs(0)->set_entered_by("admin/forged");
  PRIO_ASSERT_OK_AND_ASSIGN(d, h_.Run(domain::DecideSubmitNeeds, own));
  v1::NeedAmended amended;
  ASSERT_TRUE(amended.ParseFromString(d.writes[0].events[0].data));
  EXPECT_EQ(amended.need().entered_by(), "");
  EXPECT_FALSE(a.entered_by.contains("10001"));
  EXPECT_TRUE(a.any_by_provider()) << "the ballot is still the provider's";
  ballot.mutable_ballot()->set_entered_by("admin/forged");
  ASSERT_THAT(h_.Run(domain::DecideCastBallot, ballot), IsOk());
  EXPECT_FALSE(a.any_by_provider());

  // Staff entering again what the municipality answered change nothing: it stays its own.
  h_.ctx.principal = "admin/3f2a9c1e0b12";
  h_.ctx.provider_staff = true;
  PRIO_ASSERT_OK_AND_ASSIGN(d, h_.Run(domain::DecideSubmitNeeds, Needs("paper", "05758004")));
  EXPECT_EQ(d.event_count(), 0u);
  EXPECT_EQ(d.unchanged, 1u);
  PRIO_ASSERT_OK_AND_ASSIGN(d, h_.Run(domain::DecideCastBallot, ballot));
  EXPECT_EQ(d.event_count(), 0u);
  EXPECT_FALSE(a.any_by_provider());
}

}  // namespace
}  // namespace prio
