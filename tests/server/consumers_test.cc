// Slow and stuck consumers against a priod child process: 1,000 live streams over gRPC
// — 850 event subscriptions and 150 ranking watches — of which 100 (50 of each) never
// read. The 800 reading subscribers get every event, in order, with their latency
// kept; the 100 reading watchers see the last ballot; priod's memory stays bounded.
// Figures are printed.
#include <algorithm>
#include <atomic>
#include <iostream>
#include <memory>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "client/store_client.h"
#include "gmock/gmock.h"
#include "grpcpp/support/client_callback.h"
#include "gtest/gtest.h"
#include "prio/v1/queries.grpc.pb.h"
#include "prio/v1/store.grpc.pb.h"
#include "testing/auth.h"
#include "testing/process.h"
#include "testing/seed_cli.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace prio {
namespace {

using ::prio::testing::IsOk;
using ::prio::testing::PriodProcess;
using ::prio::testing::TempDir;

// One live subscription; a stuck one never asks for a message.
class Subscriber : public grpc::ClientReadReactor<v1::SubscribeResponse> {
 public:
  Subscriber(v1::EventStore::Stub* stub, uint64_t after, bool stuck) : stuck_(stuck) {
    v1::SubscribeRequest req;
    req.set_after_position(after);
    req.mutable_filter()->add_stream_prefixes("load");
    stub->async()->Subscribe(&ctx_, &req, this);
    if (!stuck_) StartRead(&msg_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    if (msg_.has_event()) {
      int64_t sent = 0;
      absl::MutexLock lock(&mu_);
      if (absl::SimpleAtoi(msg_.event().data(), &sent)) {
        latencies_us_.push_back(absl::ToUnixMicros(absl::Now()) - sent);
      }
      if (msg_.event().position() <= last_position_) out_of_order_ = true;
      last_position_ = msg_.event().position();
    }
    StartRead(&msg_);
  }
  void OnDone(const grpc::Status& s) override {
    status_ = s;
    done_.Notify();
  }
  void Stop() {
    ctx_.TryCancel();
    done_.WaitForNotification();
  }

  std::vector<int64_t> latencies_us() const {
    absl::MutexLock lock(&mu_);
    return latencies_us_;
  }
  size_t received() const {
    absl::MutexLock lock(&mu_);
    return latencies_us_.size();
  }
  bool out_of_order() const {
    absl::MutexLock lock(&mu_);
    return out_of_order_;
  }
  bool ended_early() const { return done_.HasBeenNotified(); }

 private:
  const bool stuck_;
  grpc::ClientContext ctx_;
  v1::SubscribeResponse msg_;
  mutable absl::Mutex mu_;  // the reactor writes, the test reads
  std::vector<int64_t> latencies_us_ ABSL_GUARDED_BY(mu_);
  uint64_t last_position_ ABSL_GUARDED_BY(mu_) = 0;
  bool out_of_order_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status status_;
  absl::Notification done_;
};

// One ranking watch; a stuck one never asks for an update.
class Watcher : public grpc::ClientReadReactor<v1::WatchUpdate> {
 public:
  Watcher(v1::SurveyQueries::Stub* stub, const std::string& round, bool stuck) {
    v1::WatchRequest req;
    req.set_round_id(round);
    req.set_interval_ms(50);
    stub->async()->Watch(&ctx_, &req, this);
    if (!stuck) StartRead(&update_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    last_position_ = update_.position();
    ++updates_;
    StartRead(&update_);
  }
  void OnDone(const grpc::Status&) override { done_.Notify(); }
  void Stop() {
    ctx_.TryCancel();
    done_.WaitForNotification();
  }
  uint64_t last_position() const { return last_position_; }
  bool ended_early() const { return done_.HasBeenNotified(); }

 private:
  grpc::ClientContext ctx_;
  v1::WatchUpdate update_;
  std::atomic<uint64_t> last_position_{0};
  uint64_t updates_ = 0;
  absl::Notification done_;
};

// Waits up to 30 s (a loaded CI machine) until `done()`.
template <typename Done>
void WaitUntil(Done done) {
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (!done() && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(20));
}

int64_t Percentile(std::vector<int64_t> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

TEST(ConsumersTest, StuckConsumersDoNotSlowTheOthersOrGrowMemory) {
  TempDir dir;
  const std::string db = dir.Sub("db");
  PriodProcess priod(PRIOD_PATH, db);
  const std::string address = priod.Start();
  ASSERT_FALSE(address.empty());
  const std::string token = testing::ReadAdminToken(db);
  ASSERT_NO_FATAL_FAILURE(testing::SeedRoundThroughCli(PRIO_CLI_PATH, address, db, "watched"));
  testing::TestTokens tokens(address, db);
  client::StoreClient writer(client::Connect(address, token));
  // Several connections: one carries at most --max-concurrent-streams (128) calls.
  std::vector<std::unique_ptr<v1::EventStore::Stub>> stubs;
  std::vector<std::unique_ptr<v1::SurveyQueries::Stub>> queries;
  for (int i = 0; i < 16; ++i) {
    auto channel = client::Connect(
        address, client::ConnectOptions{.bearer_token = token,
                                        .int_args = {{"grpc.use_local_subchannel_pool", 1},
                                                     {"prio.test.channel", i}}});
    stubs.push_back(v1::EventStore::NewStub(channel));
    queries.push_back(v1::SurveyQueries::NewStub(channel));
  }

  constexpr int kSubscribers = 850, kWatchers = 150;
  constexpr int kStuckSubscribers = 50, kStuckWatchers = 50;
  constexpr int kEventsPerPhase = 60;
  uint64_t last_ballot = 0;
  const int64_t rss_start = testing::ResidentKiB(priod.pid());

  // Phase 1: the 900 readers alone. Phase 2: the same with 100 stuck ones added.
  auto append_phase = [&](int events) {
    for (int i = 0; i < events; ++i) {
      v1::AppendRequest req;
      v1::StreamAppend* sa = req.add_appends();
      sa->set_stream("load");
      v1::ProposedEvent* e = sa->add_events();
      e->set_event_id(client::NewEventId());
      e->set_type("Tick");
      e->set_data(absl::StrCat(absl::ToUnixMicros(absl::Now())));
      // Padding so that stuck streams have something to hold.
      (*e->mutable_metadata())["padding"] = std::string(2000, 'p');
      ASSERT_THAT(writer.Append(req), IsOk());
      // And a ballot, so that the ranking the watchers see changes.
      v1::CastBallotRequest ballot;
      ballot.set_round_id("watched");
      ballot.set_ags("05758004");
      v1::PointsAllocation* a = ballot.mutable_ballot()->add_points();
      a->set_service_id("10519");
      a->set_points(1 + i % 90);
      v1::PointsAllocation* b = ballot.mutable_ballot()->add_points();
      b->set_service_id("10119");
      b->set_points(5);
      auto cast = tokens.AsMunicipality(&v1::SurveyCommands::Stub::CastBallot, ballot);
      ASSERT_THAT(cast, IsOk());
      last_ballot = cast->last_position();
      absl::SleepFor(absl::Milliseconds(25));
    }
  };
  const uint64_t start = writer.Head()->last_position();
  std::vector<std::unique_ptr<Subscriber>> readers;
  for (int i = 0; i < kSubscribers - kStuckSubscribers; ++i) {
    readers.push_back(std::make_unique<Subscriber>(stubs[i % stubs.size()].get(), start, false));
  }
  std::vector<std::unique_ptr<Watcher>> watchers;
  for (int i = 0; i < kWatchers - kStuckWatchers; ++i) {
    watchers.push_back(
        std::make_unique<Watcher>(queries[i % queries.size()].get(), "watched", false));
  }
  absl::SleepFor(absl::Seconds(1));  // all caught up and live
  ASSERT_NO_FATAL_FAILURE(append_phase(kEventsPerPhase));
  auto all_received = [&](size_t n) {
    return [&, n] {
      for (const auto& r : readers) {
        if (r->received() < n) return false;
      }
      return true;
    };
  };
  WaitUntil(all_received(kEventsPerPhase));
  std::vector<size_t> phase1_counts;
  std::vector<int64_t> phase1;
  for (const auto& r : readers) {
    const std::vector<int64_t> l = r->latencies_us();
    phase1_counts.push_back(l.size());
    phase1.insert(phase1.end(), l.begin(), l.end());
  }
  const int64_t rss_phase1 = testing::ResidentKiB(priod.pid());

  std::vector<std::unique_ptr<Subscriber>> stuck;
  for (int i = 0; i < kStuckSubscribers; ++i) {
    stuck.push_back(std::make_unique<Subscriber>(stubs[i % stubs.size()].get(), start, true));
  }
  std::vector<std::unique_ptr<Watcher>> stuck_watchers;
  for (int i = 0; i < kStuckWatchers; ++i) {
    stuck_watchers.push_back(
        std::make_unique<Watcher>(queries[i % queries.size()].get(), "watched", true));
  }
  absl::SleepFor(absl::Milliseconds(500));
  ASSERT_NO_FATAL_FAILURE(append_phase(kEventsPerPhase));
  WaitUntil(all_received(2 * kEventsPerPhase));
  WaitUntil([&] {
    for (const auto& w : watchers) {
      if (w->last_position() < last_ballot) return false;
    }
    return true;
  });
  std::vector<int64_t> phase2;
  for (size_t i = 0; i < readers.size(); ++i) {
    const std::vector<int64_t> l = readers[i]->latencies_us();
    EXPECT_EQ(l.size(), 2u * kEventsPerPhase) << "reader " << i << " missed events";
    EXPECT_FALSE(readers[i]->out_of_order()) << "reader " << i;
    EXPECT_FALSE(readers[i]->ended_early()) << "reader " << i << " was cut off";
    phase2.insert(phase2.end(), l.begin() + std::min(phase1_counts[i], l.size()), l.end());
  }
  for (size_t i = 0; i < watchers.size(); ++i) {
    EXPECT_GE(watchers[i]->last_position(), last_ballot) << "watcher " << i << " fell behind";
    EXPECT_FALSE(watchers[i]->ended_early()) << "watcher " << i << " was cut off";
  }
  const int64_t rss_end = testing::ResidentKiB(priod.pid());
  std::cout << "consumers: " << readers.size() << " reading subscribers and " << watchers.size()
            << " reading watchers (all saw the last ballot), " << stuck.size()
            << " stuck subscribers and " << stuck_watchers.size() << " stuck watchers; latency p50/p99 alone " << Percentile(phase1, 0.5) / 1000.0 << "/"
            << Percentile(phase1, 0.99) / 1000.0 << " ms, with stuck ones "
            << Percentile(phase2, 0.5) / 1000.0 << "/" << Percentile(phase2, 0.99) / 1000.0
            << " ms; priod RSS " << rss_start / 1024 << " -> " << rss_phase1 / 1024 << " -> "
            << rss_end / 1024 << " MiB\n";
  // Bounded: the stuck streams hold at most their flow-control windows and the
  // shared events, not a copy per subscriber.
  EXPECT_LT(rss_end - rss_phase1, 256 * 1024) << "KiB grown with 100 stuck consumers";
  for (auto& r : stuck) r->Stop();
  for (auto& r : readers) r->Stop();
  for (auto& w : stuck_watchers) w->Stop();
  for (auto& w : watchers) w->Stop();
}

}  // namespace
}  // namespace prio
