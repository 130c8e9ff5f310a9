// Projections over real gRPC and a real store: as-of answers equal a fresh projection
// of the prefix, snapshots plus the tail equal a full replay, restart loads a snapshot,
// a snapshot of another version is discarded, rebuild from the log.
#include <random>

#include "client/store_client.h"
#include "client/unary.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prio/v1/commands.grpc.pb.h"
#include "prio/v1/queries.grpc.pb.h"
#include "server/priod.h"
#include "prio/v1/snapshot.pb.h"
#include "server/views.h"
#include "testing/auth.h"
#include "testing/status_matchers.h"
#include "testing/survey.h"
#include "testing/temp_dir.h"
#include "testing/in_process_priod.h"

namespace prio::server {
namespace {

using ::prio::client::Unary;
using ::prio::testing::IsOk;
using ::prio::testing::StatusIs;
using ::prio::testing::TempDir;
using ::testing::HasSubstr;
using Commands = v1::SurveyCommands::Stub;
using Queries = v1::SurveyQueries::Stub;

class ProjectionTest : public ::testing::Test {
 protected:
  void Start(uint64_t snapshot_interval) {
    commands_.reset();
    queries_.reset();
    server_.Stop();
    PriodOptions options;
    options.snapshot_interval = snapshot_interval;
    ASSERT_THAT(server_.Start(options), IsOk());
    auto channel = server_.tokens().Admin();
    commands_ = v1::SurveyCommands::NewStub(channel);
    queries_ = v1::SurveyQueries::NewStub(channel);
  }

  template <typename Request, typename Method>
  void Must(Method method, const Request& r) {
    ASSERT_THAT(server_.tokens().Send(method, r), IsOk());
  }

