// The survey over real gRPC: priod (in-process, real RocksDB) on a free loopback port,
// the real reference data loaded through the client's CSV import path, a krz round
// answered by its municipalities.
#include <atomic>
#include <thread>

#include "client/csv.h"
#include "client/store_client.h"
#include "client/responsibility_csv.h"
#include "client/survey_csv.h"
#include "client/unary.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prio/v1/commands.grpc.pb.h"
#include "prio/v1/queries.grpc.pb.h"
#include "server/priod.h"
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
using Code = absl::StatusCode;
using Commands = v1::SurveyCommands::Stub;
using Queries = v1::SurveyQueries::Stub;

std::string DataFile(const std::string& name) { return std::string(PRIO_DATA_DIR) + "/" + name; }

class SurveyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }

  void Start() {
    commands_.reset();
    queries_.reset();
    server_.Stop();
    PriodOptions options;
    ASSERT_THAT(server_.Start(options), IsOk());
    auto channel = server_.tokens().Admin();
    commands_ = v1::SurveyCommands::NewStub(channel);
    queries_ = v1::SurveyQueries::NewStub(channel);
    store_ = std::make_unique<client::StoreClient>(channel);
  }

  uint64_t Head() { return server_.priod()->store()->GetHead().position; }

  // data/ through the CLI's import path: three atomic appends.
  void LoadReferenceData() {
    auto services = CsvTable::ReadFile(DataFile("ozg_leistungen.csv"));
    auto leika = CsvTable::ReadFile(DataFile("ozg_leika_leistungen.csv"));
    ASSERT_THAT(services, IsOk());
    ASSERT_THAT(leika, IsOk());
    PRIO_ASSERT_OK_AND_ASSIGN(auto catalog, client::CatalogFromCsv(*services, &*leika));
    PRIO_ASSERT_OK_AND_ASSIGN(v1::CommandResponse r,
                              server_.tokens().Send(&Commands::ImportCatalog, catalog.request));
    EXPECT_EQ(r.event_counts().at("ServiceCatalogued"), 557u);
    EXPECT_EQ(r.event_counts().at("LeikaEntriesSet"), 557u);
    EXPECT_EQ(r.last_position() - r.first_position() + 1, r.events_written());

    auto resp_table = CsvTable::ReadFile(DataFile("responsibility.csv"));
    ASSERT_THAT(resp_table, IsOk());
    PRIO_ASSERT_OK_AND_ASSIGN(auto resp, client::ResponsibilityFromCsv(*resp_table));
    PRIO_ASSERT_OK_AND_ASSIGN(r, server_.tokens().Send(&Commands::ImportResponsibility, resp.request));
    EXPECT_EQ(r.event_counts().at("ResponsibilitySet"), 557u);
    EXPECT_EQ(r.event_counts().at("ResponsibilityImported"), 1u);

    auto gemeinden = CsvTable::ReadFile(DataFile("nrw_gemeinden.csv"));
    auto kreise = CsvTable::ReadFile(DataFile("nrw_kreise.csv"));
    ASSERT_THAT(gemeinden, IsOk());
    ASSERT_THAT(kreise, IsOk());
    PRIO_ASSERT_OK_AND_ASSIGN(auto munis, client::MunicipalitiesFromCsv({&*gemeinden, &*kreise}));
    PRIO_ASSERT_OK_AND_ASSIGN(
        r, server_.tokens().Send(&Commands::ImportMunicipalities, munis.request));
    EXPECT_EQ(r.events_written(), 427u);
  }

  // The krz round: all services each participant is responsible for, the 36 krz
  // municipalities and their three Kreise, 100 points each.
  void OpenKrzRound(const std::string& id = "krz-2027") {
    auto krz = CsvTable::ReadFile(DataFile("krz_gemeinden.csv"));
    ASSERT_THAT(krz, IsOk());
    v1::OpenRoundRequest open;
    v1::RoundOpened* round = open.mutable_round();
    round->set_round_id(id);
    round->set_title("Bedarfsabfrage OZG 2027 (krz)");
    round->set_closes_at_us(absl::ToUnixMicros(absl::Now() + absl::Hours(24 * 30)));
    round->mutable_scope()->set_responsible_services(true);
    const int ags = krz->Column({"ags"});
    for (const CsvRow& row : krz->rows()) round->add_participants(row.fields[ags]);
    for (const char* kreis : {"05758000", "05766000", "05770000"}) round->add_participants(kreis);
    round->mutable_ballot()->set_kind(v1::BALLOT_KIND_POINTS);
    round->mutable_ballot()->set_budget(100);
    round->set_plan_start_quarter("2027-Q1");
    round->set_horizon_quarters(8);
    round->set_results(v1::RESULTS_VISIBILITY_AFTER_CLOSE);
    ASSERT_THAT(server_.tokens().Send(&Commands::OpenRound, open), IsOk());
  }

  static v1::SubmitNeedsRequest Needs(const std::string& ags, const std::string& service,
                                      v1::NeedLevel level, int64_t cases) {
    v1::SubmitNeedsRequest r;
    r.set_round_id("krz-2027");
    r.set_ags(ags);
    v1::Need* n = r.add_needs();
    n->set_service_id(service);
    n->set_level(level);
    n->set_desired_start_quarter("2027-Q3");
    n->set_yearly_cases(cases);
    n->set_department("Bürgerbüro");
    return r;
  }

  // The server's state, caught up as a command or query would.
  std::string LiveDump() {
    EXPECT_THAT(server_.priod()->projection()->CatchUp(), IsOk());
    std::string dump;
    server_.priod()->projection()->Read([&](const domain::SurveyState& s) { dump = s.Dump(); });
    return dump;
  }

  // The state folded from the store alone, from position 1.
  std::string RebuiltDump() { return testing::FoldLog(server_.priod()->store()).Dump(); }

  TempDir dir_;
  testing::InProcessPriod server_{dir_.Sub("db")};
  std::unique_ptr<Commands> commands_;
  std::unique_ptr<Queries> queries_;
  std::unique_ptr<client::StoreClient> store_;
};

