// Security end to end: priod in-process on loopback, real RocksDB, real gRPC clients
// holding real tokens. The authorization matrix goes through every RPC of prio's
// services (found in the descriptors, not listed here) with every role.
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
namespace {

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

// --- the authorization matrix -------------------------------------------------------

TEST(PolicyTable, HasExactlyOneRowForEveryRpc) {
  std::set<std::string> rpcs;
  for (const auto* m : AllMethods()) {
    rpcs.insert(ShortName(m));
    EXPECT_NE(security::FindPolicy(ShortName(m)), nullptr)
        << ShortName(m) << " has no row in server/security/policy.cc";
  }
  std::set<std::string> rows;
  for (const security::MethodPolicy& p : security::Policies()) {
    EXPECT_TRUE(rows.insert(std::string(p.method)).second) << p.method << " twice";
    EXPECT_TRUE(rpcs.contains(std::string(p.method))) << p.method << " is not an RPC";
    EXPECT_EQ(p.roles & security::RoleBit(v1::ROLE_UNSPECIFIED), 0u);
  }
  EXPECT_EQ(rows.size(), rpcs.size());
}

// A request for `m` as the caller would send it: fields named round_id and ags filled
// (round "open", the caller's AGS), everything else empty.
std::string RequestFor(const google::protobuf::MethodDescriptor* m, const std::string& ags) {
  google::protobuf::DynamicMessageFactory factory;
  std::unique_ptr<google::protobuf::Message> msg(factory.GetPrototype(m->input_type())->New());
  const auto* d = msg->GetDescriptor();
  const auto* r = msg->GetReflection();
  if (const auto* f = d->FindFieldByName("round_id"); f != nullptr && !f->is_repeated()) {
    r->SetString(msg.get(), f, "open");
  }
  if (const auto* f = d->FindFieldByName("ags"); f != nullptr && !f->is_repeated()) {
    r->SetString(msg.get(), f, ags);
  }
  return msg->SerializeAsString();
}

TEST_F(SecurityTest, AuthorizationMatrixCoversEveryRpcAndRole) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  struct Caller {
    std::string name;
    std::shared_ptr<grpc::Channel> channel;
    v1::Role role;
    std::string ags;       // the AGS the requests carry
    bool own_ags = true;   // ... and whether it is the token's
  };
  std::vector<Caller> callers = {
      {"no token", client::Connect(server_.address(), ""), v1::ROLE_UNSPECIFIED, kBuende},
      {"unknown token", client::Connect(server_.address(), "prio_" + std::string(64, 'a')),
       v1::ROLE_UNSPECIFIED, kBuende},
      {"admin", server_.tokens().Channel(v1::ROLE_ADMIN), v1::ROLE_ADMIN, kBuende},
      {"service", server_.tokens().Channel(v1::ROLE_SERVICE), v1::ROLE_SERVICE, kBuende},
      {"auditor", server_.tokens().Channel(v1::ROLE_AUDITOR), v1::ROLE_AUDITOR, kBuende},
      {"municipality (own)", server_.tokens().Channel(v1::ROLE_MUNICIPALITY, kBuende),
       v1::ROLE_MUNICIPALITY, kBuende},
      {"municipality (other)", server_.tokens().Channel(v1::ROLE_MUNICIPALITY, kBuende),
       v1::ROLE_MUNICIPALITY, kHerford, false},
  };
  int checked = 0;
  for (const auto* m : AllMethods()) {
    const security::MethodPolicy* policy = security::FindPolicy(ShortName(m));
    ASSERT_NE(policy, nullptr) << ShortName(m);
    for (const Caller& c : callers) {
      const uint64_t head = Head();
      const grpc::Status s = Call(c.channel, m, RequestFor(m, c.ags));
      const std::string where = absl::StrCat(ShortName(m), " as ", c.name, ": ",
                                             s.error_code(), " ", s.error_message());
      ++checked;
      if (c.role == v1::ROLE_UNSPECIFIED) {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << where;
        EXPECT_EQ(Head(), head) << where;
        continue;
      }
      bool allowed = (policy->roles & security::RoleBit(c.role)) != 0;
      if (c.role == v1::ROLE_MUNICIPALITY &&
          policy->municipality == security::MunicipalityScope::kOwnAgs) {
        allowed = allowed && c.own_ags;
      }
      if (allowed) {
        EXPECT_NE(s.error_code(), grpc::StatusCode::UNAUTHENTICATED) << where;
        EXPECT_NE(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where;
      } else {
        EXPECT_EQ(s.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where;
        EXPECT_EQ(Head(), head) << where;
      }
    }
  }
  EXPECT_EQ(checked, static_cast<int>(AllMethods().size() * callers.size()));
}

// --- tokens -------------------------------------------------------------------------

TEST_F(SecurityTest, FirstStartWritesTheAdminTokenFileOnce) {
  const std::string file = dir_.Sub("db") + "/admin.token";
  const auto perms = std::filesystem::status(file).permissions();
  EXPECT_EQ(perms, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const std::string token = server_.tokens().admin_token();
  EXPECT_THAT(token, ::testing::MatchesRegex("prio_[0-9a-f]{64}"));
  Start();  // a restart keeps the token and does not create another
  EXPECT_EQ(testing::ReadAdminToken(dir_.Sub("db")), token);
  auto list = Unary(SecurityAs(v1::ROLE_ADMIN).get(), &Security::ListTokens,
                    v1::ListTokensRequest());
  ASSERT_THAT(list, IsOk());
  ASSERT_EQ(list->tokens_size(), 1);
  EXPECT_EQ(list->tokens(0).issuer(), "priod");
  // The log holds the token's hash, never the token.
  v1::ReadAllRequest all;
  client::StoreClient store(server_.tokens().Admin());
  ASSERT_THAT(store.ReadAll(all, [&](const v1::RecordedEvent& e) {
    EXPECT_FALSE(absl::StrContains(e.data(), token.substr(5)));
    EXPECT_FALSE(absl::StrContains(e.data(), token));
    return true;
  }), IsOk());
}

// Read your writes: a municipality's token can be created right after its import
// (the projection catches up first; the Germany benchmark found it did not).
TEST_F(SecurityTest, TokenForAMunicipalityImportedAMomentAgo) {
  auto commands = CommandsAs(v1::ROLE_ADMIN);
  auto admin = SecurityAs(v1::ROLE_ADMIN);
  for (int i = 0; i < 20; ++i) {
    const std::string ags = absl::StrCat("05758", 900 + i);  // a new one each time
    v1::ImportMunicipalitiesRequest munis;
    *munis.add_municipalities() = MakeMunicipality(
        ags, absl::StrCat("Neu ", i), v1::SIZE_CLASS_KLEINE_KREISANGEHOERIGE_GEMEINDE, 5000);
    ASSERT_THAT(Unary(commands.get(), &Commands::ImportMunicipalities, munis), IsOk());
    v1::CreateTokenRequest create;
    create.set_role(v1::ROLE_MUNICIPALITY);
    create.set_ags(ags);
    EXPECT_THAT(Unary(admin.get(), &Security::CreateToken, create), IsOk()) << ags;
  }
}

TEST_F(SecurityTest, TokenLifecycleCreateUseRevokeRefused) {
  auto admin = SecurityAs(v1::ROLE_ADMIN);
  v1::CreateTokenRequest create;
  create.set_role(v1::ROLE_SERVICE);
  create.set_note("ranking dashboard");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::CreateTokenResponse created,
                            Unary(admin.get(), &Security::CreateToken, create));
  EXPECT_EQ(created.info().issuer().substr(0, 6), "admin/");
  auto service = v1::Security::NewStub(client::Connect(server_.address(), created.token()));
  PRIO_ASSERT_OK_AND_ASSIGN(v1::WhoAmIResponse me,
                            Unary(service.get(), &Security::WhoAmI, v1::WhoAmIRequest()));
  EXPECT_EQ(me.principal(), "service/" + created.info().token_id());
  EXPECT_THAT(me.allowed(), ::testing::Contains("SurveyQueries/Watch"));
  EXPECT_THAT(me.allowed(), ::testing::Not(::testing::Contains("SurveyCommands/OpenRound")));

  v1::RevokeTokenRequest revoke;
  revoke.set_token_id(created.info().token_id());
  revoke.set_reason("dashboard retired");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::RevokeTokenResponse revoked,
                            Unary(admin.get(), &Security::RevokeToken, revoke));
  EXPECT_TRUE(revoked.info().revoked());
  EXPECT_THAT(Unary(service.get(), &Security::WhoAmI, v1::WhoAmIRequest()),
              StatusIs(Code::kUnauthenticated, HasSubstr("revoked")));
  EXPECT_THAT(Unary(admin.get(), &Security::RevokeToken, revoke),
              StatusIs(Code::kFailedPrecondition, HasSubstr("already revoked")));

  // Revocation is an event: it survives a restart.
  Start();
  service = v1::Security::NewStub(client::Connect(server_.address(), created.token()));
  EXPECT_THAT(Unary(service.get(), &Security::WhoAmI, v1::WhoAmIRequest()),
              StatusIs(Code::kUnauthenticated, HasSubstr("revoked")));
  v1::ListTokensRequest list_all;
  list_all.set_include_revoked(true);
  PRIO_ASSERT_OK_AND_ASSIGN(v1::ListTokensResponse list,
                            Unary(SecurityAs(v1::ROLE_ADMIN).get(), &Security::ListTokens,
                                  list_all));
  ASSERT_EQ(list.tokens_size(), 2);
  EXPECT_EQ(list.tokens(1).revoke_reason(), "dashboard retired");
}

TEST_F(SecurityTest, BadTokenRequestsAreRefusedAndChangeNothing) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  auto admin = SecurityAs(v1::ROLE_ADMIN);
  const uint64_t head = Head();
  v1::CreateTokenRequest r;
  EXPECT_THAT(Unary(admin.get(), &Security::CreateToken, r),
              StatusIs(Code::kInvalidArgument, HasSubstr("role")));
  r.set_role(v1::ROLE_MUNICIPALITY);
  EXPECT_THAT(Unary(admin.get(), &Security::CreateToken, r),
              StatusIs(Code::kInvalidArgument, HasSubstr("ags")));
  r.set_ags("99999999");
  EXPECT_THAT(Unary(admin.get(), &Security::CreateToken, r),
              StatusIs(Code::kNotFound, HasSubstr("not registered")));
  r.set_role(v1::ROLE_SERVICE);
  r.set_ags(kBuende);
  EXPECT_THAT(Unary(admin.get(), &Security::CreateToken, r),
              StatusIs(Code::kInvalidArgument, HasSubstr("only municipality tokens")));
  r.set_ags("");
  r.set_note(std::string(201, 'x'));
  EXPECT_THAT(Unary(admin.get(), &Security::CreateToken, r),
              StatusIs(Code::kInvalidArgument, HasSubstr("note")));
  v1::RevokeTokenRequest revoke;
  revoke.set_token_id("nope");
  EXPECT_THAT(Unary(admin.get(), &Security::RevokeToken, revoke), StatusIs(Code::kNotFound));
  // The last admin token cannot be revoked (nobody could manage tokens any more).
  PRIO_ASSERT_OK_AND_ASSIGN(v1::WhoAmIResponse me,
                            Unary(admin.get(), &Security::WhoAmI, v1::WhoAmIRequest()));
  revoke.set_token_id(me.token().token_id());
  EXPECT_THAT(Unary(admin.get(), &Security::RevokeToken, revoke),
              StatusIs(Code::kFailedPrecondition, HasSubstr("last admin token")));
  // Malformed authorization metadata.
  auto garbage = v1::Security::NewStub(client::Connect(server_.address(), "not-a-token"));
  EXPECT_THAT(Unary(garbage.get(), &Security::WhoAmI, v1::WhoAmIRequest()),
              StatusIs(Code::kUnauthenticated, HasSubstr("malformed")));
  EXPECT_EQ(Head(), head);
}

