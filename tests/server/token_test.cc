// Tokens end to end: the first admin token, creation, use, revocation, bad requests.
#include "tests/server/security_fixture.h"

namespace prio::server {
namespace {

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


}  // namespace
}  // namespace prio::server