  // A generated survey: 12 municipalities, 8 services, a points round and a ranked
  // round, answered, amended, withdrawn at random (seeded).
  void Generate(int commands) {
    v1::ImportCatalogRequest catalog;
    v1::ImportResponsibilityRequest resp;
    for (int i = 0; i < 8; ++i) {
      v1::Service* s = catalog.add_services();
      s->set_service_id(std::to_string(10000 + i));
      s->set_name("Leistung " + std::to_string(i));
      v1::ResponsibilitySet* r = resp.add_entries();
      r->set_service_id(s->service_id());
      for (int c = 1; c <= 5; ++c) r->add_size_classes(static_cast<v1::SizeClass>(c));
    }
    Must(&Commands::ImportCatalog, catalog);
    Must(&Commands::ImportResponsibility, resp);
    v1::ImportMunicipalitiesRequest munis;
    for (int i = 0; i < 12; ++i) {
      v1::Municipality* m = munis.add_municipalities();
      m->set_ags(absl::StrCat("05", 711000 + i));
      m->set_name("Gemeinde " + std::to_string(i));
      m->set_size_class(v1::SIZE_CLASS_KREISFREIE_STADT);
      m->set_population(1000 * (i + 1) * (i + 1));
      ags_.push_back(m->ags());
    }
    Must(&Commands::ImportMunicipalities, munis);
    for (const char* id : {"p", "r"}) {
      v1::OpenRoundRequest open;
      v1::RoundOpened* round = open.mutable_round();
      round->set_round_id(id);
      round->set_title(id);
      round->set_closes_at_us(absl::ToUnixMicros(absl::Now() + absl::Hours(1)));
      round->mutable_scope()->set_responsible_services(true);
      for (const std::string& a : ags_) round->add_participants(a);
      if (std::string(id) == "p") {
        round->mutable_ballot()->set_kind(v1::BALLOT_KIND_POINTS);
        round->mutable_ballot()->set_budget(10);
      } else {
        round->mutable_ballot()->set_kind(v1::BALLOT_KIND_RANKED);
        round->mutable_ballot()->set_max_ranks(4);
      }
      round->set_plan_start_quarter("2027-Q1");
      round->set_horizon_quarters(4);
      Must(&Commands::OpenRound, open);
    }
    v1::SetEffortRequest effort;
    v1::DeclareCapacityRequest capacity;
    for (int i = 0; i < 8; ++i) {
      v1::EffortEstimated* e = effort.add_efforts();
      e->set_service_id(std::to_string(10000 + i));
      e->set_team(i % 2 ? "A" : "B");
      e->set_central_person_days(20 + 10 * i);
      e->set_onboarding_person_days(2);
      e->set_onboarding_department("Amt");
    }
    for (const char* q : {"2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"}) {
      for (const char* team : {"A", "B"}) {
        v1::CapacityDeclared* c = capacity.add_teams();
        c->set_team(team);
        c->set_quarter(q);
        c->set_person_days(60);
      }
    }
    Must(&Commands::SetEffort, effort);
    Must(&Commands::DeclareCapacity, capacity);
    // Implementation paths and deadlines: snapshots and as-of views carry them.
    v1::SetOfferingsRequest offerings;
    v1::OfferingSet* efa = offerings.add_offerings();
    efa->set_service_id("10006");
    efa->set_path(v1::IMPLEMENTATION_PATH_EFA);
    efa->set_offered_by("Hessen");
    efa->set_available_from("2027-Q2");
    efa->set_integration_team("A");
    efa->set_integration_person_days(15);
    efa->set_yearly_cost_eur(4000);
    v1::OfferingSet* live = offerings.add_offerings();
    live->set_service_id("10007");
    live->set_path(v1::IMPLEMENTATION_PATH_LIVE);
    Must(&Commands::SetOfferings, offerings);
    v1::SetDeadlinesRequest deadlines;
    v1::DeadlineSet* d = deadlines.add_deadlines();
    d->set_service_id("10001");
    d->set_quarter("2027-Q2");
    d->set_kind(v1::DEADLINE_KIND_PROVIDER);
    d->set_source("test");
    Must(&Commands::SetDeadlines, deadlines);

    std::mt19937 rng(42);
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    for (int c = 0; c < commands; ++c) {
      const std::string& ags = ags_[static_cast<std::size_t>(pick(12))];
      const std::string round = pick(2) ? "p" : "r";
      const int kind = pick(10);
      if (kind < 5) {
        v1::SubmitNeedsRequest r;
        r.set_round_id(round);
        r.set_ags(ags);
        v1::Need* n = r.add_needs();
        n->set_service_id(std::to_string(10000 + pick(8)));
        n->set_level(static_cast<v1::NeedLevel>(1 + pick(5)));
        n->set_yearly_cases(pick(1000));
        n->set_department("Amt");
        n->set_desired_start_quarter(absl::StrCat("2027-Q", 1 + pick(4)));
        Must(&Commands::SubmitNeeds, r);
      } else if (kind < 9) {
        v1::CastBallotRequest r;
        r.set_round_id(round);
        r.set_ags(ags);
        std::vector<int> services = {0, 1, 2, 3, 4, 5, 6, 7};
        std::shuffle(services.begin(), services.end(), rng);
        const int k = 1 + pick(4);
        int budget = 10;
        for (int i = 0; i < k; ++i) {
          const std::string id = std::to_string(10000 + services[static_cast<std::size_t>(i)]);
          if (round == "r") {
            r.mutable_ballot()->add_ranked(id);
          } else {
            v1::PointsAllocation* p = r.mutable_ballot()->add_points();
            p->set_service_id(id);
            const int pts = i + 1 == k ? budget : pick(budget + 1);
            p->set_points(static_cast<uint32_t>(pts));
            budget -= pts;
          }
        }
        Must(&Commands::CastBallot, r);
      } else {
        v1::WithdrawBallotRequest r;
        r.set_round_id(round);
        r.set_ags(ags);
        (void)server_.tokens().Send(&Commands::WithdrawBallot, r);  // may have none
      }
    }
  }