// --- what municipalities may do -----------------------------------------------------

TEST_F(SecurityTest, EventsRecordThePrincipalOfTheTokenNotOfTheClient) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  ASSERT_THAT(server_.tokens().AsMunicipality(&Commands::SubmitNeeds, Needs("open", kBuende)), IsOk());
  // A raw append whose metadata claims another principal.
  v1::AppendRequest raw;
  v1::StreamAppend* sa = raw.add_appends();
  sa->set_stream("notes");
  v1::ProposedEvent* e = sa->add_events();
  e->set_event_id(client::NewEventId());
  e->set_type("Noted");
  (*e->mutable_metadata())["principal"] = "municipality/05758012/forged";
  client::StoreClient store(server_.tokens().Admin());
  ASSERT_THAT(store.Append(raw), IsOk());

  PRIO_ASSERT_OK_AND_ASSIGN(v1::WhoAmIResponse buende,
                            Unary(SecurityAs(v1::ROLE_MUNICIPALITY, kBuende).get(),
                                  &Security::WhoAmI, v1::WhoAmIRequest()));
  PRIO_ASSERT_OK_AND_ASSIGN(v1::WhoAmIResponse admin,
                            Unary(SecurityAs(v1::ROLE_ADMIN).get(), &Security::WhoAmI,
                                  v1::WhoAmIRequest()));
  std::map<std::string, std::string> principal_of;  // type -> principal
  ASSERT_THAT(store.ReadAll({}, [&](const v1::RecordedEvent& ev) {
    principal_of[ev.type()] = ev.metadata().at("principal");
    return true;
  }), IsOk());
  EXPECT_EQ(principal_of["NeedSubmitted"], buende.principal());
  EXPECT_EQ(principal_of["Noted"], admin.principal());
  EXPECT_EQ(principal_of["RoundOpened"], admin.principal());
  EXPECT_EQ(principal_of["TokenCreated"], admin.principal());  // the last one: Bünde's
}

