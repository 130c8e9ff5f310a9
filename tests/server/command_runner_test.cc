// The command runner without any transport: a real store and projection, commands
// run directly. Request-id idempotency, derived event and correlation ids, refusals
// that write nothing and release the gate, and a stale expected revision.
#include "server/command_runner.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/streams.h"
#include "server/domain/survey_state.h"
#include "testing/status_matchers.h"
#include "testing/survey.h"
#include "testing/temp_dir.h"

namespace prio::server {
namespace {

using ::prio::testing::IsOk;
using ::prio::testing::MakeService;
using ::prio::testing::StatusIs;
using ::prio::testing::TempDir;
using ::testing::HasSubstr;
using Code = absl::StatusCode;

class CommandRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = storage::EventStore::Open({.path = dir_.Sub("db")});
    ASSERT_THAT(store, IsOk());
    store_ = *std::move(store);
    projection_ = std::make_unique<SurveyProjection>(store_.get());
    ASSERT_THAT(projection_->Start(), IsOk());
    runner_ = std::make_unique<CommandRunner>(store_.get(), projection_.get(), nullptr);
  }

  static v1::ImportCatalogRequest Catalog(const std::string& request_id,
                                          std::vector<std::string> ids) {
    v1::ImportCatalogRequest r;
    for (const std::string& id : ids) *r.add_services() = MakeService(id, "Leistung " + id);
    r.mutable_options()->set_request_id(request_id);
    return r;
  }

  absl::StatusOr<v1::CommandResponse> Import(const v1::ImportCatalogRequest& r,
                                             const std::string& principal = "admin") {
    return runner_->RunAndWait(
        {.command = "ImportCatalog", .principal = principal, .request = &r,
         .options = &r.options(), .mode = CommandGate::Mode::kExclusive},
        [&](const domain::SurveyState& s, const domain::CommandContext& c) {
          return domain::DecideImportCatalog(s, r, c);
        });
  }

  std::vector<storage::RecordedEvent> Log() {
    auto all = store_->ReadAll({});
    EXPECT_THAT(all, IsOk());
    return all.ok() ? all->events : std::vector<storage::RecordedEvent>{};
  }

  TempDir dir_;
  std::unique_ptr<storage::EventStore> store_;
  std::unique_ptr<SurveyProjection> projection_;
  std::unique_ptr<CommandRunner> runner_;
};

TEST_F(CommandRunnerTest, ARetriedRequestIdIsAnsweredFromTheStateAndWritesNothing) {
  const v1::ImportCatalogRequest r = Catalog("req-1", {"10001", "10002"});
  absl::StatusOr<v1::CommandResponse> first = Import(r);
  ASSERT_THAT(first, IsOk());
  EXPECT_FALSE(first->replayed());
  EXPECT_EQ(first->events_written(), 2u);
  const std::size_t logged = Log().size();

  absl::StatusOr<v1::CommandResponse> again = Import(r);
  ASSERT_THAT(again, IsOk());
  EXPECT_TRUE(again->replayed());
  EXPECT_EQ(again->first_position(), first->first_position());
  EXPECT_EQ(again->last_position(), first->last_position());
  EXPECT_EQ(again->correlation_id(), first->correlation_id());
  EXPECT_EQ(Log().size(), logged);
}