TEST_F(SurveyServiceTest, KrzRoundEndToEnd) {
  LoadReferenceData();
  OpenKrzRound();

  // Bünde (mittlere) needs the Baugenehmigung; Rödinghausen (kleine) may not answer it.
  ASSERT_THAT(server_.tokens().Send(&Commands::SubmitNeeds,
                    Needs("05758004", "10519", v1::NEED_LEVEL_REQUIRED, 800)),
              IsOk());
  EXPECT_THAT(server_.tokens().Send(&Commands::SubmitNeeds,
                    Needs("05758028", "10519", v1::NEED_LEVEL_REQUIRED, 50)),
              StatusIs(Code::kFailedPrecondition,
                       HasSubstr("10519 (Bauvorbescheid und Baugenehmigung) is not the "
                                 "responsibility of a kleine kreisangehörige Gemeinde")));
  // Nobody may answer a federal service; Detmold's Kreis-level neighbour Bielefeld is
  // not in the round.
  EXPECT_THAT(server_.tokens().Send(&Commands::SubmitNeeds,
                    Needs("05758004", "10256", v1::NEED_LEVEL_REQUIRED, 1)),
              StatusIs(Code::kFailedPrecondition, HasSubstr("executed by a federal authority")));
  EXPECT_THAT(server_.tokens().Send(&Commands::SubmitNeeds,
                    Needs("05711000", "10000", v1::NEED_LEVEL_REQUIRED, 1)),
              StatusIs(Code::kFailedPrecondition, HasSubstr("does not take part")));

  v1::CastBallotRequest ballot;
  ballot.set_round_id("krz-2027");
  ballot.set_ags("05758000");  // Kreis Herford
  v1::PointsAllocation* p = ballot.mutable_ballot()->add_points();
  p->set_service_id("10255");  // Aufenthaltstitel: a Kreis is responsible
  p->set_points(70);
  p = ballot.mutable_ballot()->add_points();
  p->set_service_id("10000");
  p->set_points(30);
  ASSERT_THAT(server_.tokens().Send(&Commands::CastBallot, ballot), IsOk());
  p->set_points(31);
  EXPECT_THAT(server_.tokens().Send(&Commands::CastBallot, ballot),
              StatusIs(Code::kInvalidArgument, HasSubstr("add up to 101, more than the budget of 100")));

  v1::GetRoundRequest get;
  get.set_round_id("krz-2027");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::GetRoundResponse round,
                            Unary(queries_.get(), &Queries::GetRound, get));
  EXPECT_EQ(round.round().phase(), v1::ROUND_PHASE_OPEN);
  EXPECT_EQ(round.round().round().participants_size(), 39);
  EXPECT_EQ(round.round().participants_answered(), 2u);
  EXPECT_EQ(round.round().ballots(), 1u);
  EXPECT_EQ(round.round().round().results(), v1::RESULTS_VISIBILITY_AFTER_CLOSE);
  EXPECT_EQ(round.position(), Head());

  v1::GetAnswersRequest answers;
  answers.set_round_id("krz-2027");
  answers.set_ags("05758004");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::GetAnswersResponse a,
                            Unary(queries_.get(), &Queries::GetAnswers, answers));
  ASSERT_EQ(a.needs_size(), 1);
  EXPECT_EQ(a.needs(0).yearly_cases(), 800);
  EXPECT_FALSE(a.has_ballot());

  v1::ListMunicipalitiesRequest list;
  list.set_kreis_key("05758");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::ListMunicipalitiesResponse herford,
                            Unary(queries_.get(), &Queries::ListMunicipalities, list));
  EXPECT_EQ(herford.municipalities_size(), 10);  // 9 Gemeinden and the Kreis
  v1::ListServicesRequest search;
  search.set_search("bauvorbescheid");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::ListServicesResponse found,
                            Unary(queries_.get(), &Queries::ListServices, search));
  ASSERT_EQ(found.services_size(), 1);
  EXPECT_EQ(found.services(0).service().service_id(), "10519");
  ASSERT_EQ(found.services(0).authorities_size(), 1);
  EXPECT_EQ(found.services(0).authorities(0), v1::AUTHORITY_KIND_KREISEBENE);  // untere Bauaufsicht
  EXPECT_EQ(found.services(0).leika_mapped(), 18u);
  EXPECT_EQ(found.services(0).leika_count(), 18u);  // rows of ozg_leika_leistungen.csv

  // Every event records who issued it and which command it belongs to.
  v1::ReadStreamRequest read;
  read.set_stream("round-krz-2027-05758004");
  std::vector<v1::RecordedEvent> events;
  ASSERT_THAT(store_->ReadStream(read, [&](const v1::RecordedEvent& e) {
    events.push_back(e);
    return true;
  }), IsOk());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type(), "NeedSubmitted");
  // The principal comes from the token the command was sent with.
  EXPECT_THAT(events[0].metadata().at("principal"),
              ::testing::MatchesRegex("municipality/05758004/[0-9a-f]{12}"));
  EXPECT_EQ(events[0].metadata().at("command"), "SubmitNeeds");
  EXPECT_EQ(events[0].metadata().at("correlation-id").size(), 32u);

  // Closing ends the answers.
  v1::CloseRoundRequest close;
  close.set_round_id("krz-2027");
  ASSERT_THAT(server_.tokens().Send(&Commands::CloseRound, close), IsOk());
  EXPECT_THAT(server_.tokens().Send(&Commands::SubmitNeeds,
                    Needs("05758004", "10119", v1::NEED_LEVEL_WANTED, 1)),
              StatusIs(Code::kFailedPrecondition, HasSubstr("was closed on")));
}