TEST_F(SecurityTest, MunicipalitySeesResultsOnlyAsTheRoundAllows) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  for (const char* round : {"open", "sealed", "internal"}) {
    ASSERT_THAT(server_.tokens().AsMunicipality(&Commands::SubmitNeeds, Needs(round, kBuende)), IsOk());
    ASSERT_THAT(server_.tokens().AsMunicipality(&Commands::SubmitNeeds, Needs(round, kHerford)), IsOk());
  }
  auto buende = QueriesAs(v1::ROLE_MUNICIPALITY, kBuende);
  auto detmold = QueriesAs(v1::ROLE_MUNICIPALITY, kDetmold);
  auto ranking = [](const std::string& round) {
    v1::RankingRequest r;
    r.set_round_id(round);
    r.set_method("need");
    return r;
  };
  EXPECT_THAT(Unary(buende.get(), &Queries::Ranking, ranking("open")), IsOk());
  EXPECT_THAT(Unary(buende.get(), &Queries::Ranking, ranking("sealed")),
              StatusIs(Code::kPermissionDenied, HasSubstr("after it closes")));
  EXPECT_THAT(Unary(buende.get(), &Queries::Ranking, ranking("internal")),
              StatusIs(Code::kPermissionDenied, HasSubstr("internal")));
  EXPECT_THAT(Unary(detmold.get(), &Queries::Ranking, ranking("open")),
              StatusIs(Code::kPermissionDenied, HasSubstr("does not take part")));
  for (v1::Role role : {v1::ROLE_ADMIN, v1::ROLE_SERVICE, v1::ROLE_AUDITOR}) {
    EXPECT_THAT(Unary(QueriesAs(role).get(), &Queries::Ranking, ranking("sealed")), IsOk());
    EXPECT_THAT(Unary(QueriesAs(role).get(), &Queries::Ranking, ranking("internal")), IsOk());
  }
  v1::CloseRoundRequest close;
  close.set_round_id("sealed");
  ASSERT_THAT(Unary(CommandsAs(v1::ROLE_ADMIN).get(), &Commands::CloseRound, close), IsOk());
  PRIO_ASSERT_OK_AND_ASSIGN(v1::RankingResponse after,
                            Unary(buende.get(), &Queries::Ranking, ranking("sealed")));
  EXPECT_FALSE(after.rows().empty());

  // The plan: a municipality sees the schedule and its own departments only.
  v1::SetEffortRequest effort;
  v1::EffortEstimated* e = effort.add_efforts();
  e->set_service_id("10001");
  e->set_team("Team 1");
  e->set_central_person_days(10);
  e->set_onboarding_person_days(2);
  e->set_onboarding_department("Bürgerbüro");
  ASSERT_THAT(Unary(CommandsAs(v1::ROLE_ADMIN).get(), &Commands::SetEffort, effort), IsOk());
  v1::DeclareCapacityRequest capacity;
  v1::CapacityDeclared* c = capacity.add_teams();
  c->set_team("Team 1");
  c->set_quarter("2027-Q1");
  c->set_person_days(100);
  ASSERT_THAT(Unary(CommandsAs(v1::ROLE_ADMIN).get(), &Commands::DeclareCapacity, capacity),
              IsOk());
  v1::PlanRequest plan;
  plan.set_round_id("open");
  plan.set_method("need");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::PlanResponse full,
                            Unary(QueriesAs(v1::ROLE_SERVICE).get(), &Queries::Plan, plan));
  PRIO_ASSERT_OK_AND_ASSIGN(v1::PlanResponse mine, Unary(buende.get(), &Queries::Plan, plan));
  EXPECT_FALSE(full.teams().empty());
  EXPECT_TRUE(mine.teams().empty());
  EXPECT_EQ(mine.services_size(), full.services_size());
  std::set<std::string> departments_of;
  for (const v1::DepartmentQuarter& d : full.departments()) departments_of.insert(d.ags());
  EXPECT_TRUE(departments_of.contains(kHerford));
  ASSERT_FALSE(mine.departments().empty());
  for (const v1::DepartmentQuarter& d : mine.departments()) EXPECT_EQ(d.ags(), kBuende);
}

