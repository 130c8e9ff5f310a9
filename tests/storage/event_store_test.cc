// Store semantics: expected revisions, idempotency, atomicity, limits, reads, reopen,
// and ordering under concurrency, against a real RocksDB in a temp directory.
#include "storage/event_store.h"

#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/verify.h"
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
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Code = absl::StatusCode;

class EventStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    store_.reset();
    auto s = EventStore::Open({.path = dir_.Sub("db")});
    ASSERT_THAT(s, IsOk());
    store_ = *std::move(s);
  }

  AppendResult MustAppend(AppendRequest r) {
    auto res = store_->Append(std::move(r));
    EXPECT_THAT(res, IsOk());
    return res.ok() ? *res : AppendResult{};
  }

  std::vector<uint64_t> AllPositions() {
    auto r = store_->ReadAll({});
    EXPECT_THAT(r, IsOk());
    std::vector<uint64_t> out;
    for (const auto& e : r->events) out.push_back(e.position);
    return out;
  }

  TempDir dir_;
  std::unique_ptr<EventStore> store_;
};

// --- expected revision: every mode x stream absent / present ---------------------

struct RevisionCase {
  const char* name;
  ExpectedRevision expected;
  bool stream_present;  // the stream has revisions 0 and 1 before the append
  bool ok;
};

class ExpectedRevisionTest : public EventStoreTest,
                             public ::testing::WithParamInterface<RevisionCase> {};

TEST_P(ExpectedRevisionTest, AcceptsOrRejectsWithoutWriting) {
  const RevisionCase& c = GetParam();
  if (c.stream_present) MustAppend(OneStream("s", {Event(), Event()}));
  const Head before = store_->GetHead();
  auto r = store_->Append(OneStream("s", {Event()}, c.expected));
  if (c.ok) {
    ASSERT_THAT(r, IsOk());
    EXPECT_EQ(r->first_position, before.position + 1);
    EXPECT_EQ(r->results[0].first_revision, c.stream_present ? 2u : 0u);
  } else {
    EXPECT_THAT(r, StatusIs(Code::kAborted, HasSubstr("stream \"s\" expected")));
    EXPECT_EQ(store_->GetHead().position, before.position);
    EXPECT_EQ(store_->GetHead().hash, before.hash);
  }
}

