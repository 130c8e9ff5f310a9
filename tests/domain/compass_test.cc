// The OZG-Kompass in the domain: the LeiKa-level mapping and its import rules, office
// exceptions (a Gemeinde takes an office on or hands it to its Kreis) and what they
// change in the compass, the round scope and the answers; rounds refuse services no
// participant must provide.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/compass.h"
#include "testing/status_matchers.h"
#include "testing/survey.h"

namespace prio {
namespace {

using ::prio::testing::DomainHarness;
using ::prio::testing::ExpectRules;
using ::prio::testing::IsOk;
using ::prio::testing::MakeMunicipality;
using ::prio::testing::MakeService;
using ::testing::HasSubstr;
using Code = absl::StatusCode;

constexpr auto kF = v1::SIZE_CLASS_KREISFREIE_STADT;
constexpr auto kK = v1::SIZE_CLASS_KREIS;
constexpr auto kG = v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT;
constexpr auto kM = v1::SIZE_CLASS_MITTLERE_KREISANGEHOERIGE_STADT;
constexpr auto kL = v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE;

v1::ResponsibilityRow Row(const std::string& service, const std::string& key,
                          std::initializer_list<v1::AuthorityKind> kinds,
                          std::initializer_list<v1::SizeClass> classes,
                          const std::string& office, const std::string& name = "") {
  v1::ResponsibilityRow r;
  r.set_service_id(service);
  r.set_leika_key(key);
  r.set_name(name);
  for (auto k : kinds) r.add_authorities(k);
  for (auto c : classes) r.add_size_classes(c);
  r.set_office(office);
  r.set_rule("test-" + key);
  return r;
}

class Compass : public ::testing::Test {
 protected:
  void SetUp() override {
    v1::ImportCatalogRequest catalog;
    // 10035 Unterhaltsvorschuss: one Jugendamt entry. 10119 Personalausweis: the
    // Gemeinde's entry and the federal one. 10533 Grunderwerbsteuer: Finanzamt.
    // 10255 Aufenthaltstitel: Ausländerbehörde. 10111: two entries without a key.
    for (auto [id, name] : {std::pair{"10035", "Unterhaltsvorschuss"},
                            {"10119", "Personalausweis"},
                            {"10533", "Grunderwerbsteuer"},
                            {"10255", "Aufenthaltstitel"},
                            {"10111", "Auskunftssperren"}}) {
      *catalog.add_services() = MakeService(id, name);
    }
    auto leika = [&](const std::string& service, const std::string& key, const std::string& name) {
      v1::LeikaImport* l = catalog.add_leika();
      l->set_service_id(service);
      l->mutable_entry()->set_leika_key(key);
      l->mutable_entry()->set_name(name);
    };
    leika("10035", "99001", "Unterhaltsvorschuss Bewilligung");
    leika("10119", "99002", "Personalausweis Ausstellung");
    leika("10119", "99003", "Berechtigungszertifikat Erteilung");
    leika("10533", "99004", "Grunderwerbsteuer Festsetzung");
    leika("10255", "99005", "Aufenthaltserlaubnis Erteilung");
    leika("10111", "nicht im LeiKa", "Adressbuchsperre");
    leika("10111", "nicht im LeiKa", "Auskunftssperre");
    ASSERT_THAT(h_.Run(domain::DecideImportCatalog, catalog), IsOk());

    v1::ImportResponsibilityRequest mapping;
    mapping.set_source("test mapping");
    *mapping.add_rows() = Row("10035", "99001", {v1::AUTHORITY_KIND_KREISEBENE}, {kF, kK}, "jugendamt");
    *mapping.add_rows() = Row("10119", "99002", {v1::AUTHORITY_KIND_GEMEINDE}, {kF, kG, kM, kL}, "buergeramt");
    *mapping.add_rows() = Row("10119", "99003", {v1::AUTHORITY_KIND_BUND}, {}, "");
    *mapping.add_rows() = Row("10533", "99004", {v1::AUTHORITY_KIND_LAND}, {}, "");
    *mapping.add_rows() = Row("10255", "99005", {v1::AUTHORITY_KIND_KREISEBENE}, {kF, kK, kG}, "auslaenderbehoerde");
    *mapping.add_rows() = Row("10111", "nicht im LeiKa", {v1::AUTHORITY_KIND_GEMEINDE}, {kF, kG, kM, kL}, "buergeramt", "Adressbuchsperre");
    ASSERT_THAT(h_.Run(domain::DecideImportResponsibility, mapping), IsOk());

    v1::ImportMunicipalitiesRequest munis;
    *munis.add_municipalities() = MakeMunicipality("05711000", "Bielefeld", kF, 300000);
    *munis.add_municipalities() = MakeMunicipality("05758000", "Kreis Herford", kK, 250000);
    *munis.add_municipalities() = MakeMunicipality("05758012", "Herford", kG, 66000);
    *munis.add_municipalities() = MakeMunicipality("05758004", "Bünde", kM, 45000);
    *munis.add_municipalities() = MakeMunicipality("05758016", "Rödinghausen", kL, 10000);
    ASSERT_THAT(h_.Run(domain::DecideImportMunicipalities, munis), IsOk());
  }

