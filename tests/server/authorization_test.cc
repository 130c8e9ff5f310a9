// Authorization end to end: the policy table has one row per RPC, the matrix goes
// through every RPC of prio's services (found in the descriptors, not listed here)
// with every role, and what a municipality's token may see and write.
#include "tests/server/security_fixture.h"

namespace prio::server {
namespace {

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


}  // namespace
}  // namespace prio::server
