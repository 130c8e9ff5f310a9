// The refusals a clerk meets on the web pages, said in German (client/messages.h): the
// messages come from the real command rules, so a changed English text that the
// German patterns no longer match fails here, not silently on a page.
#include "client/messages.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/survey.h"

namespace prio {
namespace {

using client::Lang;
using client::RefusalText;

class GermanRefusals : public ::testing::Test {
 protected:
  void SetUp() override { testing::SeedSurvey(h_); }

  v1::SubmitNeedsRequest Needs(const std::string& round) {
    v1::SubmitNeedsRequest r;
    r.set_round_id(round);
    r.set_ags("05758004");
    v1::Need* n = r.add_needs();
    n->set_service_id("10001");
    n->set_level(v1::NEED_LEVEL_REQUIRED);
    n->set_department("Bürgerbüro");
    return r;
  }

  // The refusal's message (the request must be refused).
  template <typename Request, typename Decide>
  std::string Refusal(Decide decide, const Request& r) {
    absl::StatusOr<domain::Decision> d = decide(h_.state, r, h_.ctx);
    EXPECT_FALSE(d.ok());
    return d.ok() ? "" : std::string(d.status().message());
  }

  testing::DomainHarness h_;
};

TEST_F(GermanRefusals, EveryAnswerRefusalOfTheQuestionnaireIsSaidInGerman) {
  using R = v1::SubmitNeedsRequest;
  const std::vector<std::pair<std::function<void(R&)>, std::string>> cases = {
      {[](R& r) { r.mutable_needs(0)->clear_department(); }, "ist erforderlich"},
      {[](R& r) { r.mutable_needs(0)->set_department(std::string(101, 'x')); }, "muss 1 bis 100 Zeichen lang sein, hat 101"},
      {[](R& r) { r.mutable_needs(0)->set_department("Amt\n32"); }, "in einer Zeile"},
      {[](R& r) { r.mutable_needs(0)->set_desired_start_quarter("2026-Q4"); }, "2026-Q4 liegt außerhalb des Planungszeitraums der Runde (2027-Q1 bis 2028-Q4)"},
      {[](R& r) { r.mutable_needs(0)->set_yearly_cases(-1); }, "muss zwischen 0 und"},
      {[](R& r) { r.mutable_needs(0)->set_contact_email("bürgerbüro"); }, "„bürgerbüro“ ist keine E-Mail-Adresse"},
      {[](R& r) { r.mutable_needs(0)->set_comment(std::string(2001, 'x')); }, "muss 0 bis 2000 Zeichen lang sein"},
      {[](R& r) { r.mutable_needs(0)->clear_level(); }, "bitte erforderlich, gewünscht"},
      {[](R& r) { r.mutable_needs(0)->set_service_id("10003"); }, "Die Leistung 10003 (Geburtsanzeige) gehört nicht zu den Leistungen der Runde „points“"},
      {[](R& r) { r.mutable_needs(0)->set_service_id("10009"); }, "wurde aus dem Katalog genommen"},
      {[](R& r) { r.mutable_needs(0)->set_service_id("99999"); }, "Die Leistung 99999 steht nicht im Katalog"},
      {[](R& r) { r.mutable_needs(0)->set_service_id("10255"); }, "Die Leistung 10255 (Aufenthaltstitel) ist keine Aufgabe einer mittlere kreisangehörige Stadt (05758004 (Bünde)); zuständig:"},
      {[](R& r) { r.set_round_id("closed"); }, "Die Runde „closed“ wurde am"},
      {[](R& r) { r.set_round_id("future"); }, "Die Runde „future“ ist noch nicht geöffnet; sie öffnet am 2027-02-14"},
      {[](R& r) { r.set_round_id("nope"); }, "Die Runde „nope“ gibt es nicht"},
      {[](R& r) { r.set_ags("05766020"); }, "Die Kommune 05766020 (Detmold) nimmt an der Runde „points“ nicht teil"},
  };
  for (const auto& [change, german] : cases) {
    R r = Needs("points");
    change(r);
    const std::string english = Refusal(domain::DecideSubmitNeeds, r);
    EXPECT_THAT(RefusalText(Lang::kDe, english), ::testing::HasSubstr(german)) << english;
    EXPECT_EQ(RefusalText(Lang::kEn, english), english);
  }
  h_.ctx.provider_staff = true;
  const std::string staff = Refusal(domain::DecideSubmitNeeds, Needs("points"));
  EXPECT_THAT(RefusalText(Lang::kDe, staff), ::testing::HasSubstr("nimmt Antworten nur von den Teilnehmenden an"));
}

TEST_F(GermanRefusals, BallotRefusalsAreSaidInGerman) {
  v1::CastBallotRequest c;
  c.set_round_id("points");
  c.set_ags("05758004");
  for (const char* s : {"10001", "10513"}) {
    v1::PointsAllocation* p = c.mutable_ballot()->add_points();
    p->set_service_id(s);
    p->set_points(60);
  }
  EXPECT_EQ(RefusalText(Lang::kDe, Refusal(domain::DecideCastBallot, c)),
            "Die Punkte ergeben zusammen 120, mehr als das Budget von 100");
  c.mutable_ballot()->mutable_points(1)->set_service_id("10001");
  EXPECT_THAT(RefusalText(Lang::kDe, Refusal(domain::DecideCastBallot, c)),
              ::testing::HasSubstr("Leistung 10001 kommt doppelt vor"));
  c.mutable_ballot()->clear_points();
  EXPECT_THAT(RefusalText(Lang::kDe, Refusal(domain::DecideCastBallot, c)),
              ::testing::HasSubstr("nimmt Punkte-Stimmzettel (ein Budget von 100 Punkten)"));
  c.set_round_id("ranked");
  for (const char* s : {"10001", "10513", "10003", "10119"}) c.mutable_ballot()->add_ranked(s);
  EXPECT_THAT(RefusalText(Lang::kDe, Refusal(domain::DecideCastBallot, c)),
              ::testing::HasSubstr("4 Leistungen gereiht, höchstens 3 erlaubt"));
}

TEST(GermanText, AnUnknownMessageStaysAsPriodSaidIt) {
  EXPECT_EQ(RefusalText(Lang::kDe, "needs[0].comment: something new"),
            "needs[0].comment: something new");
  EXPECT_EQ(client::WithoutFieldPath("needs[12].contact_email: x"), "x");
  EXPECT_EQ(client::WithoutFieldPath("ballot.points: x"), "x");
  EXPECT_EQ(client::WithoutFieldPath("round \"a\" does not exist"), "round \"a\" does not exist");
}

}  // namespace
}  // namespace prio