// --- transport ----------------------------------------------------------------------

TEST(ListenTest, RefusesClearTextBeyondLoopbackUnlessTold) {
  TempDir dir;
  EXPECT_TRUE(IsLoopbackAddress("127.0.0.1:50051"));
  EXPECT_TRUE(IsLoopbackAddress("[::1]:50051"));
  EXPECT_TRUE(IsLoopbackAddress("localhost:50051"));
  EXPECT_FALSE(IsLoopbackAddress("0.0.0.0:50051"));
  EXPECT_FALSE(IsLoopbackAddress("[::]:50051"));
  EXPECT_FALSE(IsLoopbackAddress("10.1.2.3:50051"));
  auto refused = Priod::Start({.data_dir = dir.Sub("db"), .listen = "0.0.0.0:0"});
  EXPECT_THAT(refused, StatusIs(Code::kFailedPrecondition,
                                HasSubstr("refusing to listen on 0.0.0.0:0 without TLS")));
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("db")));  // nothing was opened
  PriodOptions told{.data_dir = dir.Sub("db"), .listen = "0.0.0.0:0"};
  told.insecure_listen = true;
  auto p = Priod::Start(told);
  ASSERT_THAT(p, IsOk());
}

// A CA, a server certificate for localhost/127.0.0.1 and a client certificate, made
// with the openssl command line.
class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string d = dir_.path();
    const std::string script = absl::StrCat(
        "cd ", d, " && set -e && ",
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 "
        "-subj /CN=prio-test-ca 2>/dev/null && ",
        "printf 'subjectAltName=DNS:localhost,IP:127.0.0.1' > san.ext && ",
        "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr "
        "-subj /CN=localhost 2>/dev/null && ",
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
        "-out server.pem -days 2 -extfile san.ext 2>/dev/null && ",
        "openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr "
        "-subj /CN=prio-client 2>/dev/null && ",
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial "
        "-out client.pem -days 2 2>/dev/null && ",
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key -out other.pem -days 2 "
        "-subj /CN=other-ca 2>/dev/null");
    ASSERT_EQ(std::system(script.c_str()), 0) << "openssl failed";
  }

  std::string Read(const std::string& name) {
    std::ifstream in(dir_.Sub(name));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  absl::Status WhoAmI(const std::string& address, client::ConnectOptions o) {
    auto stub = v1::Security::NewStub(client::Connect(address, o));
    return Unary(stub.get(), &Security::WhoAmI, v1::WhoAmIRequest(), absl::Seconds(5)).status();
  }

  TempDir dir_;
};

