// Crash and tamper tests against the real binaries: a priod child process under
// concurrent gRPC appends is killed with SIGKILL at random moments and restarted;
// `priod verify` checks the chain and names a tampered position.
#include <cstdlib>
#include <iostream>
#include <random>
#include <set>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "client/store_client.h"
#include "client/unary.h"
#include "prio/v1/queries.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/log_db.h"
#include "storage/verify.h"
#include "testing/auth.h"
#include "testing/process.h"
#include "testing/seed_cli.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace prio {
namespace {

using ::prio::testing::IsOk;
using ::prio::testing::PriodProcess;
using ::prio::testing::RunCommand;
using ::prio::testing::TempDir;
using ::testing::HasSubstr;

struct Attempt {
  std::vector<std::string> ids;  // every event id of one atomic append
  uint64_t first_position = 0;   // set when acknowledged
  bool acked = false;
};

v1::AppendRequest MakeRequest(std::mt19937_64& rng, Attempt* attempt) {
  v1::AppendRequest r;
  // Two streams, two events each: a partial write would be visible.
  for (int s = 0; s < 2; ++s) {
    v1::StreamAppend* sa = r.add_appends();
    sa->set_stream("stream-" + std::to_string(s) + "-" + std::to_string(rng() % 50));
    for (int e = 0; e < 2; ++e) {
      v1::ProposedEvent* pe = sa->add_events();
      pe->set_event_id(client::NewEventId());
      pe->set_type("Crashed");
      pe->set_data(std::string(100 + rng() % 200, 'x'));
      attempt->ids.push_back(pe->event_id());
    }
  }
  return r;
}

// Cycles of the crash loop; PRIO_CRASH_CYCLES=200 for the long run (README).
int CrashCycles() {
  const char* env = std::getenv("PRIO_CRASH_CYCLES");
  return env != nullptr ? std::max(1, std::atoi(env)) : 20;
}

constexpr char kRound[] = "crash";

// The round's ranking and status as the running projection answers them.
std::string Views(testing::TestTokens& tokens) {
  auto queries = v1::SurveyQueries::NewStub(tokens.Channel(v1::ROLE_ADMIN));
  v1::RankingRequest ranking;
  ranking.set_round_id(kRound);
  auto r = client::Unary(queries.get(), &v1::SurveyQueries::Stub::Ranking, ranking);
  EXPECT_THAT(r, IsOk());
  v1::RoundStatusRequest status;
  status.set_round_id(kRound);
  auto s = client::Unary(queries.get(), &v1::SurveyQueries::Stub::RoundStatus, status);
  EXPECT_THAT(s, IsOk());
  // Without the head position they were read at (a checkpoint may come in between).
  if (r.ok()) r->clear_position();
  if (s.ok()) s->clear_position();
  return (r.ok() ? r->SerializeAsString() : "") + "|" + (s.ok() ? s->SerializeAsString() : "");
}

// The crash loop: many gRPC clients append raw events and cast ballots while priod is
// killed with SIGKILL at random moments, 20 times. After every restart: every
// acknowledged append is there exactly once, at its acknowledged position; nothing
// unacknowledged is partial; the chain and the Merkle tree verify; the survey
// projection (snapshot + tail) answers exactly what a full rebuild answers. At the end
// every checkpoint issued under load verifies too (priod verify).
TEST(CrashTest, KillNineUnderLoadLosesNothingAcknowledgedAndWritesNothingPartial) {
  const uint64_t seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937_64 rng(seed);
  TempDir dir;
  const std::string db = dir.Sub("db");
  PriodProcess priod(PRIOD_PATH, db,
                     {"--checkpoint-every-events", "500", "--snapshot-interval", "1000"});
  std::vector<Attempt> attempts;
  const int cycles = CrashCycles();
  constexpr int kAppenders = 12;
  std::atomic<uint64_t> ballots_acked{0};

  {
    const std::string address = priod.Start();
    ASSERT_FALSE(address.empty());
    ASSERT_NO_FATAL_FAILURE(testing::SeedRoundThroughCli(PRIO_CLI_PATH, address, db, kRound));
  }

  for (int cycle = 0; cycle < cycles; ++cycle) {
    const std::string address = cycle == 0 ? priod.address() : priod.Start();
    ASSERT_FALSE(address.empty()) << "priod did not start";
    client::StoreClient client(client::Connect(address, testing::ReadAdminToken(db)));
    testing::TestTokens tokens(address, db);

    // Check everything recorded so far against what survived.
    absl::flat_hash_map<std::string, uint64_t> stored;  // id -> position
    uint64_t expected_position = 1;
    ASSERT_THAT(client.ReadAll({}, [&](const v1::RecordedEvent& e) {
      EXPECT_EQ(e.position(), expected_position++) << "gap in the log";
      EXPECT_TRUE(stored.emplace(e.event_id(), e.position()).second) << "duplicate event id";
      return true;
    }),
                IsOk());
    for (const Attempt& a : attempts) {
      size_t present = 0;
      for (const auto& id : a.ids) present += stored.contains(id);
      if (a.acked) {
        ASSERT_EQ(present, a.ids.size()) << "an acknowledged append was lost";
        EXPECT_EQ(stored[a.ids[0]], a.first_position);
      } else {
        ASSERT_TRUE(present == 0 || present == a.ids.size())
            << "an unacknowledged append is partly present (" << present << " of "
            << a.ids.size() << ")";
      }
    }
    // The chain and the Merkle tree verify after every crash (read-only, beside the
    // running priod).
    {
      auto report = storage::VerifyChain(db);
      ASSERT_THAT(report, IsOk());
      ASSERT_TRUE(report->ok) << "cycle " << cycle << ": " << report->problem;
      ASSERT_TRUE(report->tree_stored);
      EXPECT_GE(report->events_checked, expected_position - 1);
    }
    // The projection restored from snapshot + tail equals a full rebuild.
    const std::string restored = Views(tokens);
    auto queries = v1::SurveyQueries::NewStub(tokens.Channel(v1::ROLE_ADMIN));
    ASSERT_THAT(client::Unary(queries.get(), &v1::SurveyQueries::Stub::Rebuild,
                              v1::RebuildRequest()),
                IsOk());
    EXPECT_TRUE(Views(tokens) == restored) << "cycle " << cycle << ": projection != rebuild";
    for (const auto& [ags, services] : testing::SeededVoters()) tokens.Token(v1::ROLE_MUNICIPALITY, ags);

    // Load, then SIGKILL at a random moment.
    std::atomic<bool> stop{false};
    std::vector<std::vector<Attempt>> per_client(kAppenders);
    std::vector<std::thread> clients;
    for (int c = 0; c < kAppenders; ++c) {
      clients.emplace_back([&, c, client_seed = rng()] {
        std::mt19937_64 local(client_seed);
        while (!stop) {
          Attempt a;
          v1::AppendRequest req = MakeRequest(local, &a);
          auto r = client.Append(req, absl::Seconds(5));
          if (r.ok()) {
            a.acked = true;
            a.first_position = r->first_position();
          }
          per_client[c].push_back(std::move(a));
          if (!r.ok()) return;  // the server is gone
        }
      });
    }
    for (const auto& [ags, services] : testing::SeededVoters()) {
      clients.emplace_back([&, ags = ags, services = services, client_seed = rng()] {
        std::mt19937_64 local(client_seed);
        while (!stop) {
          v1::CastBallotRequest ballot;
          ballot.set_round_id(kRound);
          ballot.set_ags(ags);
          int left = 100 - static_cast<int>(services.size());
          ballot.mutable_ballot();
          for (const std::string& service : services) {
            const int points = 1 + static_cast<int>(local() % (left + 1));  // at least 1 each
            left -= points - 1;
            v1::PointsAllocation* p = ballot.mutable_ballot()->add_points();
            p->set_service_id(service);
            p->set_points(points);
          }
          auto r = tokens.AsMunicipality(&v1::SurveyCommands::Stub::CastBallot, ballot);
          if (r.ok()) {
            ++ballots_acked;
          } else if (absl::IsUnavailable(r.status()) || absl::IsDeadlineExceeded(r.status())) {
            return;  // the server is gone
          } else if (!absl::IsAborted(r.status())) {
            ADD_FAILURE() << "ballot refused: " << r.status();
            return;
          }
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 400));
    EXPECT_EQ(priod.Kill(SIGKILL), 128 + SIGKILL);
    stop = true;
    for (auto& t : clients) t.join();
    size_t acked = 0;
    for (auto& v : per_client) {
      for (auto& a : v) {
        acked += a.acked;
        attempts.push_back(std::move(a));
      }
    }
    EXPECT_GT(acked, 0u) << "cycle " << cycle << " acknowledged nothing";
  }
  EXPECT_GT(ballots_acked.load(), 0u);
  size_t acked_appends = 0;
  for (const Attempt& a : attempts) acked_appends += a.acked;
  std::cout << "crash loop: " << cycles << " SIGKILL cycles, " << attempts.size()
            << " raw appends (" << acked_appends << " acknowledged), " << ballots_acked.load()
            << " ballots acknowledged\n";

  // Offline: the chain, the Merkle tree and every checkpoint verify.
  auto report = storage::VerifyChain(db);
  ASSERT_THAT(report, IsOk());
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_TRUE(report->tree_stored);
  const auto verify = RunCommand(std::string(PRIOD_PATH) + " verify --data-dir " + db);
  EXPECT_EQ(verify.exit_code, 0) << verify.output;
  EXPECT_THAT(verify.output, HasSubstr("OK: " + std::to_string(report->events_checked) + " events"));
  EXPECT_THAT(verify.output, HasSubstr("stored nodes match"));
  EXPECT_THAT(verify.output, ::testing::ContainsRegex("OK: [1-9][0-9]* checkpoints"));
}

TEST(TamperTest, PriodVerifyNamesTheChangedPosition) {
  TempDir dir;
  const std::string db = dir.Sub("db");
  {
    PriodProcess priod(PRIOD_PATH, db);
    const std::string address = priod.Start();
    ASSERT_FALSE(address.empty());
    // Through the CLI, as an operator would.
    for (int i = 0; i < 12; ++i) {
      const auto r = RunCommand(std::string(PRIO_CLI_PATH) + " --server " + address +
                         " --token-file " + db + "/admin.token events append --stream tamper --type Noted --data event-" +
                         std::to_string(i));
      ASSERT_EQ(r.exit_code, 0) << r.output;
    }
    EXPECT_EQ(priod.Kill(SIGTERM), 0);
  }
  auto ok = RunCommand(std::string(PRIOD_PATH) + " verify --data-dir " + db);
  EXPECT_EQ(ok.exit_code, 0) << ok.output;
  EXPECT_THAT(ok.output, HasSubstr("OK: 13 events, head position 13"));  // 1: the admin token
  {
    auto log = storage::LogDb::Open(db, false);
    ASSERT_THAT(log, IsOk());
    std::string value;
    auto* cf = (*log)->cf(storage::ColumnFamily::kLog);
    ASSERT_TRUE((*log)->db()->Get({}, cf, storage::LogKey(7), &value).ok());
    value[value.size() / 2] ^= 0x20;  // one byte, somewhere in the payload
    ASSERT_TRUE((*log)->db()->Put({}, cf, storage::LogKey(7), value).ok());
  }
  auto bad = RunCommand(std::string(PRIOD_PATH) + " verify --data-dir " + db);
  EXPECT_EQ(bad.exit_code, 1) << bad.output;
  EXPECT_THAT(bad.output, HasSubstr("FAILED at position 7"));
  EXPECT_THAT(bad.output, HasSubstr("6 events before it verified"));
}

}  // namespace
}  // namespace prio
