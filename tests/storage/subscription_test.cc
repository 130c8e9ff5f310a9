// Subscriptions: catch-up then live without gap or duplicate, filters with
// checkpoints, bounded queues with RESOURCE_EXHAUSTED and resume.
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/event_store.h"
#include "testing/events.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace prio::storage {
namespace {

using ::prio::testing::Event;
using ::prio::testing::IsOk;
using ::prio::testing::OneStream;
using ::prio::testing::StatusIs;
using ::prio::testing::TempDir;
using ::testing::HasSubstr;
using Kind = SubscriptionMessage::Kind;

class SubscriptionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = EventStore::Open({.path = dir_.Sub("db")});
    ASSERT_THAT(s, IsOk());
    store_ = *std::move(s);
  }
  void AppendN(int n, const std::string& stream = "s", const std::string& type = "T") {
    for (int i = 0; i < n; ++i) ASSERT_THAT(store_->Append(OneStream(stream, {Event(type)})), IsOk());
  }

  TempDir dir_;
  std::unique_ptr<EventStore> store_;
};

TEST_F(SubscriptionTest, CatchUpThenLiveUnderConcurrentAppendsHasNoGapOrDuplicate) {
  AppendN(300);
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 250;
  std::atomic<bool> go{false};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      while (!go) std::this_thread::yield();
      for (int i = 0; i < kPerWriter; ++i) {
        ASSERT_THAT(store_->Append(OneStream("w" + std::to_string(w), {Event()})), IsOk());
      }
    });
  }
  PRIO_ASSERT_OK_AND_ASSIGN(auto sub, store_->Subscribe({.after_position = 10}));
  go = true;
  const uint64_t total = 300 + kWriters * kPerWriter;
  uint64_t expected = 11;
  int caught_up = 0;
  while (expected <= total) {
    auto batch = sub->Next(64, absl::Seconds(10));
    ASSERT_THAT(batch, IsOk());
    ASSERT_FALSE(batch->empty()) << "stalled at " << expected;
    for (const auto& m : *batch) {
      if (m.kind == Kind::kCaughtUp) {
        ++caught_up;
        EXPECT_EQ(m.position, expected - 1);
        continue;
      }
      ASSERT_EQ(m.kind, Kind::kEvent);
      ASSERT_EQ(m.position, expected) << "gap or duplicate";
      ASSERT_EQ(m.event->position, expected);
      ++expected;
    }
  }
  for (auto& w : writers) w.join();
  EXPECT_EQ(caught_up, 1);
  // Nothing more arrives.
  auto more = sub->Next(64, absl::Milliseconds(50));
  ASSERT_THAT(more, IsOk());
  for (const auto& m : *more) EXPECT_NE(m.kind, Kind::kEvent);
  EXPECT_EQ(sub->last_delivered(), total);
}

TEST_F(SubscriptionTest, FromTheHeadGoesLiveAtOnce) {
  AppendN(5);
  PRIO_ASSERT_OK_AND_ASSIGN(auto sub, store_->Subscribe({.after_position = 5}));
  auto first = sub->Poll(10);
  ASSERT_THAT(first, IsOk());
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].kind, Kind::kCaughtUp);
  EXPECT_EQ((*first)[0].position, 5u);
  AppendN(1);
  auto next = sub->Next(10, absl::Seconds(5));
  ASSERT_THAT(next, IsOk());
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ((*next)[0].position, 6u);
}

TEST_F(SubscriptionTest, BeyondTheHeadIsOutOfRange) {
  AppendN(3);
  EXPECT_THAT(store_->Subscribe({.after_position = 4}),
              StatusIs(absl::StatusCode::kOutOfRange, HasSubstr("ends at 3")));
}

