// The security tests' shared fixture: priod in-process on loopback (real RocksDB,
// real gRPC, real tokens) with a small seeded survey, and stubs per role.
#ifndef PRIO_TESTS_SERVER_SECURITY_FIXTURE_H_
#define PRIO_TESTS_SERVER_SECURITY_FIXTURE_H_

#include <filesystem>
#include <fstream>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/store_client.h"
#include "client/unary.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "gtest/gtest.h"
#include "prio/v1/commands.grpc.pb.h"
#include "prio/v1/queries.grpc.pb.h"
#include "prio/v1/security.grpc.pb.h"
#include "prio/v1/store.grpc.pb.h"
#include "server/priod.h"
#include "server/security/policy.h"
#include "testing/auth.h"
#include "testing/generic_call.h"
#include "testing/status_matchers.h"
#include "testing/survey.h"
#include "testing/temp_dir.h"
#include "testing/in_process_priod.h"

namespace prio::server {

using ::prio::client::Unary;
using ::prio::testing::IsOk;
using ::prio::testing::MakeMunicipality;
using ::prio::testing::MakeService;
using ::prio::testing::StatusIs;
using ::prio::testing::TempDir;
using ::prio::testing::AllMethods;
using ::prio::testing::Call;
using ::prio::testing::ShortName;
using ::prio::testing::TestTokens;
using ::testing::HasSubstr;
using Code = absl::StatusCode;
using Commands = v1::SurveyCommands::Stub;
using Queries = v1::SurveyQueries::Stub;
using Security = v1::Security::Stub;

constexpr char kBuende[] = "05758004";
constexpr char kHerford[] = "05758012";
constexpr char kDetmold[] = "05766020";  // registered, in no round

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }

  void Start(PriodOptions options = {}) {
    server_.Stop();
    ASSERT_THAT(server_.Start(options), IsOk());
  }

  std::unique_ptr<Commands> CommandsAs(v1::Role role, const std::string& ags = "") {
    return v1::SurveyCommands::NewStub(server_.tokens().Channel(role, ags));
  }
  std::unique_ptr<Queries> QueriesAs(v1::Role role, const std::string& ags = "") {
    return v1::SurveyQueries::NewStub(server_.tokens().Channel(role, ags));
  }
  std::unique_ptr<Security> SecurityAs(v1::Role role, const std::string& ags = "") {
    return v1::Security::NewStub(server_.tokens().Channel(role, ags));
  }

  // Three services, four municipalities, round "open" (results public) and round
  // "sealed" (results after close), both with Bünde and Herford.
  void Seed() {
    auto admin = CommandsAs(v1::ROLE_ADMIN);
    v1::ImportCatalogRequest catalog;
    *catalog.add_services() = MakeService("10001", "Elterngeld");
    *catalog.add_services() = MakeService("10003", "Geburtsanzeige");
    *catalog.add_services() = MakeService("10513", "Abbruchgenehmigung");
    ASSERT_THAT(Unary(admin.get(), &Commands::ImportCatalog, catalog), IsOk());
    v1::ImportResponsibilityRequest responsibility;
    for (const char* id : {"10001", "10003", "10513"}) {
      v1::ResponsibilitySet* r = responsibility.add_entries();
      r->set_service_id(id);
      for (v1::SizeClass c : {v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT,
                              v1::SIZE_CLASS_MITTLERE_KREISANGEHOERIGE_STADT}) {
        r->add_size_classes(c);
      }
      r->set_rule("test");
    }
    ASSERT_THAT(Unary(admin.get(), &Commands::ImportResponsibility, responsibility), IsOk());
    v1::ImportMunicipalitiesRequest munis;
    *munis.add_municipalities() =
        MakeMunicipality(kBuende, "Bünde", v1::SIZE_CLASS_MITTLERE_KREISANGEHOERIGE_STADT, 45000);
    *munis.add_municipalities() =
        MakeMunicipality(kHerford, "Herford", v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT, 66000);
    *munis.add_municipalities() =
        MakeMunicipality(kDetmold, "Detmold", v1::SIZE_CLASS_GROSSE_KREISANGEHOERIGE_STADT, 74000);
    ASSERT_THAT(Unary(admin.get(), &Commands::ImportMunicipalities, munis), IsOk());
    for (auto [id, results] : {std::pair{"open", v1::RESULTS_VISIBILITY_PUBLIC},
                               std::pair{"sealed", v1::RESULTS_VISIBILITY_AFTER_CLOSE},
                               std::pair{"internal", v1::RESULTS_VISIBILITY_INTERNAL}}) {
      v1::OpenRoundRequest open;
      v1::RoundOpened* r = open.mutable_round();
      r->set_round_id(id);
      r->set_title(id);
      r->set_closes_at_us(absl::ToUnixMicros(absl::Now() + absl::Hours(24 * 30)));
      for (const char* s : {"10001", "10003", "10513"}) {
        r->mutable_scope()->mutable_services()->add_service_ids(s);
      }
      r->add_participants(kBuende);
      r->add_participants(kHerford);
      r->mutable_ballot()->set_kind(v1::BALLOT_KIND_POINTS);
      r->mutable_ballot()->set_budget(100);
      r->set_plan_start_quarter("2027-Q1");
      r->set_horizon_quarters(8);
      r->set_results(results);
      ASSERT_THAT(Unary(admin.get(), &Commands::OpenRound, open), IsOk());
    }
  }

  static v1::SubmitNeedsRequest Needs(const std::string& round, const std::string& ags,
                                      const std::string& comment = "",
                                      const std::string& contact = "",
                                      const std::string& email = "") {
    v1::SubmitNeedsRequest r;
    r.set_round_id(round);
    r.set_ags(ags);
    v1::Need* n = r.add_needs();
    n->set_service_id("10001");
    n->set_level(v1::NEED_LEVEL_REQUIRED);
    n->set_yearly_cases(120);
    n->set_department("Bürgerbüro");
    n->set_comment(comment);
    n->set_contact_name(contact);
    n->set_contact_email(email);
    return r;
  }

  uint64_t Head() { return server_.priod()->store()->GetHead().position; }

  TempDir dir_;
  testing::InProcessPriod server_{dir_.Sub("db")};
};


}  // namespace prio::server

#endif  // PRIO_TESTS_SERVER_SECURITY_FIXTURE_H_
