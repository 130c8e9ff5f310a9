// The shipped reference data (data/) loads through the real import path: CSV files
// -> requests -> command rules -> state.
#include <fstream>
#include <sstream>

#include "client/csv.h"
#include "client/responsibility_csv.h"
#include "client/survey_csv.h"
#include "gmock/gmock.h"
#include "server/domain/business.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"
#include "testing/survey.h"
#include "tools/data/responsibility_rules.h"

namespace prio {
namespace {

using ::prio::testing::DomainHarness;
using ::prio::testing::IsOk;

std::string DataFile(const std::string& name) { return std::string(PRIO_DATA_DIR) + "/" + name; }

CsvTable Read(const std::string& name) {
  absl::StatusOr<CsvTable> t = CsvTable::ReadFile(DataFile(name));
  EXPECT_THAT(t, IsOk());
  return t.ok() ? *std::move(t) : CsvTable();
}

TEST(ReferenceData, ShippedResponsibilityIsWhatTheRulesDerive) {
  absl::StatusOr<CsvTable> rules =
      CsvTable::ReadFile(std::string(PRIO_DATA_DIR) + "/../tools/data/responsibility_rules.csv");
  ASSERT_THAT(rules, IsOk());
  absl::StatusOr<tools::Derivation> derived =
      tools::DeriveResponsibility(Read("ozg_leika_leistungen.csv"), *rules);
  ASSERT_THAT(derived, IsOk());
  EXPECT_THAT(derived->dead_rules, ::testing::IsEmpty());
  std::ifstream in(DataFile("responsibility.csv"), std::ios::binary);
  std::stringstream shipped;
  shipped << in.rdbuf();
  EXPECT_EQ(shipped.str(), derived->csv)
      << "regenerate: build/tools/data/derive_responsibility data/ozg_leika_leistungen.csv "
         "tools/data/responsibility_rules.csv > data/responsibility.csv";
  // Every LeiKa row is decided by exactly one rule or listed as unresolved; the
  // counts in data/README.md are these.
  int rows = 0;
  for (const auto& [rule, n] : derived->rows_per_rule) rows += n;
  EXPECT_EQ(rows, 5249);
  EXPECT_LT(derived->rows_per_rule.at("unresolved"), 5249 / 20);
}

TEST(ReferenceData, RuleTableErrorsNameTheLine) {
  const CsvTable leika = Read("ozg_leika_leistungen.csv");
  const std::string header = "rule,office,laws,words,ozg_ids,leika_types,authority,size_classes,source\n";
  struct Bad {
    std::string row, message;
  } bad[] = {
      {"x,,PStG,,,,gemeinde,,src", "2:8 (size_classes): every Gemeinde executes it, so name the size classes"},
      {"x,,PStG,,,,bund,kreis,src", "2:8 (size_classes): a federal authority executes it, so no municipality"},
      {"x,amt,PStG,,,,bund,,src", "2:2 (office): offices group municipal tasks"},
      {"x,,PStG,,,,unresolved;bund,,src", "2:7 (authority): unresolved stands alone"},
      {"x,,PStG,,,,behoerde,,src", "2:7 (authority): unknown authority kind \"behoerde\""},
      {"x,,,,,,bund,,src", "2:3 (laws): a rule needs at least one criterion"},
      {"x,,PStG,,,,bund,,", "2:9 (source): every rule names its source"},
      {"x,,PStG,,,,gemeinde,dorf,src", "2:8 (size_classes): "},
  };
  for (const Bad& b : bad) {
    absl::StatusOr<CsvTable> rules = CsvTable::Parse(header + b.row + "\n", "rules.csv");
    ASSERT_THAT(rules, IsOk());
    absl::StatusOr<tools::Derivation> d = tools::DeriveResponsibility(leika, *rules);
    EXPECT_THAT(d.status().message(), ::testing::HasSubstr("rules.csv:" + b.message)) << b.row;
  }
  absl::StatusOr<CsvTable> dead =
      CsvTable::Parse(header + "a,,PStG,,,,bund,,s\nb,,PStG,,,,land,,s\n", "rules.csv");
  ASSERT_THAT(dead, IsOk());
  absl::StatusOr<tools::Derivation> d = tools::DeriveResponsibility(leika, *dead);
  ASSERT_THAT(d, IsOk());
  EXPECT_THAT(d->dead_rules, ::testing::ElementsAre("b (line 3)"));
}

TEST(ReferenceData, FullCatalogueMunicipalitiesAndResponsibilityImport) {
  DomainHarness h;
  const CsvTable services = Read("ozg_leistungen.csv");
  const CsvTable leika = Read("ozg_leika_leistungen.csv");
  PRIO_ASSERT_OK_AND_ASSIGN(client::CatalogImport catalog,
                            client::CatalogFromCsv(services, &leika));
  EXPECT_EQ(catalog.request.services_size(), 557);
  EXPECT_EQ(catalog.request.leika_size(), 5223);
  EXPECT_EQ(catalog.leika_rows_skipped, 26u);
  PRIO_ASSERT_OK_AND_ASSIGN(domain::Decision d,
                            h.Run(domain::DecideImportCatalog, catalog.request));
  ASSERT_EQ(d.writes.size(), 1u);  // one stream: the whole catalogue in one append
  EXPECT_EQ(h.state.services().size(), 557u);
  std::size_t leika_count = 0;
  for (const auto& [id, s] : h.state.services()) leika_count += s.leika.size();
  EXPECT_EQ(leika_count, 5223u);
  const domain::ServiceState* elterngeld = h.state.FindService("10000");
  ASSERT_NE(elterngeld, nullptr);
  EXPECT_EQ(elterngeld->service.name(), "Elterngeld");
  EXPECT_EQ(elterngeld->service.themenfeld(), "Familie & Kind");
  EXPECT_EQ(elterngeld->leika.size(), 4u);
  // Business services (business.h): the sourced Unternehmenslagen hold 90 of the 557.
  std::size_t business = 0;
  for (const auto& [id, s] : h.state.services()) business += domain::IsBusinessService(s.service);
  EXPECT_EQ(business, 90u);
  EXPECT_TRUE(domain::IsBusinessService(h.state.FindService("10294")->service));  // Gewerbe
  EXPECT_FALSE(domain::IsBusinessService(elterngeld->service));

  const CsvTable mapping = Read("responsibility.csv");
  PRIO_ASSERT_OK_AND_ASSIGN(client::ResponsibilityImport resp,
                            client::ResponsibilityFromCsv(mapping));
  EXPECT_EQ(resp.request.rows_size(), 5223);
  EXPECT_EQ(resp.rows_skipped, 26u);  // LeiKa rows without an OZG-ID
  ASSERT_THAT(h.Run(domain::DecideImportResponsibility, resp.request), IsOk());
  const domain::ServiceState* bau = h.state.FindService("10519");  // Baugenehmigung
  EXPECT_TRUE(bau->IsResponsible(v1::SIZE_CLASS_MITTLERE_KREISANGEHOERIGE_STADT));
  EXPECT_FALSE(bau->IsResponsible(v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE));
  EXPECT_EQ(bau->leika_responsibility.size(), bau->leika.size());
  EXPECT_EQ(bau->leika_responsibility.begin()->second.rule(), "bauaufsicht-untere");
  EXPECT_EQ(bau->leika_responsibility.begin()->second.office(), "bauaufsicht");
  EXPECT_TRUE(h.state.FindService("10256")->responsible.empty());  // federal
  EXPECT_EQ(h.state.mapping_source(), "");  // the CLI names it; here none was given
  EXPECT_GT(h.state.mapping_position(), 0u);

  const CsvTable gemeinden = Read("nrw_gemeinden.csv");
  const CsvTable kreise = Read("nrw_kreise.csv");
  PRIO_ASSERT_OK_AND_ASSIGN(client::MunicipalityImport munis,
                            client::MunicipalitiesFromCsv({&gemeinden, &kreise}));
  EXPECT_EQ(munis.request.municipalities_size(), 396 + 31);
  EXPECT_EQ(munis.rows_skipped, 22u);  // the kreisfreie Städte of nrw_kreise.csv
  PRIO_ASSERT_OK_AND_ASSIGN(d, h.Run(domain::DecideImportMunicipalities, munis.request));
  EXPECT_EQ(d.writes.size(), 427u);
  std::map<v1::SizeClass, int> by_class;
  for (const auto& [ags, m] : h.state.municipalities()) ++by_class[m.municipality.size_class()];
  EXPECT_EQ(by_class[v1::SIZE_CLASS_KREISFREIE_STADT], 23);  // 22 + Aachen
  EXPECT_EQ(by_class[v1::SIZE_CLASS_KREIS], 31);
  EXPECT_EQ(by_class[v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT], 35);
  EXPECT_EQ(by_class[v1::SIZE_CLASS_MITTLERE_KREISANGEHOERIGE_STADT], 132);
  EXPECT_EQ(by_class[v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE], 206);
  const domain::MunicipalityState* kreis_herford = h.state.FindMunicipality("05758000");
  ASSERT_NE(kreis_herford, nullptr);
  EXPECT_EQ(kreis_herford->municipality.name(), "Kreis Herford");
  EXPECT_EQ(kreis_herford->municipality.kreis_name(), "Herford");
  EXPECT_EQ(kreis_herford->municipality.size_class(), v1::SIZE_CLASS_KREIS);

  // The krz subset is part of it, and the importer takes the subset file as well.
  const CsvTable krz = Read("krz_gemeinden.csv");
  PRIO_ASSERT_OK_AND_ASSIGN(client::MunicipalityImport krz_import,
                            client::MunicipalitiesFromCsv({&krz}));
  EXPECT_EQ(krz_import.request.municipalities_size(), 36);
  PRIO_ASSERT_OK_AND_ASSIGN(d, h.Run(domain::DecideImportMunicipalities, krz_import.request));
  EXPECT_EQ(d.event_count(), 0u) << "the same municipalities again change nothing";
  EXPECT_EQ(d.unchanged, 36u);
}

}  // namespace
}  // namespace prio