  // Every view of both rounds, rendered, from a state.
  static std::string Views(const domain::SurveyState& state) {
    std::string out;
    domain::SchulzeCache no_cache;
    for (const char* round : {"p", "r"}) {
      for (const char* method : {"points", "borda", "schulze", "need"}) {
        for (const char* w : {"none", "population", "sqrt-population"}) {
          v1::RankingRequest req;
          req.set_round_id(round);
          req.set_method(method);
          req.set_weighting(w);
          auto r = RankingView(state, req, nullptr);
          out += r.ok() ? r->ShortDebugString() : std::string(r.status().message());
          out += "\n";
        }
      }
      v1::PlanRequest plan;
      plan.set_round_id(round);
      plan.set_method("need");
      plan.set_deadlines_first(true);
      auto p = PlanView(state, plan, nullptr);
      out += p.ok() ? p->ShortDebugString() : std::string(p.status().message());
      out += "\n";
    }
    return out;
  }

  // A fresh projection of the log's first `position` events, folded from position 1.
  std::string FreshViews(uint64_t position) {
    return Views(testing::FoldLog(server_.priod()->store(), position));
  }

  std::string AsOfViews(uint64_t position) {
    std::string out;
    EXPECT_THAT(server_.priod()->projection()->ReadAt(
                    position, [&](const domain::SurveyState& s) { out = Views(s); }),
                IsOk());
    return out;
  }

  TempDir dir_;
  testing::InProcessPriod server_{dir_.Sub("db")};
  std::unique_ptr<Commands> commands_;
  std::unique_ptr<Queries> queries_;
  std::vector<std::string> ags_;
};

// The property: for random prefixes, the as-of answer equals a fresh projection built
// from that prefix alone (snapshots every 40 positions, so most answers start from one).
TEST_F(ProjectionTest, AsOfEqualsAFreshProjectionOfThePrefix) {
  Start(/*snapshot_interval=*/40);
  Generate(160);
  const uint64_t head = server_.priod()->store()->GetHead().position;
  std::mt19937 rng(7);
  std::vector<uint64_t> positions = {1, head - 1, head};
  for (int i = 0; i < 25; ++i) positions.push_back(1 + rng() % head);
  for (uint64_t p : positions) {
    SCOPED_TRACE(p);
    EXPECT_EQ(AsOfViews(p), FreshViews(p));
  }
  // Over gRPC, as of a position and as of a time.
  v1::RankingRequest req;
  req.set_round_id("p");
  req.mutable_as_of()->set_position(head / 2);
  PRIO_ASSERT_OK_AND_ASSIGN(v1::RankingResponse r, Unary(queries_.get(), &Queries::Ranking, req));
  EXPECT_EQ(r.position(), head / 2);
  req.mutable_as_of()->set_time_us(absl::ToUnixMicros(absl::Now()));
  PRIO_ASSERT_OK_AND_ASSIGN(r, Unary(queries_.get(), &Queries::Ranking, req));
  EXPECT_EQ(r.position(), head);
  req.mutable_as_of()->set_time_us(1);  // before the first event: nothing existed
  EXPECT_THAT(Unary(queries_.get(), &Queries::Ranking, req),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("round \"p\" does not exist")));
}

TEST_F(ProjectionTest, SnapshotPlusTailEqualsFullReplayAcrossRestarts) {
  Start(/*snapshot_interval=*/50);
  Generate(120);
  const uint64_t head = server_.priod()->store()->GetHead().position;
  const std::string live = AsOfViews(head);
  EXPECT_EQ(live, FreshViews(head));
  auto snap = server_.priod()->store()->GetSnapshot("survey", head);
  ASSERT_THAT(snap, IsOk());
  ASSERT_TRUE(snap->has_value());
  EXPECT_LT((*snap)->position, head + 1);

  Start(50);  // loads the snapshot written on shutdown
  EXPECT_EQ(AsOfViews(head), live);
  std::string dump_after_restart;
  server_.priod()->projection()->Read([&](const domain::SurveyState& s) { dump_after_restart = s.Dump(); });

  // A snapshot of another version is discarded and the state rebuilt, not misread.
  v1::SurveySnapshot bogus;
  bogus.set_version(domain::SurveyState::kSnapshotVersion + 1);
  bogus.set_position(head);
  ASSERT_THAT(server_.priod()->store()->PutSnapshot("survey", head, bogus.SerializeAsString()), IsOk());
  Start(50);
  std::string dump_rebuilt;
  server_.priod()->projection()->Read([&](const domain::SurveyState& s) { dump_rebuilt = s.Dump(); });
  EXPECT_EQ(dump_rebuilt, dump_after_restart);

  // Rebuild from the log gives the same state.
  ASSERT_THAT(server_.priod()->projection()->Rebuild(), IsOk());
  std::string dump_after_rebuild;
  server_.priod()->projection()->Read([&](const domain::SurveyState& s) { dump_after_rebuild = s.Dump(); });
  EXPECT_EQ(dump_after_rebuild, dump_after_restart);
}

TEST_F(ProjectionTest, QueriesNameWhatIsWrong) {
  Start(1000);
  Generate(10);
  v1::RankingRequest req;
  req.set_round_id("p");
  req.set_method("schulze");
  EXPECT_THAT(Unary(queries_.get(), &Queries::Ranking, req),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("methods that fit: points, need")));
  req.set_method("approval");
  EXPECT_THAT(Unary(queries_.get(), &Queries::Ranking, req),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("points, borda, schulze, need")));
  req.set_method("");
  req.set_weighting("votes");
  EXPECT_THAT(Unary(queries_.get(), &Queries::Ranking, req),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("sqrt-population")));
  req.set_weighting("");
  req.set_round_id("nope");
  EXPECT_THAT(Unary(queries_.get(), &Queries::Ranking, req),
              StatusIs(absl::StatusCode::kNotFound));
  // Defaults: points for a points round, schulze for a ranked one.
  req.set_round_id("p");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::RankingResponse r, Unary(queries_.get(), &Queries::Ranking, req));
  EXPECT_EQ(r.method(), "points");
  EXPECT_EQ(r.weighting(), "none");
  req.set_round_id("r");
  PRIO_ASSERT_OK_AND_ASSIGN(r, Unary(queries_.get(), &Queries::Ranking, req));
  EXPECT_EQ(r.method(), "schulze");
  EXPECT_EQ(r.rows_size(), 8);

  v1::RoundStatusRequest status;
  status.set_round_id("p");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::RoundStatusResponse st,
                            Unary(queries_.get(), &Queries::RoundStatus, status));
  EXPECT_EQ(st.participants(), 12u);
  EXPECT_EQ(st.answered() + static_cast<uint32_t>(st.missing_size()), 12u);
  v1::CompassRequest compass;
  compass.set_ags(ags_[0]);
  compass.set_round_id("p");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::CompassResponse c, Unary(queries_.get(), &Queries::Compass, compass));
  EXPECT_EQ(c.services_size(), 8);
  EXPECT_EQ(c.answered() + c.missing(), 8u);
}