TEST_F(TlsTest, ServesTlsAndRefusesClearTextAndUnknownCas) {
  PriodOptions o{.data_dir = dir_.Sub("db"), .listen = "127.0.0.1:0"};
  o.tls_cert_file = dir_.Sub("server.pem");
  o.tls_key_file = dir_.Sub("server.key");
  auto p = Priod::Start(o);
  ASSERT_THAT(p, IsOk());
  const std::string port = (*p)->address().substr((*p)->address().rfind(':') + 1);
  const std::string token = testing::ReadAdminToken(dir_.Sub("db"));
  EXPECT_THAT(WhoAmI("localhost:" + port, {.bearer_token = token, .tls_ca_pem = Read("ca.pem")}),
              IsOk());
  EXPECT_THAT(WhoAmI("127.0.0.1:" + port, {.bearer_token = token, .tls_ca_pem = Read("ca.pem")}),
              IsOk());
  EXPECT_THAT(WhoAmI("localhost:" + port, {.bearer_token = token}),
              StatusIs(Code::kUnavailable));  // clear text to a TLS port
  EXPECT_THAT(WhoAmI("localhost:" + port, {.bearer_token = token, .tls_ca_pem = Read("other.pem")}),
              StatusIs(Code::kUnavailable));  // a CA that did not sign the server
  // TLS does not replace the token.
  EXPECT_THAT(WhoAmI("localhost:" + port, {.tls_ca_pem = Read("ca.pem")}),
              StatusIs(Code::kUnauthenticated));
}

