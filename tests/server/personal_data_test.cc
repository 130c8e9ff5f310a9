// Erasable personal data end to end: sealed in the log, shredded by erasure (views and
// the hash chain intact), and a master key that must match the store.
#include "tests/server/security_fixture.h"

namespace prio::server {
namespace {

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