// The present's plans are cached (PlanCache) until the next write: the same answer
// again, and a new one right after an effort estimate changes.
TEST_F(SurveyServiceTest, CachedPlansFollowEveryWrite) {
  LoadReferenceData();
  OpenKrzRound();
  ASSERT_THAT(server_.tokens().Send(&Commands::SubmitNeeds,
                                    Needs("05758004", "10119", v1::NEED_LEVEL_REQUIRED, 10)),
              IsOk());
  v1::PlanRequest plan;
  plan.set_round_id("krz-2027");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::PlanResponse first, Unary(queries_.get(), &Queries::Plan, plan));
  ASSERT_EQ(first.services_size(), 1);
  EXPECT_EQ(first.services(0).reason(), "no effort estimate");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::PlanResponse again, Unary(queries_.get(), &Queries::Plan, plan));
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  v1::SetEffortRequest effort;
  v1::EffortEstimated* e = effort.add_efforts();
  e->set_service_id("10119");
  e->set_team("T");
  e->set_central_person_days(0);
  ASSERT_THAT(server_.tokens().Send(&Commands::SetEffort, effort), IsOk());
  PRIO_ASSERT_OK_AND_ASSIGN(v1::PlanResponse after, Unary(queries_.get(), &Queries::Plan, plan));
  EXPECT_GT(after.position(), first.position());
  EXPECT_TRUE(after.services(0).scheduled()) << after.services(0).reason();
  // As of the first answer's position: the past, computed, not the cached present.
  plan.mutable_as_of()->set_position(first.position());
  PRIO_ASSERT_OK_AND_ASSIGN(v1::PlanResponse past, Unary(queries_.get(), &Queries::Plan, plan));
  EXPECT_EQ(past.services(0).reason(), "no effort estimate");
}

