// The rules of the provider's planning decisions per service: implementation paths
// (SetOfferings) and deadlines (SetDeadlines). Every refusal names the field and
// writes nothing.
#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "testing/survey.h"

namespace prio {
namespace {

using ::prio::testing::DomainHarness;
using ::prio::testing::ExpectRules;
using ::prio::testing::IsOk;
using Code = absl::StatusCode;

class OfferingCommands : public ::testing::Test {
 protected:
  void SetUp() override { testing::SeedSurvey(h_); }  // 10009 is retired there
  DomainHarness h_;
};

TEST_F(OfferingCommands, SetOfferingsValidation) {
  using R = v1::SetOfferingsRequest;
  R base;
  v1::OfferingSet* o = base.add_offerings();
  o->set_service_id("10001");
  o->set_path(v1::IMPLEMENTATION_PATH_EFA);
  o->set_offered_by("Land Hessen");
  o->set_available_from("2027-q3");
  o->set_integration_team("Integration");
  o->set_integration_person_days(15);
  o->set_onboarding_person_days(3);
  o->set_onboarding_department("Elterngeldstelle");
  o->set_yearly_cost_eur(1200);
  o->set_source("FIT-Store");
  auto first = [](R& r) { return r.mutable_offerings(0); };
  ExpectRules<R>(h_, domain::DecideSetOfferings, base, {
      {"none", [](R& r) { r.clear_offerings(); }, Code::kInvalidArgument, "offerings: give 1-10000 offerings, got 0"},
      {"unknown service", [&](R& r) { first(r)->set_service_id("31337"); }, Code::kNotFound, "offerings[0]: service 31337 is not in the catalogue"},
      {"retired service", [&](R& r) { first(r)->set_service_id("10009"); }, Code::kFailedPrecondition, "offerings[0]: service 10009 (Namensänderung) has been retired"},
      {"bad service id", [&](R& r) { first(r)->set_service_id("a b"); }, Code::kInvalidArgument, "offerings[0].service_id"},
      {"no path", [&](R& r) { first(r)->clear_path(); }, Code::kInvalidArgument, "offerings[0].path: give own, efa, market or live"},
      {"unknown path", [&](R& r) { first(r)->set_path(static_cast<v1::ImplementationPath>(42)); }, Code::kInvalidArgument, "offerings[0].path"},
      {"quarter out of range", [&](R& r) { first(r)->set_available_from("1999-Q4"); }, Code::kInvalidArgument, "offerings[0].available_from: "},
      {"not a quarter", [&](R& r) { first(r)->set_available_from("Sommer"); }, Code::kInvalidArgument, "offerings[0].available_from"},
      {"negative effort", [&](R& r) { first(r)->set_integration_person_days(-1); }, Code::kInvalidArgument, "offerings[0].integration_person_days: person-days must be 0-"},
      {"negative onboarding", [&](R& r) { first(r)->set_onboarding_person_days(-0.5); }, Code::kInvalidArgument, "offerings[0].onboarding_person_days"},
      {"negative cost", [&](R& r) { first(r)->set_yearly_cost_eur(-10); }, Code::kInvalidArgument, "offerings[0].yearly_cost_eur: euros must be 0-"},
      {"cost not a number", [&](R& r) { first(r)->set_yearly_cost_eur(std::nan("")); }, Code::kInvalidArgument, "offerings[0].yearly_cost_eur"},
      {"no integration team", [&](R& r) { first(r)->clear_integration_team(); }, Code::kInvalidArgument, "offerings[0].integration_team: is required"},
      {"no department", [&](R& r) { first(r)->clear_onboarding_department(); }, Code::kInvalidArgument, "offerings[0].onboarding_department: is required"},
      {"own with integration", [&](R& r) { first(r)->set_path(v1::IMPLEMENTATION_PATH_OWN); }, Code::kInvalidArgument, "offerings[0].available_from applies to efa and market only, not to own (an own build's effort is its estimate"},
      {"live with cost", [&](R& r) {
         R live;
         v1::OfferingSet* l = live.add_offerings();
         l->set_service_id("10001");
         l->set_path(v1::IMPLEMENTATION_PATH_LIVE);
         l->set_yearly_cost_eur(5);
         r = live;
       }, Code::kInvalidArgument, "offerings[0].yearly_cost_eur applies to efa and market only, not to live"},
      {"twice", [](R& r) { *r.add_offerings() = r.offerings(0); }, Code::kInvalidArgument, "offerings[1]: service 10001 appears twice"},
      {"second row bad", [](R& r) {
         v1::OfferingSet* b = r.add_offerings();
         b->set_service_id("10003");
         b->set_path(v1::IMPLEMENTATION_PATH_MARKET);
       }, Code::kInvalidArgument, "offerings[1].integration_team: is required"},
  });
  PRIO_ASSERT_OK_AND_ASSIGN(domain::Decision d, h_.Run(domain::DecideSetOfferings, base));
  EXPECT_EQ(d.event_count(), 1u);
  const v1::OfferingSet& stored = h_.state.offerings().at("10001");
  EXPECT_EQ(stored.available_from(), "2027-Q3");  // canonical
  EXPECT_EQ(stored.integration_team(), "Integration");
  // The same offering again writes nothing.
  PRIO_ASSERT_OK_AND_ASSIGN(d, h_.Run(domain::DecideSetOfferings, base));
  EXPECT_EQ(d.event_count(), 0u);
  EXPECT_EQ(d.unchanged, 1u);
}

TEST_F(OfferingCommands, SetDeadlinesValidation) {
  using R = v1::SetDeadlinesRequest;
  R base;
  v1::DeadlineSet* dl = base.add_deadlines();
  dl->set_service_id("10513");
  dl->set_quarter("2029-q4");
  dl->set_kind(v1::DEADLINE_KIND_OZG_BUSINESS);
  dl->set_source("OZG § 1a Abs. 1 Satz 2");
  auto first = [](R& r) { return r.mutable_deadlines(0); };
  ExpectRules<R>(h_, domain::DecideSetDeadlines, base, {
      {"none", [](R& r) { r.clear_deadlines(); }, Code::kInvalidArgument, "deadlines: give 1-10000 deadlines, got 0"},
      {"unknown service", [&](R& r) { first(r)->set_service_id("31337"); }, Code::kNotFound, "deadlines[0]: service 31337 is not in the catalogue"},
      {"retired service", [&](R& r) { first(r)->set_service_id("10009"); }, Code::kFailedPrecondition, "has been retired"},
      {"bad quarter", [&](R& r) { first(r)->set_quarter("2029-Q5"); }, Code::kInvalidArgument, "deadlines[0].quarter"},
      {"quarter out of range", [&](R& r) { first(r)->set_quarter("2101-Q1"); }, Code::kInvalidArgument, "deadlines[0].quarter"},
      {"no kind", [&](R& r) { first(r)->clear_kind(); }, Code::kInvalidArgument, "deadlines[0].kind: give ozg-business, state or provider"},
      {"unknown kind", [&](R& r) { first(r)->set_kind(static_cast<v1::DeadlineKind>(9)); }, Code::kInvalidArgument, "deadlines[0].kind"},
      {"no source", [&](R& r) { first(r)->clear_source(); }, Code::kInvalidArgument, "deadlines[0].source: is required"},
      {"removal with a kind", [&](R& r) { first(r)->clear_quarter(); }, Code::kInvalidArgument, "a deadline without a quarter removes it; give no kind or source then"},
      {"twice", [](R& r) { *r.add_deadlines() = r.deadlines(0); }, Code::kInvalidArgument, "deadlines[1]: service 10513 appears twice"},
  });
  ASSERT_THAT(h_.Run(domain::DecideSetDeadlines, base), IsOk());
  EXPECT_EQ(h_.state.deadlines().at("10513").quarter(), "2029-Q4");
  // Removing: once written, then unchanged (there is nothing left to remove).
  R clear;
  clear.add_deadlines()->set_service_id("10513");
  PRIO_ASSERT_OK_AND_ASSIGN(domain::Decision d, h_.Run(domain::DecideSetDeadlines, clear));
  EXPECT_EQ(d.event_count(), 1u);
  EXPECT_FALSE(h_.state.deadlines().contains("10513"));
  PRIO_ASSERT_OK_AND_ASSIGN(d, h_.Run(domain::DecideSetDeadlines, clear));
  EXPECT_EQ(d.event_count(), 0u);
  EXPECT_EQ(d.unchanged, 1u);
}

}  // namespace
}  // namespace prio