TEST_F(CommandRunnerTest, EventsRecordWhoWhatAndTheRequestWithDerivedIds) {
  ASSERT_THAT(Import(Catalog("req-7", {"10001"}), "planner"), IsOk());
  std::vector<storage::RecordedEvent> log = Log();
  ASSERT_FALSE(log.empty());
  const storage::RecordedEvent& e = log.back();
  EXPECT_EQ(e.stream, domain::kCatalogStream);
  EXPECT_EQ(e.metadata.at(std::string(domain::kMetaPrincipal)), "planner");
  EXPECT_EQ(e.metadata.at(std::string(domain::kMetaCommand)), "ImportCatalog");
  EXPECT_EQ(e.metadata.at(std::string(domain::kMetaRequestId)), "req-7");
  EXPECT_EQ(e.metadata.at(std::string(domain::kMetaCorrelationId)).size(), 32u);

  // The same request id from the same principal in a fresh store derives the same
  // event id and correlation id (so racing retries collide in the store).
  TempDir other;
  auto store2 = storage::EventStore::Open({.path = other.Sub("db")});
  ASSERT_THAT(store2, IsOk());
  SurveyProjection projection2(store2->get());
  ASSERT_THAT(projection2.Start(), IsOk());
  CommandRunner runner2(store2->get(), &projection2, nullptr);
  const v1::ImportCatalogRequest r = Catalog("req-7", {"10001"});
  ASSERT_THAT(runner2.RunAndWait({.command = "ImportCatalog", .principal = "planner",
                                  .request = &r, .options = &r.options(),
                                  .mode = CommandGate::Mode::kExclusive},
                                 [&](const domain::SurveyState& s, const domain::CommandContext& c) {
                                   return domain::DecideImportCatalog(s, r, c);
                                 }),
              IsOk());
  auto log2 = (*store2)->ReadAll({});
  ASSERT_THAT(log2, IsOk());
  ASSERT_FALSE(log2->events.empty());
  EXPECT_EQ(log2->events.back().event_id, e.event_id);
  EXPECT_EQ(log2->events.back().metadata.at(std::string(domain::kMetaCorrelationId)),
            e.metadata.at(std::string(domain::kMetaCorrelationId)));
}

TEST_F(CommandRunnerTest, ARequestIdReusedForAnotherRequestIsRefused) {
  ASSERT_THAT(Import(Catalog("req-1", {"10001"})), IsOk());
  const std::size_t logged = Log().size();
  EXPECT_THAT(Import(Catalog("req-1", {"10002"})),
              StatusIs(Code::kAlreadyExists, HasSubstr("already used for another command")));
  // Another principal may use the same request id.
  EXPECT_THAT(Import(Catalog("req-1", {"10002"}), "someone-else"), IsOk());
  EXPECT_EQ(Log().size(), logged + 1);
}

TEST_F(CommandRunnerTest, RefusalsWriteNothingAndReleaseTheGate) {
  v1::ImportCatalogRequest bad = Catalog("", {"10001"});
  bad.mutable_services(0)->set_name("");
  EXPECT_THAT(Import(bad), StatusIs(Code::kInvalidArgument));
  EXPECT_THAT(Import(Catalog(std::string(300, 'x'), {"10001"})),
              StatusIs(Code::kInvalidArgument, HasSubstr("request")));
  EXPECT_TRUE(Log().empty());
  // The exclusive gate was released on each refusal: the next command runs.
  EXPECT_THAT(Import(Catalog("", {"10001"})), IsOk());
}

TEST_F(CommandRunnerTest, AStaleExpectedRevisionIsAbortedAndWritesNothing) {
  ASSERT_THAT(Import(Catalog("", {"10001"})), IsOk());
  const std::size_t logged = Log().size();
  const v1::ImportCatalogRequest r = Catalog("", {"10002"});
  absl::StatusOr<v1::CommandResponse> result = runner_->RunAndWait(
      {.command = "ImportCatalog", .principal = "admin", .request = &r, .options = &r.options(),
       .mode = CommandGate::Mode::kExclusive},
      [&](const domain::SurveyState& s, const domain::CommandContext& c) {
        absl::StatusOr<domain::Decision> d = domain::DecideImportCatalog(s, r, c);
        // As if another writer had moved the stream after this decision was taken.
        if (d.ok()) d->writes.front().expected = storage::ExpectedRevision::NoStream();
        return d;
      });
  EXPECT_THAT(result, StatusIs(Code::kAborted, HasSubstr("concurrent change came first")));
  EXPECT_EQ(Log().size(), logged);
}

}  // namespace
}  // namespace prio::server
