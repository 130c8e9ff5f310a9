// The rules of reference data (catalogue, responsibility, municipalities) and
// planning inputs.
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "testing/survey.h"

namespace prio {
namespace {

using ::prio::testing::DomainHarness;
using ::prio::testing::ExpectRules;
using ::prio::testing::IsOk;
using ::prio::testing::MakeMunicipality;
using ::prio::testing::MakeService;
using Code = absl::StatusCode;

class ReferenceCommands : public ::testing::Test {
 protected:
  void SetUp() override { testing::SeedSurvey(h_); }
  DomainHarness h_;
};

TEST_F(ReferenceCommands, ImportCatalogValidation) {
  using R = v1::ImportCatalogRequest;
  R base;
  *base.add_services() = MakeService("10100", "Wohngeld");
  v1::LeikaImport* l = base.add_leika();
  l->set_service_id("10100");
  l->mutable_entry()->set_leika_key("99108001000000");
  l->mutable_entry()->set_name("Wohngeld Bewilligung");
  ExpectRules<R>(h_, domain::DecideImportCatalog, base, {
      {"empty", [](R& r) { r.Clear(); }, Code::kInvalidArgument, "nothing to import"},
      {"bad id", [](R& r) { r.mutable_services(0)->set_service_id("10 100"); }, Code::kInvalidArgument, "services[0].service_id"},
      {"no name", [](R& r) { r.mutable_services(0)->clear_name(); }, Code::kInvalidArgument, "services[0].name: is required"},
      {"long name", [](R& r) { r.mutable_services(0)->set_name(std::string(301, 'n')); }, Code::kInvalidArgument, "must be 1-300 characters"},
      {"duplicate", [](R& r) { *r.add_services() = r.services(0); }, Code::kInvalidArgument, "services[1]: service 10100 appears twice (also services[0])"},
      {"leika for unknown service", [](R& r) { r.mutable_leika(0)->set_service_id("88888"); }, Code::kNotFound, "leika[0]: service 88888 is neither in the catalogue nor in this import"},
      {"leika without key", [](R& r) { r.mutable_leika(0)->mutable_entry()->clear_leika_key(); }, Code::kInvalidArgument, "leika[0].entry.leika_key: is required"},
  });
  PRIO_ASSERT_OK_AND_ASSIGN(domain::Decision d, h_.Run(domain::DecideImportCatalog, base));
  EXPECT_EQ(d.event_count(), 2u);  // ServiceCatalogued + LeikaEntriesSet
  PRIO_ASSERT_OK_AND_ASSIGN(d, h_.Run(domain::DecideImportCatalog, base));
  EXPECT_EQ(d.event_count(), 0u);
  EXPECT_EQ(d.unchanged, 2u);
  base.mutable_services(0)->set_name("Wohngeld (Miet- und Lastenzuschuss)");
  PRIO_ASSERT_OK_AND_ASSIGN(d, h_.Run(domain::DecideImportCatalog, base));
  ASSERT_EQ(d.event_count(), 1u);
  EXPECT_EQ(d.writes[0].events[0].type, "ServiceUpdated");
  EXPECT_EQ(h_.state.FindService("10100")->service.name(), "Wohngeld (Miet- und Lastenzuschuss)");
}

TEST_F(ReferenceCommands, ImportResponsibilityValidation) {
  using R = v1::ImportResponsibilityRequest;
  R base;
  v1::ResponsibilitySet* e = base.add_entries();
  e->set_service_id("10003");
  e->add_size_classes(v1::SIZE_CLASS_KREIS);
  e->set_rule("manual");
  ExpectRules<R>(h_, domain::DecideImportResponsibility, base, {
      {"empty", [](R& r) { r.Clear(); }, Code::kInvalidArgument, "nothing to import"},
      {"unknown service", [](R& r) { r.mutable_entries(0)->set_service_id("12345"); }, Code::kNotFound, "entries[0].service_id: service 12345 is not in the catalogue (import it first)"},
      {"bad class", [](R& r) { r.mutable_entries(0)->add_size_classes(static_cast<v1::SizeClass>(9)); }, Code::kInvalidArgument, "unknown size class 9"},
      {"unspecified class", [](R& r) { r.mutable_entries(0)->add_size_classes(v1::SIZE_CLASS_UNSPECIFIED); }, Code::kInvalidArgument, "unknown size class 0"},
      {"class twice", [](R& r) { r.mutable_entries(0)->add_size_classes(v1::SIZE_CLASS_KREIS); }, Code::kInvalidArgument, "Kreis appears twice"},
      {"service twice", [](R& r) { *r.add_entries() = r.entries(0); }, Code::kInvalidArgument, "entries[1]: service 10003 appears twice"},
  });
  ASSERT_THAT(h_.Run(domain::DecideImportResponsibility, base), IsOk());
  const domain::ServiceState* s = h_.state.FindService("10003");
  EXPECT_TRUE(s->IsResponsible(v1::SIZE_CLASS_KREIS));
  EXPECT_FALSE(s->IsResponsible(v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE));
  EXPECT_EQ(s->responsibility_rule, "manual");
}

TEST_F(ReferenceCommands, ImportMunicipalitiesValidation) {
  using R = v1::ImportMunicipalitiesRequest;
  R base;
  *base.add_municipalities() = MakeMunicipality(
      "05770024", "Minden", v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT, 82000);
  *base.add_municipalities() = MakeMunicipality("05770000", "Minden-Lübbecke",
                                                v1::SIZE_CLASS_KREIS, 310000);
  ExpectRules<R>(h_, domain::DecideImportMunicipalities, base, {
      {"empty", [](R& r) { r.Clear(); }, Code::kInvalidArgument, "nothing to import"},
      {"bad ags", [](R& r) { r.mutable_municipalities(0)->set_ags("0577002"); }, Code::kInvalidArgument, "municipalities[0].ags: AGS \"0577002\" must be exactly 8 digits"},
      {"no name", [](R& r) { r.mutable_municipalities(0)->clear_name(); }, Code::kInvalidArgument, "municipalities[0].name: is required"},
      {"no size class", [](R& r) { r.mutable_municipalities(0)->clear_size_class(); }, Code::kInvalidArgument, "size_class: is required"},
      {"negative population", [](R& r) { r.mutable_municipalities(0)->set_population(-5); }, Code::kInvalidArgument, "population: must be 0-100,000,000"},
      {"kreis key mismatch", [](R& r) { r.mutable_municipalities(0)->set_kreis_key("05766"); }, Code::kInvalidArgument, "must be the first 5 digits of the AGS 05770024"},
      {"no kreis key", [](R& r) { r.mutable_municipalities(0)->clear_kreis_key(); }, Code::kInvalidArgument, "kreis_key: is required for a große kreisangehörige Stadt"},
      {"kreis ags", [](R& r) { r.mutable_municipalities(1)->set_ags("05770001"); r.mutable_municipalities(1)->set_kreis_key("05770"); }, Code::kInvalidArgument, "a Kreis takes part under its Kreis key + \"000\""},
      {"duplicate", [](R& r) { *r.add_municipalities() = r.municipalities(0); }, Code::kInvalidArgument, "AGS 05770024 appears twice"},
  });
  PRIO_ASSERT_OK_AND_ASSIGN(domain::Decision d, h_.Run(domain::DecideImportMunicipalities, base));
  ASSERT_EQ(d.writes.size(), 2u);  // one stream per municipality, each new
  EXPECT_EQ(d.writes[0].stream, "municipality-05770024");
  EXPECT_EQ(d.writes[0].expected.kind, storage::ExpectedRevision::Kind::kNoStream);
  base.mutable_municipalities(0)->set_population(82500);
  PRIO_ASSERT_OK_AND_ASSIGN(d, h_.Run(domain::DecideImportMunicipalities, base));
  ASSERT_EQ(d.writes.size(), 1u);
  EXPECT_EQ(d.writes[0].events[0].type, "MunicipalityUpdated");
  EXPECT_EQ(d.writes[0].expected.kind, storage::ExpectedRevision::Kind::kExact);
  EXPECT_EQ(d.unchanged, 1u);
}

TEST_F(ReferenceCommands, RetireServices) {
  using R = v1::RetireServicesRequest;
  R base;
  base.add_service_ids("10003");
  ExpectRules<R>(h_, domain::DecideRetireServices, base, {
      {"none", [](R& r) { r.clear_service_ids(); }, Code::kInvalidArgument, "name at least one service"},
      {"unknown", [](R& r) { r.add_service_ids("40404"); }, Code::kNotFound, "service 40404 is not in the catalogue"},
      {"twice", [](R& r) { r.add_service_ids("10003"); }, Code::kInvalidArgument, "appears twice"},
  });
  ASSERT_THAT(h_.Run(domain::DecideRetireServices, base), IsOk());
  EXPECT_TRUE(h_.state.FindService("10003")->retired);
  PRIO_ASSERT_OK_AND_ASSIGN(domain::Decision d, h_.Run(domain::DecideRetireServices, base));
  EXPECT_EQ(d.unchanged, 1u);
}

TEST_F(ReferenceCommands, SetEffortValidation) {
  using R = v1::SetEffortRequest;
  R base;
  v1::EffortEstimated* e = base.add_efforts();
  e->set_service_id("10001");
  e->set_team("Team Familie");
  e->set_central_person_days(120);
  e->set_onboarding_person_days(5.5);
  e->set_onboarding_department("Bürgerbüro");
  ExpectRules<R>(h_, domain::DecideSetEffort, base, {
      {"none", [](R& r) { r.clear_efforts(); }, Code::kInvalidArgument, "give 1-10000 estimates, got 0"},
      {"unknown service", [](R& r) { r.mutable_efforts(0)->set_service_id("31337"); }, Code::kNotFound, "31337 is not in the catalogue"},
      {"no team", [](R& r) { r.mutable_efforts(0)->clear_team(); }, Code::kInvalidArgument, "efforts[0].team: is required"},
      {"negative", [](R& r) { r.mutable_efforts(0)->set_central_person_days(-1); }, Code::kInvalidArgument, "central_person_days: person-days must be 0-"},
      {"nan", [](R& r) { r.mutable_efforts(0)->set_onboarding_person_days(std::nan("")); }, Code::kInvalidArgument, "onboarding_person_days"},
      {"no department", [](R& r) { r.mutable_efforts(0)->clear_onboarding_department(); }, Code::kInvalidArgument, "onboarding_department: is required"},
      {"twice", [](R& r) { *r.add_efforts() = r.efforts(0); }, Code::kInvalidArgument, "appears twice"},
  });
  ASSERT_THAT(h_.Run(domain::DecideSetEffort, base), IsOk());
  EXPECT_EQ(h_.state.efforts().at("10001").central_person_days(), 120);
}

TEST_F(ReferenceCommands, DeclareCapacityValidation) {
  using R = v1::DeclareCapacityRequest;
  R base;
  v1::CapacityDeclared* t = base.add_teams();
  t->set_team("Team Familie");
  t->set_quarter("2027-q1");
  t->set_person_days(60);
  v1::DepartmentCapacityDeclared* d = base.add_departments();
  d->set_ags("05758004");
  d->set_department("Bürgerbüro");
  d->set_quarter("2027-Q2");
  d->set_person_days(10);
  ExpectRules<R>(h_, domain::DecideDeclareCapacity, base, {
      {"none", [](R& r) { r.Clear(); }, Code::kInvalidArgument, "give 1-10000 capacities"},
      {"bad quarter", [](R& r) { r.mutable_teams(0)->set_quarter("2027-Q0"); }, Code::kInvalidArgument, "teams[0].quarter"},
      {"negative", [](R& r) { r.mutable_teams(0)->set_person_days(-3); }, Code::kInvalidArgument, "teams[0].person_days"},
      {"team twice", [](R& r) { *r.add_teams() = r.teams(0); }, Code::kInvalidArgument, "team Team Familie in 2027-Q1 appears twice"},
      {"unknown municipality", [](R& r) { r.mutable_departments(0)->set_ags("05000000"); }, Code::kNotFound, "05000000 is not registered"},
      {"no department", [](R& r) { r.mutable_departments(0)->clear_department(); }, Code::kInvalidArgument, "departments[0].department: is required"},
  });
  ASSERT_THAT(h_.Run(domain::DecideDeclareCapacity, base), IsOk());
  EXPECT_EQ(h_.state.team_capacity().at({"Team Familie", "2027-Q1"}), 60);
  EXPECT_EQ(h_.state.department_capacity().at({"05758004", "Bürgerbüro", "2027-Q2"}), 10);
}

}  // namespace
}  // namespace prio