// Watch: the current view first, then new views as events change it, coalesced.
TEST_F(ProjectionTest, WatchDeliversCurrentStateThenCoalescedUpdates) {
  Start(1000);
  Generate(5);
  grpc::ClientContext ctx;
  v1::WatchRequest req;
  req.set_round_id("p");
  req.set_method("need");
  req.set_interval_ms(200);
  auto reader = queries_->Watch(&ctx, req);
  v1::WatchUpdate update;
  ASSERT_TRUE(reader->Read(&update));
  const uint64_t head = server_.priod()->store()->GetHead().position;
  EXPECT_EQ(update.position(), head);
  ASSERT_TRUE(update.has_ranking());
  EXPECT_EQ(update.ranking().method(), "need");

  // A burst of 20 answers within one interval arrives as one or two updates, the last
  // reflecting the whole burst.
  const absl::Time burst_start = absl::Now();
  for (int i = 0; i < 20; ++i) {
    v1::SubmitNeedsRequest r;
    r.set_round_id("p");
    r.set_ags(ags_[static_cast<std::size_t>(i % 12)]);
    v1::Need* n = r.add_needs();
    n->set_service_id("10003");
    n->set_level(v1::NEED_LEVEL_REQUIRED);
    n->set_yearly_cases(1000 + i);
    n->set_department("Amt");
    Must(&Commands::SubmitNeeds, r);
  }
  const uint64_t burst_head = server_.priod()->store()->GetHead().position;
  int updates = 0;
  while (update.position() < burst_head) {
    ASSERT_TRUE(reader->Read(&update));
    ++updates;
  }
  EXPECT_LE(updates, 1 + static_cast<int>((absl::Now() - burst_start) / absl::Milliseconds(200)) + 1);
  EXPECT_EQ(update.position(), burst_head);
  // The view is the ranking as a query would answer it.
  v1::RankingRequest rank;
  rank.set_round_id("p");
  rank.set_method("need");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::RankingResponse now, Unary(queries_.get(), &Queries::Ranking, rank));
  EXPECT_EQ(update.ranking().ShortDebugString(), now.ShortDebugString());

  // A watch of a plan, and a watch that cannot be served.
  grpc::ClientContext plan_ctx;
  v1::WatchRequest plan_req = req;
  plan_req.set_view(v1::WATCH_VIEW_PLAN);
  auto plan_reader = queries_->Watch(&plan_ctx, plan_req);
  ASSERT_TRUE(plan_reader->Read(&update));
  EXPECT_TRUE(update.has_plan());
  plan_ctx.TryCancel();
  // Trimmed as the Plan query trims: one municipality's part, supporter counts only.
  grpc::ClientContext part_ctx;
  v1::WatchRequest part_req = plan_req;
  part_req.set_ags(ags_[3]);
  part_req.set_skip_municipalities(true);
  auto part_reader = queries_->Watch(&part_ctx, part_req);
  ASSERT_TRUE(part_reader->Read(&update));
  v1::PlanRequest part;
  part.set_round_id("p");
  part.set_method("need");
  part.set_ags(ags_[3]);
  part.set_skip_municipalities(true);
  PRIO_ASSERT_OK_AND_ASSIGN(v1::PlanResponse expected, Unary(queries_.get(), &Queries::Plan, part));
  EXPECT_EQ(update.plan().ShortDebugString(), expected.ShortDebugString());
  for (const v1::PlannedService& ps : update.plan().services()) {
    EXPECT_THAT(ps.municipalities(), ::testing::ElementsAre(ags_[3]));
  }
  part_ctx.TryCancel();
  grpc::ClientContext bad_ctx;
  v1::WatchRequest bad = req;
  bad.set_method("borda");
  auto bad_reader = queries_->Watch(&bad_ctx, bad);
  EXPECT_FALSE(bad_reader->Read(&update));
  grpc::Status status = bad_reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("methods that fit"));
  ctx.TryCancel();
}