TEST_F(SurveyServiceTest, RefusedCommandsWriteNothing) {
  LoadReferenceData();
  OpenKrzRound();
  ASSERT_FALSE(server_.tokens().Token(v1::ROLE_MUNICIPALITY, "05758004").empty());  // an event itself
  const uint64_t head = Head();
  v1::OpenRoundRequest again;
  again.mutable_round()->set_round_id("krz-2027");
  EXPECT_THAT(server_.tokens().Send(&Commands::OpenRound, again), StatusIs(Code::kAlreadyExists));
  EXPECT_THAT(server_.tokens().Send(&Commands::SubmitNeeds,
                    Needs("05758004", "10119", v1::NEED_LEVEL_REQUIRED, -3)),
              StatusIs(Code::kInvalidArgument, HasSubstr("yearly_cases")));
  v1::ImportMunicipalitiesRequest bad;
  *bad.add_municipalities() = v1::Municipality();
  EXPECT_THAT(server_.tokens().Send(&Commands::ImportMunicipalities, bad),
              StatusIs(Code::kInvalidArgument, HasSubstr("municipalities[0].ags")));
  v1::ChangeBallotRulesRequest change;
  change.set_round_id("nope");
  EXPECT_THAT(server_.tokens().Send(&Commands::ChangeBallotRules, change),
              StatusIs(Code::kNotFound));
  // The raw event store refuses the survey's streams.
  v1::AppendRequest raw;
  v1::StreamAppend* sa = raw.add_appends();
  sa->set_stream("round-krz-2027-05758004");
  v1::ProposedEvent* e = sa->add_events();
  e->set_event_id(client::NewEventId());
  e->set_type("BallotCast");
  EXPECT_THAT(store_->Append(raw),
              StatusIs(Code::kPermissionDenied, HasSubstr("written only by prio's commands")));
  EXPECT_EQ(Head(), head);
}

TEST_F(SurveyServiceTest, RequestIdMakesRetriesIdempotentAcrossRestarts) {
  LoadReferenceData();
  OpenKrzRound();
  v1::SubmitNeedsRequest r = Needs("05766020", "10119", v1::NEED_LEVEL_REQUIRED, 4000);
  r.mutable_options()->set_request_id("detmold-bedarf-1");
  PRIO_ASSERT_OK_AND_ASSIGN(v1::CommandResponse first,
                            server_.tokens().Send(&Commands::SubmitNeeds, r));
  EXPECT_FALSE(first.replayed());
  const uint64_t head = Head();
  PRIO_ASSERT_OK_AND_ASSIGN(v1::CommandResponse retry,
                            server_.tokens().Send(&Commands::SubmitNeeds, r));
  EXPECT_TRUE(retry.replayed());
  EXPECT_EQ(retry.first_position(), first.first_position());
  EXPECT_EQ(retry.correlation_id(), first.correlation_id());
  EXPECT_EQ(Head(), head);

  Start();  // the request ids are rebuilt from the log
  PRIO_ASSERT_OK_AND_ASSIGN(retry, server_.tokens().Send(&Commands::SubmitNeeds, r));
  EXPECT_TRUE(retry.replayed());
  EXPECT_EQ(retry.last_position(), first.last_position());
  EXPECT_EQ(Head(), head);

  r.mutable_needs(0)->set_yearly_cases(5000);
  EXPECT_THAT(server_.tokens().Send(&Commands::SubmitNeeds, r),
              StatusIs(Code::kAlreadyExists,
                       HasSubstr("request id \"detmold-bedarf-1\" was already used for another "
                                 "command (SubmitNeeds at position")));
  r.mutable_options()->set_request_id("bad id with spaces");
  EXPECT_THAT(server_.tokens().Send(&Commands::SubmitNeeds, r),
              StatusIs(Code::kInvalidArgument, HasSubstr("request_id")));
  EXPECT_EQ(Head(), head);
}

