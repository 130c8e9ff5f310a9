// Test helpers for the survey domain.
//
// DomainHarness runs the pure command rules against a SurveyState and commits their
// decisions the way the store would (positions, revisions, expected-revision checks),
// so that rule tests need no server. SeedSurvey() builds a small, known survey through
// the commands themselves.
#ifndef PRIO_TESTING_SURVEY_H_
#define PRIO_TESTING_SURVEY_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/domain/commands.h"
#include "server/domain/survey_state.h"

namespace prio::testing {

// 2027-01-15 12:00 UTC: the harness's "now".
inline absl::Time TestNow() {
  return absl::FromCivil(absl::CivilSecond(2027, 1, 15, 12, 0, 0), absl::UTCTimeZone());
}

inline int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }

class DomainHarness {
 public:
  domain::CommandContext ctx{.principal = "test", .now = TestNow()};
  domain::SurveyState state;

  // Decides and, on success, commits. The state is unchanged on error.
  template <typename Request, typename Decide>
  absl::StatusOr<domain::Decision> Run(Decide decide, const Request& request) {
    absl::StatusOr<domain::Decision> d = decide(state, request, ctx);
    if (d.ok()) Commit(*d);
    return d;
  }

  // Records the decision's events as the store would, checking expected revisions.
  void Commit(const domain::Decision& d) {
    for (const domain::StreamWrite& w : d.writes) {
      auto it = revisions_.find(w.stream);
      const int64_t actual = it == revisions_.end() ? domain::kNoRevision : it->second;
      if (w.expected.kind == storage::ExpectedRevision::Kind::kNoStream) {
        EXPECT_EQ(actual, domain::kNoRevision) << w.stream;
      } else if (w.expected.kind == storage::ExpectedRevision::Kind::kExact) {
        EXPECT_EQ(actual, static_cast<int64_t>(w.expected.revision)) << w.stream;
      }
      revisions_.emplace(w.stream, domain::kNoRevision);
      for (const domain::PendingEvent& p : w.events) {
        storage::RecordedEvent e;
        e.position = ++position_;
        e.stream = w.stream;
        e.revision = static_cast<uint64_t>(++revisions_[w.stream]);
        e.type = p.type;
        e.data = p.data;
        e.recorded_at_us = Micros(ctx.now);
        EXPECT_TRUE(state.Apply(e).ok()) << e.type;
      }
    }
  }

 private:
  uint64_t position_ = 0;
  std::map<std::string, int64_t> revisions_;
};

// One row of a validation table: a change to a valid request, and the status it must
// produce.
template <typename Request>
struct RuleCase {
  std::string name;
  std::function<void(Request&)> mutate;
  absl::StatusCode code;
  std::string message;  // a substring of the status message
};

// Runs every case against `base` (mutated) and checks code, message, and that the
// state did not change.
template <typename Request, typename Decide>
void ExpectRules(DomainHarness& h, Decide decide, const Request& base,
                 const std::vector<RuleCase<Request>>& cases) {
  for (const RuleCase<Request>& c : cases) {
    SCOPED_TRACE(c.name);
    Request request = base;
    c.mutate(request);
    const std::string before = h.state.Dump();
    absl::StatusOr<domain::Decision> d = h.Run(decide, request);
    EXPECT_EQ(d.status().code(), c.code) << d.status();
    EXPECT_NE(std::string(d.status().message()).find(c.message), std::string::npos)
        << "message: " << d.status().message() << "\nexpected to contain: " << c.message;
    EXPECT_EQ(h.state.Dump(), before);
  }
}

// The survey state folded from `store`'s log alone, from position 1 up to
// `to_position` (0: the head), as a fresh projection would build it.
inline domain::SurveyState FoldLog(storage::EventStore* store, uint64_t to_position = 0) {
  domain::SurveyState state;
  storage::ReadAllOptions options;
  options.to_position = to_position;
  auto r = store->Scan(options, [&](const storage::RecordedEvent& e) {
    absl::Status s = state.Apply(e);
    EXPECT_TRUE(s.ok()) << s;
    return true;
  });
  EXPECT_TRUE(r.ok()) << r.status();
  state.AdvanceTo(to_position == 0 ? store->GetHead().position : to_position);
  return state;
}

inline v1::Service MakeService(const std::string& id, const std::string& name) {
  v1::Service s;
  s.set_service_id(id);
  s.set_name(name);
  s.set_themenfeld("Familie & Kind");
  s.set_lebenslage("Geburt");
  s.add_leika_types("2/3");
  return s;
}

inline v1::Municipality MakeMunicipality(const std::string& ags, const std::string& name,
                                         v1::SizeClass c, int64_t population) {
  v1::Municipality m;
  m.set_ags(ags);
  m.set_name(name);
  if (c != v1::SIZE_CLASS_KREISFREIE_STADT) m.set_kreis_key(ags.substr(0, 5));
  m.set_size_class(c);
  m.set_population(population);
  return m;
}