INSTANTIATE_TEST_SUITE_P(
    AllModes, ExpectedRevisionTest,
    ::testing::Values(RevisionCase{"AnyAbsent", ExpectedRevision::Any(), false, true},
                      RevisionCase{"AnyPresent", ExpectedRevision::Any(), true, true},
                      RevisionCase{"NoStreamAbsent", ExpectedRevision::NoStream(), false, true},
                      RevisionCase{"NoStreamPresent", ExpectedRevision::NoStream(), true, false},
                      RevisionCase{"ExistsAbsent", ExpectedRevision::StreamExists(), false, false},
                      RevisionCase{"ExistsPresent", ExpectedRevision::StreamExists(), true, true},
                      RevisionCase{"ExactAbsent", ExpectedRevision::Exact(0), false, false},
                      RevisionCase{"ExactPresentRight", ExpectedRevision::Exact(1), true, true},
                      RevisionCase{"ExactPresentWrong", ExpectedRevision::Exact(0), true, false},
                      RevisionCase{"ExactPresentAhead", ExpectedRevision::Exact(7), true, false}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(EventStoreTest, ConflictMessageNamesStreamExpectedAndActual) {
  MustAppend(OneStream("round-1", {Event(), Event(), Event()}));
  EXPECT_THAT(store_->Append(OneStream("round-1", {Event()}, ExpectedRevision::Exact(1))),
              StatusIs(Code::kAborted, HasSubstr("\"round-1\" expected revision 1, but the "
                                                 "stream is at revision 2")));
}

// --- idempotency ---------------------------------------------------------------

TEST_F(EventStoreTest, IdenticalRetryReturnsOriginalPositions) {
  MustAppend(OneStream("other", {Event()}));
  AppendRequest req = OneStream("s", {Event(), Event()}, ExpectedRevision::NoStream());
  const AppendResult first = MustAppend(req);
  MustAppend(OneStream("s", {Event()}));
  // The retry's expected revision no longer holds, but a retry is recognised first.
  const AppendResult again = MustAppend(req);
  EXPECT_EQ(again.first_position, first.first_position);
  EXPECT_EQ(again.last_position, first.last_position);
  EXPECT_EQ(again.results[0].first_revision, 0u);
  EXPECT_EQ(again.results[0].last_revision, 1u);
  EXPECT_EQ(store_->GetHead().position, 4u);
}

TEST_F(EventStoreTest, IdenticalRetryInEveryExpectedRevisionMode) {
  for (ExpectedRevision mode : {ExpectedRevision::Any(), ExpectedRevision::NoStream(),
                                ExpectedRevision::StreamExists(), ExpectedRevision::Exact(0)}) {
    const std::string stream = "mode-" + std::to_string(static_cast<int>(mode.kind));
    if (mode.kind == ExpectedRevision::Kind::kStreamExists ||
        mode.kind == ExpectedRevision::Kind::kExact) {
      MustAppend(OneStream(stream, {Event()}));
    }
    AppendRequest req = OneStream(stream, {Event()}, mode);
    const AppendResult first = MustAppend(req);
    const AppendResult again = MustAppend(req);
    EXPECT_EQ(first.first_position, again.first_position) << stream;
  }
}

TEST_F(EventStoreTest, SameIdOtherContentIsAlreadyExists) {
  AppendRequest req = OneStream("s", {Event("A", "one")});
  MustAppend(req);
  const Head before = store_->GetHead();
  req.appends[0].events[0].data = "two";
  EXPECT_THAT(store_->Append(req),
              StatusIs(Code::kAlreadyExists, HasSubstr("with different content")));
  req.appends[0].events[0].data = "one";
  req.appends[0].stream = "elsewhere";
  EXPECT_THAT(store_->Append(req), StatusIs(Code::kAlreadyExists));
  EXPECT_EQ(store_->GetHead().position, before.position);
}

TEST_F(EventStoreTest, PartlyKnownIdsAreNotARetry) {
  AppendRequest req = OneStream("s", {Event()});
  MustAppend(req);
  req.appends[0].events.push_back(Event());
  EXPECT_THAT(store_->Append(req), StatusIs(Code::kAlreadyExists, HasSubstr("atomic")));
  EXPECT_EQ(store_->GetHead().position, 1u);
}

TEST_F(EventStoreTest, IdempotencySurvivesReopen) {
  AppendRequest req = OneStream("s", {Event()});
  const AppendResult first = MustAppend(req);
  Reopen();
  EXPECT_EQ(MustAppend(req).first_position, first.first_position);
  EXPECT_EQ(store_->GetHead().position, 1u);
}

// --- atomicity across streams ----------------------------------------------------

TEST_F(EventStoreTest, MultiStreamAppendIsAllOrNothing) {
  MustAppend(OneStream("b", {Event()}));
  AppendRequest req;
  req.appends.push_back({"a", ExpectedRevision::NoStream(), {Event(), Event()}});
  req.appends.push_back({"b", ExpectedRevision::NoStream(), {Event()}});  // conflicts
  EXPECT_THAT(store_->Append(req), StatusIs(Code::kAborted, HasSubstr("\"b\"")));
  EXPECT_THAT(store_->ReadStream({.stream = "a"}), StatusIs(Code::kNotFound));
  EXPECT_EQ(store_->GetHead().position, 1u);

  req.appends[1].expected = ExpectedRevision::Exact(0);
  const AppendResult r = MustAppend(req);
  EXPECT_EQ(r.first_position, 2u);
  EXPECT_EQ(r.last_position, 4u);
  ASSERT_EQ(r.results.size(), 2u);
  EXPECT_EQ(r.results[0].stream, "a");
  EXPECT_EQ(r.results[0].last_revision, 1u);
  EXPECT_EQ(r.results[1].first_revision, 1u);
}

// --- limits ----------------------------------------------------------------------

struct LimitCase {
  const char* name;
  std::function<void(AppendRequest*)> mutate;
  const char* message;
};

class LimitTest : public EventStoreTest, public ::testing::WithParamInterface<LimitCase> {};

TEST_P(LimitTest, RejectsWithInvalidArgumentAndWritesNothing) {
  AppendRequest req = OneStream("ok", {Event()});
  GetParam().mutate(&req);
  EXPECT_THAT(store_->Append(std::move(req)),
              StatusIs(Code::kInvalidArgument, HasSubstr(GetParam().message)));
  EXPECT_EQ(store_->GetHead().position, 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Limits, LimitTest,
    ::testing::Values(
        LimitCase{"NoStreams", [](AppendRequest* r) { r->appends.clear(); }, "no streams"},
        LimitCase{"EmptyStream", [](AppendRequest* r) { r->appends[0].stream = ""; }, "empty"},
        LimitCase{"LongStream",
                  [](AppendRequest* r) { r->appends[0].stream = std::string(201, 'x'); },
                  "limit is 200"},
        LimitCase{"ReservedStream", [](AppendRequest* r) { r->appends[0].stream = "$all"; },
                  "reserved"},
        LimitCase{"ControlCharInStream",
                  [](AppendRequest* r) { r->appends[0].stream = "a\nb"; }, "printable"},
        LimitCase{"BadUtf8Stream", [](AppendRequest* r) { r->appends[0].stream = "a\xff"; },
                  "UTF-8"},
        LimitCase{"ShortEventId", [](AppendRequest* r) { r->appends[0].events[0].event_id = "x"; },
                  "must be 16"},
        LimitCase{"EmptyType", [](AppendRequest* r) { r->appends[0].events[0].type = ""; },
                  "type is empty"},
        LimitCase{"LongType",
                  [](AppendRequest* r) { r->appends[0].events[0].type = std::string(201, 't'); },
                  "limit is 200"},
        LimitCase{"HugeEvent",
                  [](AppendRequest* r) {
                    r->appends[0].events[0].data = std::string(kMaxEventBytes, 'd');
                  },
                  "limit is 1048576"},
        LimitCase{"HugeAppend",
                  [](AppendRequest* r) {
                    r->appends[0].events.clear();
                    for (int i = 0; i < 17; ++i) {
                      r->appends[0].events.push_back(Event("T", std::string(1000000, 'd')));
                    }
                  },
                  "limit is 16777216"},
        LimitCase{"TooManyEvents",
                  [](AppendRequest* r) {
                    r->appends[0].events.clear();
                    for (size_t i = 0; i <= kMaxAppendEvents; ++i) {
                      r->appends[0].events.push_back(Event());
                    }
                  },
                  "more than 10000 events"},
        LimitCase{"NoEvents", [](AppendRequest* r) { r->appends[0].events.clear(); }, "no events"},
        LimitCase{"RepeatedId",
                  [](AppendRequest* r) {
                    r->appends[0].events.push_back(r->appends[0].events[0]);
                  },
                  "more than once"},
        LimitCase{"RepeatedStream",
                  [](AppendRequest* r) { r->appends.push_back({"ok", {}, {Event()}}); },
                  "more than once"}),
    [](const auto& info) { return std::string(info.param.name); });

// --- reads -------------------------------------------------------------------------

TEST_F(EventStoreTest, ReadStreamForwardsBackwardsAndBounds) {
  for (int i = 0; i < 5; ++i) {
    MustAppend(OneStream("s", {Event("T", std::to_string(i))}));
    MustAppend(OneStream("noise", {Event()}));
  }
  auto revs = [](const std::vector<RecordedEvent>& v) {
    std::vector<uint64_t> out;
    for (const auto& e : v) out.push_back(e.revision);
    return out;
  };
  PRIO_ASSERT_OK_AND_ASSIGN(auto all, store_->ReadStream({.stream = "s"}));
  EXPECT_THAT(revs(all), ElementsAre(0, 1, 2, 3, 4));
  EXPECT_EQ(all[3].data, "3");
  EXPECT_EQ(all[3].position, 7u);
  PRIO_ASSERT_OK_AND_ASSIGN(auto some, store_->ReadStream({.stream = "s", .from_revision = 2,
                                                           .max_count = 2}));
  EXPECT_THAT(revs(some), ElementsAre(2, 3));
  PRIO_ASSERT_OK_AND_ASSIGN(
      auto back, store_->ReadStream({.stream = "s", .from_end = true,
                                     .direction = Direction::kBackwards, .max_count = 3}));
  EXPECT_THAT(revs(back), ElementsAre(4, 3, 2));
  PRIO_ASSERT_OK_AND_ASSIGN(auto past, store_->ReadStream({.stream = "s", .from_revision = 9}));
  EXPECT_TRUE(past.empty());
  EXPECT_THAT(store_->ReadStream({.stream = "missing"}),
              StatusIs(Code::kNotFound, HasSubstr("\"missing\"")));
  EXPECT_THAT(store_->ReadStream({.stream = "s-prefix-of-nothing"}), StatusIs(Code::kNotFound));
}

TEST_F(EventStoreTest, ReadAllWithFilterAndPaging) {
  for (int i = 0; i < 10; ++i) {
    MustAppend(OneStream(i % 2 ? "round-1" : "catalog", {Event(i % 3 ? "A" : "B")}));
  }
  PRIO_ASSERT_OK_AND_ASSIGN(auto r, store_->ReadAll({.filter = {.stream_prefixes = {"round-"}}}));
  ASSERT_EQ(r.events.size(), 5u);
  EXPECT_EQ(r.events[0].position, 2u);
  EXPECT_EQ(r.next_position, 0u);
  PRIO_ASSERT_OK_AND_ASSIGN(auto b, store_->ReadAll({.filter = {.types = {"B"}}}));
  EXPECT_EQ(b.events.size(), 4u);  // i = 0, 3, 6, 9
  PRIO_ASSERT_OK_AND_ASSIGN(auto page, store_->ReadAll({.from_position = 3, .max_count = 4}));
  ASSERT_EQ(page.events.size(), 4u);
  EXPECT_EQ(page.next_position, 7u);
  PRIO_ASSERT_OK_AND_ASSIGN(auto asof, store_->ReadAll({.to_position = 4}));
  EXPECT_EQ(asof.events.size(), 4u);
  PRIO_ASSERT_OK_AND_ASSIGN(
      auto back, store_->ReadAll({.from_end = true, .direction = Direction::kBackwards,
                                  .max_count = 2}));
  ASSERT_EQ(back.events.size(), 2u);
  EXPECT_EQ(back.events[0].position, 10u);
  EXPECT_EQ(back.next_position, 8u);
  EXPECT_THAT(store_->ReadAll({.direction = Direction::kBackwards}),
              StatusIs(Code::kInvalidArgument));
  PRIO_ASSERT_OK_AND_ASSIGN(auto beyond, store_->ReadAll({.from_position = 99}));
  EXPECT_TRUE(beyond.events.empty());
}

TEST_F(EventStoreTest, ScanDecodesEachRecordExactlyEvenWhenMetadataChanges) {
  const std::vector<Metadata> metas = {{{"a", "1"}, {"b", "2"}},
                                       {{"a", "3"}, {"b", "4"}},
                                       {{"a", "5"}, {"c", "6"}},
                                       {},
                                       {{"z", "7"}},
                                       {{"a", "8"}, {"b", "9"}, {"c", "10"}}};
  for (const Metadata& m : metas) {
    ProposedEvent e = Event("T", "d");
    e.metadata = m;
    MustAppend(OneStream("s", {e}));
  }
  std::vector<Metadata> seen;
  PRIO_ASSERT_OK_AND_ASSIGN(auto r, store_->Scan({}, [&](const RecordedEvent& e) {
    seen.push_back(e.metadata);
    return true;
  }));
  EXPECT_EQ(seen, metas);
  EXPECT_EQ(r.next_position, 0u);
  EXPECT_TRUE(r.events.empty());
  int visited = 0;
  PRIO_ASSERT_OK_AND_ASSIGN(auto stopped, store_->Scan({.from_position = 2},
                                                       [&](const RecordedEvent&) {
                                                         return ++visited < 3;
                                                       }));
  EXPECT_EQ(visited, 3);
  EXPECT_EQ(stopped.next_position, 5u);
}

TEST_F(EventStoreTest, RecordsCarryEverythingAndChain) {
  ProposedEvent e = Event("ServiceCatalogued", std::string("\0binary\xff", 8));
  e.metadata = {{"principal", "admin"}, {"correlation-id", "c-1"}};
  MustAppend(OneStream("catalog", {e}));
  MustAppend(OneStream("catalog", {Event()}));
  PRIO_ASSERT_OK_AND_ASSIGN(auto r, store_->ReadAll({}));
  ASSERT_EQ(r.events.size(), 2u);
  const RecordedEvent& first = r.events[0];
  EXPECT_EQ(first.event_id, e.event_id);
  EXPECT_EQ(first.data, e.data);
  EXPECT_EQ(first.metadata, e.metadata);
  EXPECT_EQ(first.prev_hash, Hash{});
  EXPECT_EQ(r.events[1].prev_hash, first.hash);
  EXPECT_LE(first.recorded_at_us, r.events[1].recorded_at_us);
  EXPECT_GT(first.recorded_at_us, 1'700'000'000'000'000);
  EXPECT_EQ(store_->GetHead().hash, r.events[1].hash);
}

TEST_F(EventStoreTest, ReopenRestoresHeadRevisionsAndChain) {
  MustAppend(OneStream("s", {Event(), Event()}));
  const Head head = store_->GetHead();
  Reopen();
  EXPECT_EQ(store_->GetHead().position, head.position);
  EXPECT_EQ(store_->GetHead().hash, head.hash);
  EXPECT_THAT(store_->Append(OneStream("s", {Event()}, ExpectedRevision::Exact(1))), IsOk());
  store_.reset();
  PRIO_ASSERT_OK_AND_ASSIGN(VerifyReport v, VerifyChain(dir_.Sub("db")));
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.events_checked, 3u);
}

TEST_F(EventStoreTest, ReadOnlyStoreRefusesWrites) {
  MustAppend(OneStream("s", {Event()}));
  store_.reset();
  PRIO_ASSERT_OK_AND_ASSIGN(auto ro, EventStore::Open({.path = dir_.Sub("db"), .read_only = true}));
  EXPECT_EQ(ro->GetHead().position, 1u);
  EXPECT_THAT(ro->Append(OneStream("s", {Event()})), StatusIs(Code::kFailedPrecondition));
  EXPECT_THAT(EventStore::Open({.path = dir_.Sub("nothing"), .read_only = true}),
              StatusIs(Code::kNotFound));
}

TEST_F(EventStoreTest, SecondOpenOfTheSameDirectoryIsUnavailable) {
  EXPECT_THAT(EventStore::Open({.path = dir_.Sub("db")}), StatusIs(Code::kUnavailable));
}

// --- concurrency -------------------------------------------------------------------

TEST_F(EventStoreTest, SixteenThreadsAppendDenselyWithoutLoss) {
  constexpr int kThreads = 16;
  constexpr int kPerThread = 200;
  std::vector<std::thread> threads;
  std::vector<std::vector<uint64_t>> acked(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Every thread also writes one shared stream, with optimistic concurrency.
        auto r = store_->Append(OneStream("thread-" + std::to_string(t), {Event()},
                                          i == 0 ? ExpectedRevision::NoStream()
                                                 : ExpectedRevision::Exact(i - 1)));
        ASSERT_THAT(r, IsOk());
        acked[t].push_back(r->first_position);
      }
    });
  }
  for (auto& th : threads) th.join();
  const uint64_t total = kThreads * kPerThread;
  EXPECT_EQ(store_->GetHead().position, total);
  std::vector<uint64_t> positions = AllPositions();
  ASSERT_EQ(positions.size(), total);
  for (uint64_t i = 0; i < total; ++i) ASSERT_EQ(positions[i], i + 1);
  std::vector<bool> seen(total + 1);
  for (const auto& v : acked) {
    for (uint64_t p : v) {
      ASSERT_FALSE(seen[p]) << p;
      seen[p] = true;
    }
  }
  for (int t = 0; t < kThreads; ++t) {
    PRIO_ASSERT_OK_AND_ASSIGN(auto s, store_->ReadStream({.stream = "thread-" + std::to_string(t)}));
    ASSERT_EQ(s.size(), static_cast<size_t>(kPerThread));
    for (size_t i = 1; i < s.size(); ++i) EXPECT_LT(s[i - 1].position, s[i].position);
  }
  store_.reset();
  PRIO_ASSERT_OK_AND_ASSIGN(VerifyReport v, VerifyChain(dir_.Sub("db")));
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.events_checked, total);
}

TEST_F(EventStoreTest, ConcurrentConflictingWritersExactlyOneWinsEachRevision) {
  constexpr int kThreads = 8;
  std::atomic<int> wins{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      auto r = store_->Append(OneStream("contested", {Event()}, ExpectedRevision::NoStream()));
      if (r.ok()) {
        ++wins;
      } else if (r.status().code() == Code::kAborted) {
        ++conflicts;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
}

}  // namespace
}  // namespace prio::storage