// Many clients answer for the same municipality at once: each command either lands
// whole or is ABORTED by the expected revision; retried, all land, none twice.
TEST_F(SurveyServiceTest, ConcurrentAnswersConflictAndRetry) {
  LoadReferenceData();
  OpenKrzRound();
  constexpr int kThreads = 6;
  constexpr int kPerThread = 15;
  std::atomic<int> aborted{0};
  std::atomic<int> failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Distinct case volumes: every command is a real change.
        auto r = Needs("05766020", "10119", v1::NEED_LEVEL_REQUIRED, t * 1000 + i + 1);
        for (;;) {
          absl::StatusOr<v1::CommandResponse> s =
              server_.tokens().Send(&Commands::SubmitNeeds, r);
          if (s.ok()) break;
          if (s.status().code() == Code::kAborted) {
            EXPECT_THAT(s.status().message(), HasSubstr("round-krz-2027-05766020"));
            ++aborted;
            continue;
          }
          ADD_FAILURE() << s.status();
          ++failed;
          break;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  std::cout << "conflicts retried: " << aborted.load() << "\n";
  int events = 0;
  v1::ReadStreamRequest read;
  read.set_stream("round-krz-2027-05766020");
  ASSERT_THAT(store_->ReadStream(read, [&](const v1::RecordedEvent&) {
    ++events;
    return true;
  }), IsOk());
  EXPECT_EQ(events, kThreads * kPerThread);
  EXPECT_EQ(LiveDump(), RebuiltDump());
}

// The state kept live equals the state folded from the log, before and after a
// restart.
TEST_F(SurveyServiceTest, ReplayEquivalence) {
  LoadReferenceData();
  OpenKrzRound();
  ASSERT_THAT(server_.tokens().Send(&Commands::SubmitNeeds,
                    Needs("05770024", "10119", v1::NEED_LEVEL_REQUIRED, 10)), IsOk());
  ASSERT_THAT(server_.tokens().Send(&Commands::SubmitNeeds,
                    Needs("05770024", "10119", v1::NEED_LEVEL_WANTED, 12)), IsOk());
  ASSERT_THAT(server_.tokens().Send(&Commands::SubmitNeeds,
                    Needs("05770024", "10513", v1::NEED_LEVEL_OPTIONAL, 3)), IsOk());
  v1::WithdrawNeedsRequest withdraw;
  withdraw.set_round_id("krz-2027");
  withdraw.set_ags("05770024");
  withdraw.add_service_ids("10513");
  ASSERT_THAT(server_.tokens().Send(&Commands::WithdrawNeeds, withdraw), IsOk());
  v1::SetEffortRequest effort;
  v1::EffortEstimated* e = effort.add_efforts();
  e->set_service_id("10119");
  e->set_team("Team Familie");
  e->set_central_person_days(80);
  ASSERT_THAT(server_.tokens().Send(&Commands::SetEffort, effort), IsOk());
  v1::ExtendRoundRequest extend;
  extend.set_round_id("krz-2027");
  extend.set_closes_at_us(absl::ToUnixMicros(absl::Now() + absl::Hours(24 * 60)));
  ASSERT_THAT(server_.tokens().Send(&Commands::ExtendRound, extend), IsOk());

  const std::string live = LiveDump();
  EXPECT_EQ(live, RebuiltDump());
  Start();
  EXPECT_EQ(LiveDump(), live);
}

}  // namespace
}  // namespace prio::server