TEST_F(SubscriptionTest, FilterDeliversMatchesAndCheckpointsWhileSkipping) {
  AppendN(25, "noise");
  AppendN(2, "round-1", "BallotCast");
  AppendN(25, "noise");
  PRIO_ASSERT_OK_AND_ASSIGN(
      auto sub, store_->Subscribe({.filter = {.stream_prefixes = {"round-"}},
                                   .checkpoint_interval = 10}));
  std::vector<uint64_t> events, checkpoints;
  bool live = false;
  auto drain = [&] {
    for (int spins = 0; spins < 100; ++spins) {
      auto b = sub->Next(5, absl::Milliseconds(20));
      ASSERT_THAT(b, IsOk());
      for (const auto& m : *b) {
        if (m.kind == Kind::kEvent) events.push_back(m.position);
        if (m.kind == Kind::kCheckpoint) checkpoints.push_back(m.position);
        if (m.kind == Kind::kCaughtUp) live = true;
      }
      if (live && b->empty()) return;
    }
  };
  drain();
  EXPECT_THAT(events, ::testing::ElementsAre(26, 27));
  ASSERT_GE(checkpoints.size(), 3u);
  for (size_t i = 1; i < checkpoints.size(); ++i) EXPECT_GT(checkpoints[i], checkpoints[i - 1]);
  // Live: skipped events still produce checkpoints, matches are delivered.
  checkpoints.clear();
  AppendN(12, "noise");
  AppendN(1, "round-2");
  drain();
  EXPECT_THAT(events, ::testing::ElementsAre(26, 27, 65));
  EXPECT_FALSE(checkpoints.empty());
}

TEST_F(SubscriptionTest, SlowSubscriberIsEndedAndResumesFromLastDelivered) {
  PRIO_ASSERT_OK_AND_ASSIGN(auto sub, store_->Subscribe({.max_queue = 20}));
  auto first = sub->Poll(10);  // caught up on the empty log, now live
  ASSERT_THAT(first, IsOk());
  AppendN(5);
  auto some = sub->Next(3, absl::Seconds(5));
  ASSERT_THAT(some, IsOk());
  ASSERT_EQ(some->size(), 3u);
  const uint64_t last = sub->last_delivered();
  EXPECT_EQ(last, 3u);
  AppendN(30);  // never read: overflows the queue of 20
  auto over = sub->Poll(100);
  EXPECT_THAT(over, StatusIs(absl::StatusCode::kResourceExhausted,
                             HasSubstr("resume after position 3")));
  EXPECT_THAT(sub->Poll(1), StatusIs(absl::StatusCode::kResourceExhausted));
  // A faster writer does not wait for it: appends kept succeeding above. Resume.
  PRIO_ASSERT_OK_AND_ASSIGN(auto resumed, store_->Subscribe({.after_position = last}));
  uint64_t expected = last + 1;
  while (expected <= 35) {
    auto b = resumed->Next(100, absl::Seconds(5));
    ASSERT_THAT(b, IsOk());
    ASSERT_FALSE(b->empty());
    for (const auto& m : *b) {
      if (m.kind == Kind::kEvent) {
        ASSERT_EQ(m.position, expected++);
      }
    }
  }
}

TEST_F(SubscriptionTest, NotifyWhenReadyWakesOnNewEventsAndCancel) {
  PRIO_ASSERT_OK_AND_ASSIGN(auto sub, store_->Subscribe({}));
  ASSERT_THAT(sub->Poll(10), IsOk());  // live now
  std::atomic<int> woken{0};
  ASSERT_TRUE(sub->NotifyWhenReady([&] { ++woken; }));
  AppendN(1);
  EXPECT_EQ(woken.load(), 1);
  EXPECT_FALSE(sub->NotifyWhenReady([&] { ++woken; }));  // something is waiting
  ASSERT_THAT(sub->Poll(10), IsOk());
  ASSERT_TRUE(sub->NotifyWhenReady([&] { ++woken; }));
  sub->Cancel();
  EXPECT_EQ(woken.load(), 2);
  EXPECT_THAT(sub->Poll(1), StatusIs(absl::StatusCode::kCancelled));
}

TEST_F(SubscriptionTest, ClosingTheStoreEndsSubscriptions) {
  PRIO_ASSERT_OK_AND_ASSIGN(auto live, store_->Subscribe({}));
  ASSERT_THAT(live->Poll(10), IsOk());
  std::atomic<int> woken{0};
  ASSERT_TRUE(live->NotifyWhenReady([&] { ++woken; }));
  AppendN(3);  // woken once already
  PRIO_ASSERT_OK_AND_ASSIGN(auto catching_up, store_->Subscribe({}));
  store_.reset();
  EXPECT_EQ(woken.load(), 1);
  EXPECT_THAT(live->Poll(1), StatusIs(absl::StatusCode::kCancelled));
  EXPECT_THAT(catching_up->Poll(1), StatusIs(absl::StatusCode::kCancelled));
}

}  // namespace
}  // namespace prio::storage