// A watcher that never reads holds up neither appends nor the other watchers.
TEST_F(ProjectionTest, AStuckWatcherHoldsUpNobody) {
  Start(1000);
  Generate(5);
  v1::WatchRequest req;
  req.set_round_id("p");
  req.set_method("need");
  req.set_view(v1::WATCH_VIEW_PLAN);  // the larger view fills the stuck stream's window sooner
  req.set_interval_ms(10);
  grpc::ClientContext stuck_ctx;
  auto stuck = queries_->Watch(&stuck_ctx, req);  // never read
  grpc::ClientContext ctx;
  auto reader = queries_->Watch(&ctx, req);
  v1::WatchUpdate update;
  ASSERT_TRUE(reader->Read(&update));
  const absl::Time start = absl::Now();
  for (int i = 0; i < 200; ++i) {
    v1::SubmitNeedsRequest r;
    r.set_round_id("p");
    r.set_ags(ags_[static_cast<std::size_t>(i % 12)]);
    v1::Need* n = r.add_needs();
    n->set_service_id(std::to_string(10000 + i % 8));
    n->set_level(v1::NEED_LEVEL_REQUIRED);
    n->set_yearly_cases(i + 1);
    n->set_department(std::string(60, 'x'));
    n->set_comment(std::string(1500, 'c'));
    Must(&Commands::SubmitNeeds, r);
  }
  const absl::Duration appends = absl::Now() - start;
  const uint64_t head = server_.priod()->store()->GetHead().position;
  while (update.position() < head) ASSERT_TRUE(reader->Read(&update));
  EXPECT_EQ(update.position(), head);
  EXPECT_LT(appends, absl::Seconds(20));  // sanity only; P5 measures latency
  stuck_ctx.TryCancel();
  ctx.TryCancel();
}

}  // namespace
}  // namespace prio::server
