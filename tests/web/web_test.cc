// The web front end's pieces without a browser: sessions (sign-in rotates the id, idle
// sessions end, the store is bounded), the CSRF comparison, escaping, the German
// text of every key the pages use, and the result fragments the live view sends.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "absl/time/clock.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "web/html.h"
#include "web/result_views.h"
#include "web/session.h"
#include "client/text.h"

namespace prio::web {
namespace {

using client::HasGerman;

using ::testing::HasSubstr;
using ::testing::Not;

v1::WhoAmIResponse Municipality(const std::string& ags) {
  v1::WhoAmIResponse who;
  who.set_principal("token:abc");
  who.mutable_token()->set_role(v1::ROLE_MUNICIPALITY);
  who.mutable_token()->set_ags(ags);
  who.mutable_token()->set_note("Bünde");
  return who;
}

TEST(SessionStore, ASessionExistsOnlyOnceSignedInWithFreshSecrets) {
  SessionStore store;
  const Session s = store.SignIn("prio_secret", Municipality("05758004"));
  EXPECT_TRUE(s.signed_in());
  EXPECT_EQ(s.id.size(), 64u);
  EXPECT_EQ(s.csrf.size(), 64u);
  EXPECT_NE(s.id, s.csrf);
  EXPECT_EQ(s.ags, "05758004");
  EXPECT_EQ(s.role, v1::ROLE_MUNICIPALITY);
  EXPECT_EQ(store.Find(s.id)->token, "prio_secret");
  const Session again = store.SignIn("prio_secret", Municipality("05758004"));
  EXPECT_NE(again.id, s.id) << "every sign-in a new id (no session fixation)";
  EXPECT_FALSE(store.Find("").has_value());
  EXPECT_FALSE(store.Find(std::string(64, '0')).has_value());
}

TEST(SessionStore, SignInTokensAreThisStoresAndUnforgeable) {
  SessionStore store, other;
  const std::string token = store.SignInToken();
  EXPECT_TRUE(store.SignInTokenValid(token));
  EXPECT_FALSE(other.SignInTokenValid(token)) << "another process's key";
  std::string forged = token;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_FALSE(store.SignInTokenValid(forged));
  // A later expiry with the old MAC.
  const size_t first = token.find('.'), last = token.rfind('.');
  EXPECT_FALSE(store.SignInTokenValid(token.substr(0, first) + ".99999999999" + token.substr(last)));
  EXPECT_FALSE(store.SignInTokenValid(""));
  EXPECT_FALSE(store.SignInTokenValid("abc"));
}

TEST(SessionStore, IdleSessionsEndAndTheStoreIsBounded) {
  SessionStore idle(absl::ZeroDuration());
  Session s = idle.SignIn("t", Municipality("05758004"));
  absl::SleepFor(absl::Milliseconds(2));
  EXPECT_FALSE(idle.Find(s.id).has_value());

  SessionStore bounded(absl::Hours(1), 3);
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(bounded.SignIn("t", Municipality("05758004")).id);
    absl::SleepFor(absl::Milliseconds(1));
  }
  EXPECT_LE(bounded.size(), 3u);
  EXPECT_TRUE(bounded.Find(ids.back()).has_value()) << "the newest stays";
  EXPECT_FALSE(bounded.Find(ids.front()).has_value()) << "the least recently used went first";
}

TEST(SessionStore, FlashIsShownOnce) {
  SessionStore store;
  Session s = store.SignIn("t", Municipality("05758004"));
  store.SetFlash(s.id, "Gespeichert");
  EXPECT_EQ(store.TakeFlash(s.id), "Gespeichert");
  EXPECT_EQ(store.TakeFlash(s.id), "");
  store.End(s.id);
  EXPECT_FALSE(store.Find(s.id).has_value());
}

TEST(SameSecret, ComparesWholeNonEmptySecrets) {
  EXPECT_TRUE(SameSecret("abc", "abc"));
  EXPECT_FALSE(SameSecret("abc", "abd"));
  EXPECT_FALSE(SameSecret("abc", "ab"));
  EXPECT_FALSE(SameSecret("", "")) << "a missing CSRF field never matches";
}

TEST(Html, EscapesTextAndUrls) {
  EXPECT_EQ(Esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  EXPECT_EQ(UrlEncode("/rounds/krz-2027?x=1&y=ü"), "%2Frounds%2Fkrz-2027%3Fx%3D1%26y%3D%C3%BC");
}

TEST(Html, LayoutSaysItsLanguageAndOffersTheOther) {
  PageContext ctx{.lang = Lang::kDe, .session = nullptr, .csrf = "x", .path = "/rounds"};
  const std::string de = Layout(ctx, "Abfragerunden", "<p>x</p>");
  EXPECT_THAT(de, HasSubstr("<html lang=\"de\">"));
  EXPECT_THAT(de, HasSubstr("href=\"/lang?to=en&amp;next=%2Frounds\""));
  EXPECT_THAT(de, HasSubstr("Zum Inhalt springen"));
  EXPECT_THAT(de, Not(HasSubstr("Abmelden"))) << "not signed in: no sign-out";
  ctx.lang = Lang::kEn;
  EXPECT_THAT(Layout(ctx, "Rounds", ""), HasSubstr("<html lang=\"en\">"));
}

// Every literal the pages and the report pass to T, F, Tr or TrF (and the header
// lists) has German.
TEST(Text, EveryKeyThePagesUseHasGerman) {
  const std::regex call(R"re((?:\bT\(|\bF\(|\bTr\([^,()]*(?:\(\))?,|\bTrF\([^,()]*(?:\(\))?,)\s*((?:"(?:[^"\\]|\\.)*"\s*)+))re");
  const std::regex list(R"re(for \(std::string_view h : \{([^}]*)\})re");
  const std::regex label(R"re(\{"[a-z_]+", "[a-z_]+", "([^"]+)"\})re");
  const std::regex literal(R"re("((?:[^"\\]|\\.)*)")re");
  std::set<std::string> keys;
  int files = 0;
  std::vector<std::filesystem::path> sources = {PRIO_SOURCE_DIR "/client/report.cc"};
  for (const auto& entry : std::filesystem::directory_iterator(PRIO_SOURCE_DIR "/web")) {
    if (entry.path().extension() == ".cc") sources.push_back(entry.path());
  }
  for (const std::filesystem::path& source : sources) {
    std::ifstream in(source);
    ++files;
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string src = ss.str();
    auto collect = [&](const std::regex& re, bool join) {
      for (std::sregex_iterator it(src.begin(), src.end(), re), end; it != end; ++it) {
        const std::string group = (*it)[1];
        std::string joined;
        for (std::sregex_iterator l(group.begin(), group.end(), literal); l != end; ++l) {
          std::string text = (*l)[1];
          text = std::regex_replace(text, std::regex(R"(\\")"), "\"");
          if (join) {
            joined += text;
          } else {
            keys.insert(text);
          }
        }
        if (join) keys.insert(joined);
      }
    };
    collect(call, true);
    collect(list, false);
    collect(label, false);
  }
  EXPECT_GT(files, 5);
  EXPECT_GT(keys.size(), 100u);
  std::vector<std::string> missing;
  for (const std::string& k : keys) {
    if (!HasGerman(k)) missing.push_back(k);
  }
  EXPECT_THAT(missing, ::testing::IsEmpty());
}

TEST(Text, FormatsAndNames) {
  EXPECT_EQ(TrF(Lang::kDe, "{} of {} answered", "37", "52"), "37 von 52 beantwortet");
  EXPECT_EQ(TrF(Lang::kEn, "{} of {} answered", "37", "52"), "37 of 52 answered");
  EXPECT_EQ(LevelName(Lang::kDe, v1::NEED_LEVEL_NOT_NEEDED), "nicht benötigt");
  EXPECT_EQ(PhaseName(Lang::kEn, v1::ROUND_PHASE_OPEN), "open");
  EXPECT_EQ(ParseLang("fr"), Lang::kDe) << "German unless English is asked for";
}

TEST(ResultViews, TiesAreSaidInWordsAndOverAllocationInText) {
  v1::RankingResponse r;
  for (int i = 0; i < 2; ++i) {
    v1::RankingRow* row = r.add_rows();
    row->set_rank(1);
    row->set_tied(true);
    row->set_service_id(i == 0 ? "10119" : "10124");
    row->set_name(i == 0 ? "Personalausweis" : "Wohnsitz <meldung>");
    row->set_score(60);
  }
  const std::string rows = RankingRows(Lang::kDe, r);
  EXPECT_THAT(rows, HasSubstr("1 <span class=\"tied\">(gleichauf)</span>"));
  EXPECT_THAT(rows, HasSubstr("Wohnsitz &lt;meldung&gt;"));
  EXPECT_THAT(rows, HasSubstr("<meter min=\"0\" max=\"60\" value=\"60\""));

  v1::PlanResponse p;
  v1::TeamQuarter* t = p.add_teams();
  t->set_team("Team Bürgerdienste");
  t->set_quarter("2027-Q2");
  t->set_capacity(100);
  t->set_load(130);
  t->set_utilisation(1.3);
  t->set_over_allocated(true);
  const std::string plan = PlanBody(Lang::kDe, p);
  EXPECT_THAT(plan, HasSubstr("<td class=\"over\">130 % <strong>überlastet</strong>"));
  EXPECT_THAT(PlanBody(Lang::kEn, p), HasSubstr("over-allocated"));

  // The reasons: German from the code, priod's English text in English.
  v1::PlannedService* s = p.add_services();
  s->set_reason("needs 12 more person-days than T has left from 2027-Q2 to 2028-Q1");
  s->set_reason_code(v1::PLAN_REASON_NO_CAPACITY);
  for (const char* a : {"12", "T", "2027-Q2", "2028-Q1"}) s->add_reason_args(a);
  EXPECT_THAT(PlanBody(Lang::kDe, p), HasSubstr("braucht 12 Personentage mehr, als T von 2027-Q2 bis 2028-Q1 frei hat"));
  EXPECT_THAT(PlanBody(Lang::kEn, p), HasSubstr("needs 12 more person-days than T"));
}

}  // namespace
}  // namespace prio::web