TEST_F(TlsTest, MutualTlsRequiresAClientCertificateFromTheClientCa) {
  PriodOptions o{.data_dir = dir_.Sub("db"), .listen = "127.0.0.1:0"};
  o.tls_cert_file = dir_.Sub("server.pem");
  o.tls_key_file = dir_.Sub("server.key");
  o.tls_client_ca_file = dir_.Sub("ca.pem");
  auto p = Priod::Start(o);
  ASSERT_THAT(p, IsOk());
  const std::string address = "localhost:" + (*p)->address().substr((*p)->address().rfind(':') + 1);
  const std::string token = testing::ReadAdminToken(dir_.Sub("db"));
  EXPECT_THAT(WhoAmI(address, {.bearer_token = token,
                               .tls_ca_pem = Read("ca.pem"),
                               .tls_cert_pem = Read("client.pem"),
                               .tls_key_pem = Read("client.key")}),
              IsOk());
  EXPECT_THAT(WhoAmI(address, {.bearer_token = token, .tls_ca_pem = Read("ca.pem")}),
              StatusIs(Code::kUnavailable));  // no client certificate
  EXPECT_THAT(WhoAmI(address, {.bearer_token = token,
                               .tls_ca_pem = Read("ca.pem"),
                               .tls_cert_pem = Read("other.pem"),
                               .tls_key_pem = Read("other.key")}),
              StatusIs(Code::kUnavailable));  // signed by another CA
}

TEST_F(SecurityTest, OversizedMessagesAreRefused) {
  v1::CreateTokenRequest huge;
  huge.set_note(std::string(20 << 20, 'x'));  // beyond the 18 MiB receive limit
  const uint64_t head = Head();
  EXPECT_THAT(Unary(SecurityAs(v1::ROLE_ADMIN).get(), &Security::CreateToken, huge),
              StatusIs(Code::kResourceExhausted));
  EXPECT_EQ(Head(), head);
}

// --- erasable personal data ---------------------------------------------------------

// True if any file under `dir` contains `needle`.
bool AnyFileContains(const std::string& dir, const std::string& needle) {
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    if (bytes.find(needle) != std::string::npos) return true;
  }
  return false;
}

