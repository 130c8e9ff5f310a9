// Sustained mixed load against a priod child process: raw appends, ballots from three
// municipalities, ranking and status queries and ranking watches, all over gRPC with
// their own tokens, for PRIO_LOAD_SECONDS (default 5; README: longer runs). Prints
// throughput, p50/p99 latency and errors per operation; expects no errors.
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "client/store_client.h"
#include "client/unary.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prio/v1/queries.grpc.pb.h"
#include "testing/auth.h"
#include "testing/process.h"
#include "testing/seed_cli.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace prio {
namespace {

using ::prio::testing::PriodProcess;
using ::prio::testing::TempDir;

constexpr char kRound[] = "load";

struct OpStats {
  std::vector<int64_t> latencies_us;
  int64_t errors = 0;
  std::string first_error;
};

class Recorder {
 public:
  void Add(const std::string& op, OpStats&& s) {
    std::lock_guard<std::mutex> lock(mu_);
    OpStats& into = ops_[op];
    into.latencies_us.insert(into.latencies_us.end(), s.latencies_us.begin(),
                             s.latencies_us.end());
    into.errors += s.errors;
    if (into.first_error.empty()) into.first_error = s.first_error;
  }
  const std::map<std::string, OpStats>& ops() const { return ops_; }

 private:
  std::mutex mu_;
  std::map<std::string, OpStats> ops_;
};

// Times `call` (returns absl::Status) until `stop`, into `op`.
template <typename Call>
void Loop(const std::atomic<bool>& stop, Recorder& recorder, const std::string& op, Call call) {
  OpStats s;
  while (!stop) {
    const absl::Time t0 = absl::Now();
    absl::Status status = call();
    s.latencies_us.push_back(absl::ToInt64Microseconds(absl::Now() - t0));
    if (!status.ok()) {
      ++s.errors;
      if (s.first_error.empty()) s.first_error = status.ToString();
    }
  }
  recorder.Add(op, std::move(s));
}

TEST(LoadTest, MixedLoadRunsWithoutErrors) {
  const char* env = std::getenv("PRIO_LOAD_SECONDS");
  const double seconds = env != nullptr ? std::max(1.0, std::atof(env)) : 5.0;
  TempDir dir;
  const std::string db = dir.Sub("db");
  PriodProcess priod(PRIOD_PATH, db);
  const std::string address = priod.Start();
  ASSERT_FALSE(address.empty());
  ASSERT_NO_FATAL_FAILURE(testing::SeedRoundThroughCli(PRIO_CLI_PATH, address, db, kRound));
  testing::TestTokens tokens(address, db);
  for (const auto& [ags, services] : testing::SeededVoters()) {
    tokens.Token(v1::ROLE_MUNICIPALITY, ags);
  }
  const std::string service_token = tokens.Token(v1::ROLE_SERVICE);

  std::atomic<bool> stop{false};
  Recorder recorder;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      client::StoreClient store(tokens.Channel(v1::ROLE_ADMIN));
      Loop(stop, recorder, "append", [&] {
        v1::AppendRequest req;
        v1::StreamAppend* sa = req.add_appends();
        sa->set_stream(absl::StrCat("load-", i));
        v1::ProposedEvent* e = sa->add_events();
        e->set_event_id(client::NewEventId());
        e->set_type("Tick");
        e->set_data(std::string(200, 'd'));
        return store.Append(req).status();
      });
    });
  }
  for (const auto& [ags, services] : testing::SeededVoters()) {
    threads.emplace_back([&, ags = ags, services = services] {
      uint32_t n = 0;
      Loop(stop, recorder, "cast ballot", [&] {
        v1::CastBallotRequest req;
        req.set_round_id(kRound);
        req.set_ags(ags);
        for (size_t k = 0; k < services.size(); ++k) {
          v1::PointsAllocation* p = req.mutable_ballot()->add_points();
          p->set_service_id(services[k]);
          p->set_points(k == 0 ? 1 + (++n % 50) : 10);
        }
        return tokens.AsMunicipality(&v1::SurveyCommands::Stub::CastBallot, req).status();
      });
    });
  }
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&] {
      auto queries = v1::SurveyQueries::NewStub(client::Connect(address, service_token));
      Loop(stop, recorder, "ranking", [&] {
        v1::RankingRequest req;
        req.set_round_id(kRound);
        return client::Unary(queries.get(), &v1::SurveyQueries::Stub::Ranking, req).status();
      });
    });
  }
  threads.emplace_back([&] {
    auto queries = v1::SurveyQueries::NewStub(tokens.Channel(v1::ROLE_ADMIN));
    Loop(stop, recorder, "round status", [&] {
      v1::RoundStatusRequest req;
      req.set_round_id(kRound);
      return client::Unary(queries.get(), &v1::SurveyQueries::Stub::RoundStatus, req).status();
    });
  });
  std::atomic<int64_t> watch_updates{0};
  for (int i = 0; i < 2; ++i) {
    threads.emplace_back([&] {
      auto queries = v1::SurveyQueries::NewStub(client::Connect(address, service_token));
      OpStats s;
      grpc::ClientContext ctx;
      v1::WatchRequest req;
      req.set_round_id(kRound);
      req.set_interval_ms(50);
      auto reader = queries->Watch(&ctx, req);
      std::thread canceller([&] {
        while (!stop) absl::SleepFor(absl::Milliseconds(20));
        ctx.TryCancel();
      });
      v1::WatchUpdate update;
      while (reader->Read(&update)) ++watch_updates;
      const grpc::Status status = reader->Finish();
      canceller.join();
      if (status.error_code() != grpc::StatusCode::CANCELLED) {
        ++s.errors;
        s.first_error = status.error_message();
      }
      recorder.Add("watch", std::move(s));
    });
  }
  absl::SleepFor(absl::Seconds(seconds));
  stop = true;
  for (auto& t : threads) t.join();

  std::cout << absl::StrFormat("load: %.0f s mixed load against priod (2 cores shared with "
                               "the clients)\n%-14s %9s %9s %9s %9s %7s\n",
                               seconds, "operation", "calls", "per s", "p50 ms", "p99 ms",
                               "errors");
  for (auto [op, s] : recorder.ops()) {
    EXPECT_EQ(s.errors, 0) << op << ": " << s.first_error;
    if (op == "watch") continue;  // streams: counted below
    std::sort(s.latencies_us.begin(), s.latencies_us.end());
    auto pct = [&](double p) {
      return s.latencies_us.empty()
                 ? 0.0
                 : s.latencies_us[std::min(s.latencies_us.size() - 1,
                                           static_cast<size_t>(p * s.latencies_us.size()))] /
                       1000.0;
    };
    std::cout << absl::StrFormat("%-14s %9d %9.0f %9.2f %9.2f %7d\n", op, s.latencies_us.size(),
                                 s.latencies_us.size() / seconds, pct(0.5), pct(0.99), s.errors);
  }
  std::cout << "watch: 2 streams (50 ms interval), " << watch_updates.load()
            << " updates received, errors " << recorder.ops().at("watch").errors << "\n";
  EXPECT_GT(watch_updates.load(), 0);
  EXPECT_GT(recorder.ops().at("cast ballot").latencies_us.size(), 0u);
}

}  // namespace
}  // namespace prio