  const domain::MunicipalityState& M(const std::string& ags) {
    return *h_.state.FindMunicipality(ags);
  }
  bool Provides(const std::string& ags, const std::string& service) {
    return domain::MustProvide(h_.state, M(ags), *h_.state.FindService(service));
  }
  absl::Status Except(const std::string& ags, const std::string& office,
                      v1::OfficeExceptionMode mode) {
    v1::ImportOfficeExceptionsRequest r;
    v1::OfficeExceptionSet* x = r.add_exceptions();
    x->set_ags(ags);
    x->set_office(office);
    x->set_mode(mode);
    x->set_source("Ratsbeschluss");
    return h_.Run(domain::DecideImportOfficeExceptions, r).status();
  }

  DomainHarness h_;
};

TEST_F(Compass, LeikaLevelMappingDecidesTheServiceAsTheUnionOfItsEntries) {
  const domain::ServiceState* ausweis = h_.state.FindService("10119");
  EXPECT_THAT(ausweis->responsible, ::testing::ElementsAre(kF, kG, kM, kL));
  EXPECT_THAT(ausweis->authorities,
              ::testing::ElementsAre(v1::AUTHORITY_KIND_BUND, v1::AUTHORITY_KIND_GEMEINDE));
  EXPECT_TRUE(Provides("05758016", "10119"));
  EXPECT_FALSE(Provides("05758000", "10119"));  // the Kreis has no Personalausweisbehörde
  EXPECT_FALSE(Provides("05711000", "10533"));  // Grunderwerbsteuer: Finanzamt
  EXPECT_TRUE(h_.state.FindService("10533")->responsible.empty());
  // Of two entries sharing "nicht im LeiKa", the name picked the one mapped.
  const domain::ServiceState* sperre = h_.state.FindService("10111");
  ASSERT_EQ(sperre->leika_responsibility.size(), 1u);
  EXPECT_EQ(sperre->leika_responsibility.begin()->second.name(), "Adressbuchsperre");
  EXPECT_EQ(domain::DutiesOf(h_.state, M("05758004"), *sperre).size(), 1u);
  EXPECT_EQ(h_.state.mapping_source(), "test mapping");
  EXPECT_EQ(h_.state.offices().at("buergeramt"), 2u);
  EXPECT_EQ(domain::DescribeExecutor(*h_.state.FindService("10533")),
            "executed by a state authority (Land NRW) (rule test-99004); size classes: none");
}

TEST_F(Compass, MappingImportRules) {
  using R = v1::ImportResponsibilityRequest;
  R base;
  *base.add_rows() = Row("10035", "99001", {v1::AUTHORITY_KIND_KREISEBENE}, {kF, kK}, "jugendamt");
  ExpectRules<R>(h_, domain::DecideImportResponsibility, base, {
      {"empty", [](R& r) { r.clear_rows(); }, Code::kInvalidArgument, "rows: nothing to import"},
      {"unknown service", [](R& r) { r.mutable_rows(0)->set_service_id("99999"); }, Code::kNotFound, "rows[0].service_id: service 99999 is not in the catalogue"},
      {"unknown key", [](R& r) { r.mutable_rows(0)->set_leika_key("12345"); }, Code::kNotFound, "rows[0].leika_key: service 10035 (Unterhaltsvorschuss) has no LeiKa entry \"12345\""},
      {"shared key, no name", [](R& r) { r.mutable_rows(0)->set_service_id("10111"); r.mutable_rows(0)->set_leika_key("nicht im LeiKa"); }, Code::kNotFound, "rows[0].name: service 10111 (Auskunftssperren) has no LeiKa entry \"nicht im LeiKa\" named \"\" (the key is shared"},
      {"no authority", [](R& r) { r.mutable_rows(0)->clear_authorities(); }, Code::kInvalidArgument, "rows[0].authorities: name 1-4 kinds"},
      {"unknown authority", [](R& r) { r.mutable_rows(0)->set_authorities(0, static_cast<v1::AuthorityKind>(42)); }, Code::kInvalidArgument, "rows[0].authorities: unknown authority kind 42"},
      {"unspecified authority", [](R& r) { r.mutable_rows(0)->set_authorities(0, v1::AUTHORITY_KIND_UNSPECIFIED); }, Code::kInvalidArgument, "rows[0].authorities: unknown authority kind 0"},
      {"unresolved with another", [](R& r) { r.mutable_rows(0)->add_authorities(v1::AUTHORITY_KIND_UNRESOLVED); }, Code::kInvalidArgument, "unresolved stands alone"},
      {"municipal without classes", [](R& r) { r.mutable_rows(0)->clear_size_classes(); }, Code::kInvalidArgument, "rows[0].size_classes: the Kreisebene executes it, so name the size classes"},
      {"federal with classes", [](R& r) { r.mutable_rows(0)->set_authorities(0, v1::AUTHORITY_KIND_BUND); }, Code::kInvalidArgument, "rows[0].size_classes: a federal authority executes it, so no municipality must provide it"},
      {"unknown class", [](R& r) { r.mutable_rows(0)->add_size_classes(static_cast<v1::SizeClass>(9)); }, Code::kInvalidArgument, "rows[0].size_classes: unknown size class 9"},
      {"class twice", [](R& r) { r.mutable_rows(0)->add_size_classes(kK); }, Code::kInvalidArgument, "rows[0].size_classes: Kreis appears twice"},
      {"bad office", [](R& r) { r.mutable_rows(0)->set_office("Jugend Amt"); }, Code::kInvalidArgument, "rows[0].office: \"Jugend Amt\" is not an office name"},
      {"row twice, differently", [](R& r) { *r.add_rows() = r.rows(0); r.mutable_rows(1)->set_office("sozialamt"); }, Code::kInvalidArgument, "rows[1]: LeiKa entry \"99001\" of service 10035 appears twice with different mappings (also rows[0])"},
      {"both forms", [](R& r) { r.add_entries()->set_service_id("10035"); }, Code::kInvalidArgument, "rows[0]: service 10035 has a bundle-level mapping in entries[0] too"},
  });
  // The same mapping again writes nothing.
  v1::ImportResponsibilityRequest again;
  *again.add_rows() = Row("10035", "99001", {v1::AUTHORITY_KIND_KREISEBENE}, {kF, kK}, "jugendamt");
  again.set_source("test mapping");
  PRIO_ASSERT_OK_AND_ASSIGN(domain::Decision d, h_.Run(domain::DecideImportResponsibility, again));
  EXPECT_EQ(d.event_count(), 0u);
  EXPECT_EQ(d.unchanged, 1u);
}

TEST_F(Compass, TakingAnOfficeOnChangesTheGemeindeAndTheKreis) {
  EXPECT_FALSE(Provides("05758004", "10035"));
  ASSERT_THAT(Except("05758004", "jugendamt", v1::OFFICE_EXCEPTION_MODE_TAKES_ON), IsOk());
  EXPECT_TRUE(Provides("05758004", "10035"));
  EXPECT_TRUE(Provides("05758000", "10035"));  // the Kreis still serves its other Gemeinden
  const auto bunde = domain::DutiesOf(h_.state, M("05758004"), *h_.state.FindService("10035"));
  ASSERT_EQ(bunde.size(), 1u);
  EXPECT_EQ(bunde[0].exception, "takes on jugendamt (Ratsbeschluss)");
  const auto kreis = domain::DutiesOf(h_.state, M("05758000"), *h_.state.FindService("10035"));
  ASSERT_EQ(kreis.size(), 1u);
  EXPECT_EQ(kreis[0].exception, "taken on for their own area by 05758004 (Bünde)");
  // Back to the size class.
  ASSERT_THAT(Except("05758004", "jugendamt", v1::OFFICE_EXCEPTION_MODE_NONE), IsOk());
  EXPECT_FALSE(Provides("05758004", "10035"));
  EXPECT_EQ(domain::DutiesOf(h_.state, M("05758000"), *h_.state.FindService("10035"))[0].exception, "");
}

TEST_F(Compass, HandingAnOfficeToTheKreis) {
  ASSERT_THAT(Except("05758016", "buergeramt", v1::OFFICE_EXCEPTION_MODE_HANDS_TO_KREIS), IsOk());
  EXPECT_FALSE(Provides("05758016", "10119"));
  EXPECT_TRUE(Provides("05758000", "10119"));  // the Kreis now provides it for Rödinghausen
  const auto kreis = domain::DutiesOf(h_.state, M("05758000"), *h_.state.FindService("10119"));
  ASSERT_EQ(kreis.size(), 1u);
  EXPECT_EQ(kreis[0].exception, "handed over by 05758016 (Rödinghausen)");
  // The snapshot keeps exceptions and mapping.
  PRIO_ASSERT_OK_AND_ASSIGN(domain::SurveyState restored,
                            domain::SurveyState::FromSnapshot(h_.state.ToSnapshot()));
  EXPECT_EQ(restored.Dump(), h_.state.Dump());
}

TEST_F(Compass, ExceptionImportRules) {
  using R = v1::ImportOfficeExceptionsRequest;
  R base;
  v1::OfficeExceptionSet* x = base.add_exceptions();
  x->set_ags("05758004");
  x->set_office("jugendamt");
  x->set_mode(v1::OFFICE_EXCEPTION_MODE_TAKES_ON);
  ExpectRules<R>(h_, domain::DecideImportOfficeExceptions, base, {
      {"empty", [](R& r) { r.clear_exceptions(); }, Code::kInvalidArgument, "exceptions: nothing to import"},
      {"malformed AGS", [](R& r) { r.mutable_exceptions(0)->set_ags("5758004"); }, Code::kInvalidArgument, "exceptions[0].ags: "},
      {"unknown AGS", [](R& r) { r.mutable_exceptions(0)->set_ags("05758099"); }, Code::kNotFound, "exceptions[0].ags: municipality 05758099 is not registered"},
      {"unknown office", [](R& r) { r.mutable_exceptions(0)->set_office("bauaufsicht"); }, Code::kNotFound, "exceptions[0].office: the mapping names no office \"bauaufsicht\"; it names auslaenderbehoerde, buergeramt, jugendamt"},
      {"no mode", [](R& r) { r.mutable_exceptions(0)->set_mode(v1::OFFICE_EXCEPTION_MODE_UNSPECIFIED); }, Code::kInvalidArgument, "exceptions[0].mode: must be takes-on, hands-to-kreis or none"},
      {"a Kreis", [](R& r) { r.mutable_exceptions(0)->set_ags("05758000"); }, Code::kFailedPrecondition, "is a Kreis"},
      {"carries it already", [](R& r) { r.mutable_exceptions(0)->set_ags("05758012"); r.mutable_exceptions(0)->set_office("auslaenderbehoerde"); }, Code::kFailedPrecondition, "05758012 (Herford) already carries all of auslaenderbehoerde as a große kreisangehörige Stadt"},
      {"kreisfrei hands over", [](R& r) { r.mutable_exceptions(0)->set_ags("05711000"); r.mutable_exceptions(0)->set_mode(v1::OFFICE_EXCEPTION_MODE_HANDS_TO_KREIS); }, Code::kFailedPrecondition, "05711000 (Bielefeld) belongs to no Kreis"},
      {"nothing to hand over", [](R& r) { r.mutable_exceptions(0)->set_mode(v1::OFFICE_EXCEPTION_MODE_HANDS_TO_KREIS); }, Code::kFailedPrecondition, "does not carry jugendamt as a mittlere kreisangehörige Stadt, so it has nothing to hand over"},
      {"twice", [](R& r) { *r.add_exceptions() = r.exceptions(0); }, Code::kInvalidArgument, "exceptions[1]: 05758004 / jugendamt appears twice"},
  });
  ASSERT_THAT(h_.Run(domain::DecideImportOfficeExceptions, base), IsOk());
  PRIO_ASSERT_OK_AND_ASSIGN(domain::Decision d, h_.Run(domain::DecideImportOfficeExceptions, base));
  EXPECT_EQ(d.event_count(), 0u) << "the same exception again writes nothing";
}

TEST_F(Compass, RoundsAskOnlyAboutWhatParticipantsMustProvide) {
  ASSERT_THAT(Except("05758004", "jugendamt", v1::OFFICE_EXCEPTION_MODE_TAKES_ON), IsOk());
  v1::OpenRoundRequest open;
  v1::RoundOpened* round = open.mutable_round();
  round->set_round_id("r1");
  round->set_title("Bedarfsabfrage");
  round->set_closes_at_us(testing::Micros(h_.ctx.now + absl::Hours(240)));
  round->mutable_scope()->set_responsible_services(true);
  round->mutable_ballot()->set_kind(v1::BALLOT_KIND_POINTS);
  round->mutable_ballot()->set_budget(100);
  round->add_participants("05758004");  // Bünde, with its own Jugendamt
  round->add_participants("05758016");
  round->set_plan_start_quarter("2027-Q1");
  round->set_horizon_quarters(4);
  ASSERT_THAT(h_.Run(domain::DecideOpenRound, open), IsOk());
  const domain::RoundState* r1 = h_.state.FindRound("r1");
  EXPECT_EQ(r1->round.mapping_source(), "test mapping");
  EXPECT_EQ(r1->round.mapping_position(), h_.state.mapping_position());
  EXPECT_THAT(domain::ScopeServices(h_.state, *r1), ::testing::ElementsAre("10035", "10111", "10119"));

  // An explicit scope with a service none of them must provide is refused, naming who
  // executes it.
  round->set_round_id("r2");
  round->mutable_scope()->mutable_services()->add_service_ids("10119");
  round->mutable_scope()->mutable_services()->add_service_ids("10533");
  absl::StatusOr<domain::Decision> d = h_.Run(domain::DecideOpenRound, open);
  EXPECT_EQ(d.status().code(), Code::kFailedPrecondition);
  EXPECT_THAT(d.status().message(),
              HasSubstr("round.scope.services[1]: no participant must provide service 10533 "
                        "(Grunderwerbsteuer); executed by a state authority (Land NRW)"));

  // A need for what a municipality does not provide names who does.
  v1::SubmitNeedsRequest needs;
  needs.set_round_id("r1");
  needs.set_ags("05758016");
  v1::Need* n = needs.add_needs();
  n->set_service_id("10035");
  n->set_level(v1::NEED_LEVEL_REQUIRED);
  n->set_department("Jugendamt");
  d = h_.Run(domain::DecideSubmitNeeds, needs);
  EXPECT_EQ(d.status().code(), Code::kFailedPrecondition);
  EXPECT_THAT(d.status().message(),
              HasSubstr("service 10035 (Unterhaltsvorschuss) is not the responsibility of a kleine "
                        "kreisangehörige Gemeinde (05758016 (Rödinghausen)); executed by the "
                        "Kreisebene (rule test-99001)"));
  needs.set_ags("05758004");
  EXPECT_THAT(h_.Run(domain::DecideSubmitNeeds, needs), IsOk());

  // Once closed, the round keeps the services it asked about, whatever the mapping does.
  v1::CloseRoundRequest close;
  close.set_round_id("r1");
  ASSERT_THAT(h_.Run(domain::DecideCloseRound, close), IsOk());
  const uint64_t version = r1->version;
  ASSERT_THAT(Except("05758004", "jugendamt", v1::OFFICE_EXCEPTION_MODE_NONE), IsOk());
  EXPECT_THAT(domain::ScopeServices(h_.state, *r1), ::testing::ElementsAre("10035", "10111", "10119"));
  EXPECT_EQ(r1->version, version) << "its rankings did not change";
  PRIO_ASSERT_OK_AND_ASSIGN(domain::SurveyState restored,
                            domain::SurveyState::FromSnapshot(h_.state.ToSnapshot()));
  EXPECT_EQ(restored.Dump(), h_.state.Dump());
}

TEST_F(Compass, MappingFollowsTheCatalogueAndExceptionsCanBeCleared) {
  ASSERT_THAT(Except("05758004", "jugendamt", v1::OFFICE_EXCEPTION_MODE_TAKES_ON), IsOk());
  ASSERT_THAT(Except("05758004", "jugendamt", v1::OFFICE_EXCEPTION_MODE_NONE), IsOk());
  // Cleared exceptions leave no trace: the state equals one rebuilt from its snapshot.
  PRIO_ASSERT_OK_AND_ASSIGN(domain::SurveyState restored,
                            domain::SurveyState::FromSnapshot(h_.state.ToSnapshot()));
  EXPECT_EQ(restored.Dump(), h_.state.Dump());
  EXPECT_TRUE(h_.state.excepted().empty());

  ASSERT_THAT(Except("05758004", "jugendamt", v1::OFFICE_EXCEPTION_MODE_TAKES_ON), IsOk());
  // The catalogue drops the Jugendamt's only entry of 10035: its mapping goes with it,
  // nobody must provide the service, the office is gone, and the exception that names
  // it can still be cleared.
  v1::ImportCatalogRequest catalog;
  v1::LeikaImport* l = catalog.add_leika();
  l->set_service_id("10035");
  l->mutable_entry()->set_leika_key("99009");
  l->mutable_entry()->set_name("Unterhaltsvorschuss Auskunft");
  ASSERT_THAT(h_.Run(domain::DecideImportCatalog, catalog), IsOk());
  const domain::ServiceState* uv = h_.state.FindService("10035");
  EXPECT_TRUE(uv->leika_responsibility.empty());
  EXPECT_TRUE(uv->responsible.empty());
  EXPECT_FALSE(Provides("05758000", "10035"));
  EXPECT_FALSE(h_.state.offices().contains("jugendamt"));
  EXPECT_EQ(Except("05758016", "jugendamt", v1::OFFICE_EXCEPTION_MODE_NONE).code(), Code::kNotFound);
  ASSERT_THAT(Except("05758004", "jugendamt", v1::OFFICE_EXCEPTION_MODE_NONE), IsOk());

  // A unique LeiKa key decides on its own; the name in the file is informative.
  v1::ImportResponsibilityRequest renamed;
  *renamed.add_rows() = Row("10035", "99009", {v1::AUTHORITY_KIND_KREISEBENE}, {kF, kK}, "jugendamt", "Unterhaltsvorschuss (alter Name)");
  ASSERT_THAT(h_.Run(domain::DecideImportResponsibility, renamed), IsOk());
  EXPECT_TRUE(Provides("05758000", "10035"));
}

TEST_F(Compass, AnOfficeCarriedInPartCanBeTakenOnWhole) {
  // buergeramt: the Gemeinden's entry of 10111, and 10119 now (its catalogue entries
  // replaced) one the Kreis carries for them.
  v1::ImportCatalogRequest catalog;
  v1::LeikaImport* l = catalog.add_leika();
  l->set_service_id("10119");
  l->mutable_entry()->set_leika_key("99010");
  l->mutable_entry()->set_name("Ausweis Sonderfall");
  ASSERT_THAT(h_.Run(domain::DecideImportCatalog, catalog), IsOk());
  v1::ImportResponsibilityRequest mapping;
  *mapping.add_rows() = Row("10119", "99010", {v1::AUTHORITY_KIND_KREISEBENE}, {kF, kK}, "buergeramt");
  ASSERT_THAT(h_.Run(domain::DecideImportResponsibility, mapping), IsOk());
  // Bünde carries buergeramt only in part, so it can take the rest on; Bielefeld
  // (kreisfreie Stadt) carries every entry already.
  EXPECT_THAT(Except("05758004", "buergeramt", v1::OFFICE_EXCEPTION_MODE_TAKES_ON), IsOk());
  EXPECT_EQ(Except("05711000", "buergeramt", v1::OFFICE_EXCEPTION_MODE_TAKES_ON).code(),
            Code::kFailedPrecondition);
  const auto duties = domain::DutiesOf(h_.state, M("05758004"), *h_.state.FindService("10119"));
  ASSERT_EQ(duties.size(), 1u);
  EXPECT_EQ(duties[0].exception, "takes on buergeramt (Ratsbeschluss)");
}

}  // namespace
}  // namespace prio