TEST_F(SecurityTest, ErasureShredsPersonalDataKeepsViewsAndChain) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  ASSERT_THAT(server_.tokens().AsMunicipality(
                  &Commands::SubmitNeeds,
                  Needs("open", kBuende, "Rückruf erbeten", "Erika Mustermann", "erika@buende.example")),
              IsOk());
  ASSERT_THAT(server_.tokens().AsMunicipality(&Commands::SubmitNeeds,
                                      Needs("open", kHerford, "Herforder Notiz", "Max Muster")),
              IsOk());
  // Sent again unchanged: nothing new is written (sealed data is compared in plain text).
  PRIO_ASSERT_OK_AND_ASSIGN(
      v1::CommandResponse again,
      server_.tokens().AsMunicipality(&Commands::SubmitNeeds, Needs("open", kBuende, "Rückruf erbeten",
                                                            "Erika Mustermann",
                                                            "erika@buende.example")));
  EXPECT_EQ(again.events_written(), 0u);
  EXPECT_EQ(again.unchanged(), 1u);
  EXPECT_THAT(server_.tokens().AsMunicipality(&Commands::SubmitNeeds,
                                      Needs("open", kBuende, "", "", "not-an-address")),
              StatusIs(Code::kInvalidArgument, HasSubstr("contact_email")));

  v1::GetAnswersRequest answers;
  answers.set_round_id("open");
  answers.set_ags(kBuende);
  auto admin_queries = QueriesAs(v1::ROLE_ADMIN);
  PRIO_ASSERT_OK_AND_ASSIGN(v1::GetAnswersResponse before,
                            Unary(admin_queries.get(), &Queries::GetAnswers, answers));
  ASSERT_EQ(before.needs_size(), 1);
  EXPECT_EQ(before.needs(0).contact_name(), "Erika Mustermann");
  EXPECT_EQ(before.needs(0).contact_email(), "erika@buende.example");
  EXPECT_EQ(before.needs(0).comment(), "Rückruf erbeten");
  EXPECT_TRUE(before.needs(0).sealed_personal().empty());
  // The log holds ciphertext only.
  client::StoreClient store(server_.tokens().Admin());
  ASSERT_THAT(store.ReadAll({}, [&](const v1::RecordedEvent& e) {
    EXPECT_FALSE(absl::StrContains(e.data(), "Mustermann")) << e.type();
    EXPECT_FALSE(absl::StrContains(e.data(), "Rückruf")) << e.type();
    return true;
  }), IsOk());

  v1::RankingRequest rank;
  rank.set_round_id("open");
  rank.set_method("need");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::RankingResponse ranking_before,
                            Unary(admin_queries.get(), &Queries::Ranking, rank));
  PRIO_ASSERT_OK_AND_ASSIGN(std::optional<std::string> wrapped,
                            server_.priod()->store()->GetKey(std::string("personal/") + kBuende));
  ASSERT_TRUE(wrapped.has_value());
  const std::string wrapped_key = wrapped->substr(5);  // after live flag and generation

  v1::ErasePersonalDataRequest erase;
  erase.set_ags(kBuende);
  erase.set_reason("Art. 17 request 2027-041");
  EXPECT_THAT(Unary(SecurityAs(v1::ROLE_MUNICIPALITY, kBuende).get(), &Security::ErasePersonalData,
                    erase),
              StatusIs(Code::kPermissionDenied));
  PRIO_ASSERT_OK_AND_ASSIGN(v1::ErasePersonalDataResponse erased,
                            Unary(SecurityAs(v1::ROLE_ADMIN).get(), &Security::ErasePersonalData,
                                  erase));
  EXPECT_EQ(erased.key_generation(), 1u);

  auto check_erased = [&] {
    PRIO_ASSERT_OK_AND_ASSIGN(v1::GetAnswersResponse after,
                              Unary(QueriesAs(v1::ROLE_ADMIN).get(), &Queries::GetAnswers, answers));
    ASSERT_EQ(after.needs_size(), 1);
    EXPECT_EQ(after.needs(0).contact_name(), "[erased]");
    EXPECT_EQ(after.needs(0).contact_email(), "[erased]");
    EXPECT_EQ(after.needs(0).comment(), "[erased]");
    EXPECT_EQ(after.needs(0).yearly_cases(), 120);  // the need itself stays
    // Herford's personal data is untouched.
    v1::GetAnswersRequest herford = answers;
    herford.set_ags(kHerford);
    PRIO_ASSERT_OK_AND_ASSIGN(v1::GetAnswersResponse h,
                              Unary(QueriesAs(v1::ROLE_ADMIN).get(), &Queries::GetAnswers, herford));
    EXPECT_EQ(h.needs(0).contact_name(), "Max Muster");
    PRIO_ASSERT_OK_AND_ASSIGN(v1::RankingResponse ranking_after,
                              Unary(QueriesAs(v1::ROLE_ADMIN).get(), &Queries::Ranking, rank));
    ranking_after.clear_position();
    v1::RankingResponse b = ranking_before;
    b.clear_position();
    EXPECT_EQ(ranking_after.SerializeAsString(), b.SerializeAsString());
    PRIO_ASSERT_OK_AND_ASSIGN(v1::VerifyChainResponse verify,
                              Unary(QueriesAs(v1::ROLE_AUDITOR).get(), &Queries::VerifyChain,
                                    v1::VerifyChainRequest()));
    EXPECT_TRUE(verify.ok()) << verify.problem();
  };
  check_erased();
  Start();  // the erasure survives a restart (a snapshot and a replay both)
  check_erased();
  server_.Stop();
  // No live file of the store holds the destroyed (wrapped) data key any more.
  EXPECT_FALSE(AnyFileContains(dir_.Sub("db"), wrapped_key));
  Start();
  check_erased();

  // Later answers of Bünde are sealed under a new key and readable.
  ASSERT_THAT(server_.tokens().AsMunicipality(&Commands::SubmitNeeds,
                                      Needs("sealed", kBuende, "neu", "Neue Ansprechperson")),
              IsOk());
  v1::GetAnswersRequest later = answers;
  later.set_round_id("sealed");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::GetAnswersResponse fresh,
                            Unary(QueriesAs(v1::ROLE_ADMIN).get(), &Queries::GetAnswers, later));
  EXPECT_EQ(fresh.needs(0).contact_name(), "Neue Ansprechperson");
  check_erased();
}