// The seeded survey:
//   services  10001 Elterngeld (all classes), 10513 Abbruchgenehmigung (not kleine),
//             10255 Aufenthaltstitel (kreisfreie, Kreis, große), 10256 Ausländer-
//             zentralregister (none), 10003 Geburtsanzeige (all), 10009 (all, retired
//             after the rounds opened)
//   municipalities 05711000 Bielefeld (kreisfreie), 05758000 Kreis Herford (Kreis),
//             05758012 Herford (große), 05758004 Bünde (mittlere), 05758016
//             Rödinghausen (kleine), 05766020 Detmold (große, in no round)
//   rounds    "points": explicit scope 10001 10513 10255 10009, budget 100,
//             plan 2027-Q1 + 8, open now, participants all but Detmold
//             "ranked": all responsible services, at most 3 ranks, same participants
//             "future": opens in a month; "closed": closed explicitly
inline void SeedSurvey(DomainHarness& h) {
  using namespace domain;
  v1::ImportCatalogRequest catalog;
  *catalog.add_services() = MakeService("10001", "Elterngeld");
  *catalog.add_services() = MakeService("10513", "Abbruchgenehmigung");
  *catalog.add_services() = MakeService("10255", "Aufenthaltstitel");
  *catalog.add_services() = MakeService("10256", "Ausländerzentralregister");
  *catalog.add_services() = MakeService("10003", "Geburtsanzeige");
  *catalog.add_services() = MakeService("10009", "Namensänderung");
  ASSERT_TRUE(h.Run(DecideImportCatalog, catalog).ok());

  v1::ImportResponsibilityRequest resp;
  auto set = [&](const std::string& id, std::initializer_list<v1::SizeClass> classes) {
    v1::ResponsibilitySet* r = resp.add_entries();
    r->set_service_id(id);
    for (auto c : classes) r->add_size_classes(c);
    r->set_rule("test");
  };
  const auto kf = v1::SIZE_CLASS_KREISFREIE_STADT;
  const auto kr = v1::SIZE_CLASS_KREIS;
  const auto gr = v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT;
  const auto mi = v1::SIZE_CLASS_MITTLERE_KREISANGEHOERIGE_STADT;
  const auto kl = v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE;
  set("10001", {kf, kr, gr, mi, kl});
  set("10513", {kf, kr, gr, mi});
  set("10255", {kf, kr, gr});
  set("10256", {});
  set("10003", {kf, kr, gr, mi, kl});
  set("10009", {kf, kr, gr, mi, kl});
  ASSERT_TRUE(h.Run(DecideImportResponsibility, resp).ok());

  v1::ImportMunicipalitiesRequest munis;
  *munis.add_municipalities() = MakeMunicipality("05711000", "Bielefeld", kf, 300000);
  *munis.add_municipalities() = MakeMunicipality("05758000", "Herford (Kreis)", kr, 250000);
  *munis.add_municipalities() = MakeMunicipality("05758012", "Herford", gr, 66000);
  *munis.add_municipalities() = MakeMunicipality("05758004", "Bünde", mi, 45000);
  *munis.add_municipalities() = MakeMunicipality("05758016", "Rödinghausen", kl, 10000);
  *munis.add_municipalities() = MakeMunicipality("05766020", "Detmold", gr, 74000);
  ASSERT_TRUE(h.Run(DecideImportMunicipalities, munis).ok());

  auto open = [&](const std::string& id, bool points, absl::Time opens, absl::Time closes) {
    v1::OpenRoundRequest r;
    v1::RoundOpened* round = r.mutable_round();
    round->set_round_id(id);
    round->set_title(absl::StrCat("Bedarfsabfrage ", id));
    round->set_opens_at_us(Micros(opens));
    round->set_closes_at_us(Micros(closes));
    if (points) {
      for (const char* s : {"10001", "10513", "10255", "10009"}) {
        round->mutable_scope()->mutable_services()->add_service_ids(s);
      }
      round->mutable_ballot()->set_kind(v1::BALLOT_KIND_POINTS);
      round->mutable_ballot()->set_budget(100);
    } else {
      round->mutable_scope()->set_responsible_services(true);
      round->mutable_ballot()->set_kind(v1::BALLOT_KIND_RANKED);
      round->mutable_ballot()->set_max_ranks(3);
    }
    for (const char* a : {"05711000", "05758000", "05758012", "05758004", "05758016"}) {
      round->add_participants(a);
    }
    round->set_plan_start_quarter("2027-Q1");
    round->set_horizon_quarters(8);
    ASSERT_TRUE(h.Run(DecideOpenRound, r).ok()) << id;
  };
  const absl::Time now = h.ctx.now;
  open("points", true, now - absl::Hours(24), now + absl::Hours(24 * 30));
  open("ranked", false, now - absl::Hours(24), now + absl::Hours(24 * 30));
  open("future", true, now + absl::Hours(24 * 30), now + absl::Hours(24 * 60));
  open("closed", true, now - absl::Hours(24), now + absl::Hours(24 * 30));
  v1::CloseRoundRequest close;
  close.set_round_id("closed");
  ASSERT_TRUE(h.Run(DecideCloseRound, close).ok());

  v1::RetireServicesRequest retire;
  retire.add_service_ids("10009");
  retire.set_reason("merged into 10001");
  ASSERT_TRUE(h.Run(DecideRetireServices, retire).ok());
}

}  // namespace prio::testing

#endif  // PRIO_TESTING_SURVEY_H_