TEST_F(SecurityTest, TheMasterKeyMustMatchTheStore) {
  ASSERT_NO_FATAL_FAILURE(Seed());
  ASSERT_THAT(server_.tokens().AsMunicipality(&Commands::SubmitNeeds,
                                      Needs("open", kBuende, "x", "Erika Mustermann")),
              IsOk());
  server_.Stop();
  const std::string key_file = dir_.Sub("db") + "/master.key";
  EXPECT_EQ(std::filesystem::status(key_file).permissions(),
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::filesystem::rename(key_file, dir_.Sub("master.key.saved"));
  EXPECT_THAT(Priod::Start({.data_dir = dir_.Sub("db"), .listen = "127.0.0.1:0"}),
              StatusIs(Code::kFailedPrecondition, HasSubstr("is missing")));
  {
    std::ofstream out(dir_.Sub("other.key"));
    out << std::string(64, 'a') << "\n";
  }
  std::filesystem::permissions(dir_.Sub("other.key"), std::filesystem::perms::owner_read |
                                                          std::filesystem::perms::owner_write);
  PriodOptions other{.data_dir = dir_.Sub("db"), .listen = "127.0.0.1:0"};
  other.master_key_file = dir_.Sub("other.key");
  EXPECT_THAT(Priod::Start(other),
              StatusIs(Code::kFailedPrecondition, HasSubstr("is not the one that wrapped")));
  std::filesystem::permissions(dir_.Sub("other.key"), std::filesystem::perms::group_read,
                               std::filesystem::perm_options::add);
  EXPECT_THAT(Priod::Start(other), StatusIs(Code::kFailedPrecondition, HasSubstr("chmod 600")));
  // Kept apart from the data directory, the right key works.
  PriodOptions apart{.data_dir = dir_.Sub("db"), .listen = "127.0.0.1:0"};
  apart.master_key_file = dir_.Sub("master.key.saved");
  auto p = Priod::Start(apart);
  ASSERT_THAT(p, IsOk());
}

}  // namespace
}  // namespace prio::server
