// A file system that fails on demand under the store: a failed write or sync is
// reported, nothing unsynced is acknowledged, the store refuses every later append
// (sticky) but stays readable, and reopening recovers.
#include <atomic>
#include <map>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "storage/event_store.h"
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
using ::testing::HasSubstr;

// Fails writes and syncs while *fail is set, and writes once more than *budget bytes
// were written in all (a disk that fills up: ENOSPC).
class FailingFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FailingFile(std::unique_ptr<rocksdb::FSWritableFile> f, const std::atomic<bool>* fail,
              std::atomic<int64_t>* budget)
      : FSWritableFileOwnerWrapper(std::move(f)), fail_(fail), budget_(budget) {}
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           rocksdb::IODebugContext* dbg) override {
    if (*fail_) return rocksdb::IOStatus::IOError("injected write failure");
    if (budget_->fetch_sub(static_cast<int64_t>(data.size())) < static_cast<int64_t>(data.size())) {
      return rocksdb::IOStatus::NoSpace("injected: no space left on device");
    }
    return FSWritableFileOwnerWrapper::Append(data, o, dbg);
  }
  rocksdb::IOStatus Sync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
    if (*fail_) return rocksdb::IOStatus::IOError("injected sync failure");
    return FSWritableFileOwnerWrapper::Sync(o, dbg);
  }
  rocksdb::IOStatus Fsync(const rocksdb::IOOptions& o, rocksdb::IODebugContext* dbg) override {
    if (*fail_) return rocksdb::IOStatus::IOError("injected fsync failure");
    return FSWritableFileOwnerWrapper::Fsync(o, dbg);
  }

 private:
  const std::atomic<bool>* fail_;
  std::atomic<int64_t>* budget_;
};

class FailingFileSystem : public rocksdb::FileSystemWrapper {
 public:
  FailingFileSystem() : FileSystemWrapper(rocksdb::FileSystem::Default()) {}
  const char* Name() const override { return "FailingFileSystem"; }
  rocksdb::IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& o,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override {
    std::unique_ptr<rocksdb::FSWritableFile> f;
    rocksdb::IOStatus s = FileSystemWrapper::NewWritableFile(fname, o, &f, dbg);
    if (s.ok()) *result = std::make_unique<FailingFile>(std::move(f), &fail, &budget);
    return s;
  }
  std::atomic<bool> fail{false};
  std::atomic<int64_t> budget{INT64_MAX};
};

TEST(FaultTest, FailedSyncIsReportedStickyAndRecoverableByReopening) {
  TempDir dir;
  auto fs = std::make_shared<FailingFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  auto store = EventStore::Open({.path = dir.Sub("db"), .env = env.get()});
  ASSERT_THAT(store, IsOk());
  ASSERT_THAT((*store)->Append(OneStream("s", {Event(), Event()})), IsOk());

  fs->fail = true;
  AppendRequest lost = OneStream("s", {Event()});
  EXPECT_THAT((*store)->Append(lost), StatusIs(absl::StatusCode::kUnavailable,
                                               HasSubstr("injected")));
  fs->fail = false;
  // Sticky: even with the disk healthy again, nothing more is accepted...
  EXPECT_THAT((*store)->Append(OneStream("t", {Event()})),
              StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("reopen")));
  // ...and nothing unacknowledged became visible; reads still work.
  EXPECT_EQ((*store)->GetHead().position, 2u);
  auto read = (*store)->ReadStream({.stream = "s"});
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->size(), 2u);
  store->reset();

  // Reopening recovers: the acknowledged events are there, the failed append is
  // wholly present or wholly absent, and writes work again.
  auto reopened = EventStore::Open({.path = dir.Sub("db")});
  ASSERT_THAT(reopened, IsOk());
  const uint64_t head = (*reopened)->GetHead().position;
  EXPECT_TRUE(head == 2u || head == 3u) << head;
  auto retry = (*reopened)->Append(lost);  // idempotent either way
  ASSERT_THAT(retry, IsOk());
  EXPECT_EQ(retry->first_position, 3u);
  EXPECT_EQ((*reopened)->GetHead().position, 3u);
}

// The sticky failure is the store's, not the append path's: after a failed sync the
// snapshot and key writes (which run on the caller's thread) are refused too, and a
// failed snapshot write makes appends refused.
TEST(FaultTest, AfterAFailedSyncSnapshotsKeysAndAppendsAreAllRefused) {
  TempDir dir;
  auto fs = std::make_shared<FailingFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  auto store = EventStore::Open({.path = dir.Sub("db"), .env = env.get()});
  ASSERT_THAT(store, IsOk());
  ASSERT_THAT((*store)->Append(OneStream("s", {Event()})), IsOk());
  ASSERT_THAT((*store)->PutSnapshot("p", 1, "state"), IsOk());
  ASSERT_THAT((*store)->PutKey("k", "secret", /*purge=*/false), IsOk());

  fs->fail = true;
  EXPECT_THAT((*store)->PutKey("k", "other", /*purge=*/false),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("injected")));
  fs->fail = false;
  const auto refused = StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("reopen"));
  EXPECT_THAT((*store)->PutSnapshot("p", 1, "newer"), refused);
  EXPECT_THAT((*store)->PutKey("k", "third", /*purge=*/true), refused);
  EXPECT_THAT((*store)->DeleteSnapshots("p"), refused);
  EXPECT_THAT((*store)->Append(OneStream("s", {Event()})), refused);
  // Reads still work and show what was written before.
  auto key = (*store)->GetKey("k");
  ASSERT_THAT(key, IsOk());
  EXPECT_TRUE(key->has_value());
  store->reset();

  // A failed snapshot write turns the store sticky for appends as well.
  auto reopened = EventStore::Open({.path = dir.Sub("db"), .env = env.get()});
  ASSERT_THAT(reopened, IsOk());
  fs->fail = true;
  EXPECT_THAT((*reopened)->PutSnapshot("p", 1, "x"), StatusIs(absl::StatusCode::kUnavailable));
  fs->fail = false;
  EXPECT_THAT((*reopened)->Append(OneStream("s", {Event()})), refused);
  EXPECT_THAT((*reopened)->PutKey("k", "fourth", /*purge=*/false), refused);
}

// A disk that fills up under concurrent appenders: appends fail cleanly (the first
// with UNAVAILABLE naming the cause, then FAILED_PRECONDITION), nothing unacknowledged
// is visible, reads keep working; after reopening every acknowledged event is there
// exactly once and the chain and the Merkle tree verify.
TEST(FaultTest, DiskFullUnderConcurrentAppendsLosesNothingAcknowledged) {
  TempDir dir;
  auto fs = std::make_shared<FailingFileSystem>();
  std::unique_ptr<rocksdb::Env> env = rocksdb::NewCompositeEnv(fs);
  auto store = EventStore::Open({.path = dir.Sub("db"), .env = env.get()});
  ASSERT_THAT(store, IsOk());
  fs->budget = 2 << 20;  // about 2 MiB more, then the disk is full
  constexpr int kThreads = 8;
  std::vector<std::vector<std::string>> acked(kThreads);
  std::atomic<int> unavailable{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100'000; ++i) {
        ProposedEvent e = Event();
        e.data.assign(512, 'p');
        const std::string id = e.event_id;
        auto r = (*store)->Append(OneStream("s-" + std::to_string(t), {std::move(e)}));
        if (r.ok()) {
          acked[t].push_back(id);
        } else if (absl::IsUnavailable(r.status())) {
          ++unavailable;
        } else if (absl::IsFailedPrecondition(r.status())) {
          ++refused;
          return;
        } else {
          ++other;
          return;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_GT(unavailable.load(), 0);
  EXPECT_EQ(other.load(), 0);
  const uint64_t head = (*store)->GetHead().position;
  size_t total = 0;
  for (const auto& ids : acked) total += ids.size();
  EXPECT_EQ(head, total) << "the head counts exactly the acknowledged events";
  auto read = (*store)->ReadAll({});
  ASSERT_THAT(read, IsOk());
  EXPECT_EQ(read->events.size(), total);
  store->reset();

  fs->budget = INT64_MAX;
  auto reopened = EventStore::Open({.path = dir.Sub("db")});
  ASSERT_THAT(reopened, IsOk());
  std::map<std::string, int> seen;
  ASSERT_THAT((*reopened)->Scan({}, [&](const RecordedEvent& e) {
    ++seen[e.event_id];
    return true;
  }),
              IsOk());
  for (const auto& ids : acked) {
    for (const std::string& id : ids) EXPECT_EQ(seen[id], 1) << "acknowledged, lost or doubled";
  }
  // The failed groups are wholly present or wholly absent (one event each here).
  EXPECT_GE((*reopened)->GetHead().position, total);
  ASSERT_THAT((*reopened)->Append(OneStream("after", {Event()})), IsOk());
  reopened->reset();
  auto report = VerifyChain(dir.Sub("db"));
  ASSERT_THAT(report, IsOk());
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_TRUE(report->tree_stored);
}

}  // namespace
}  // namespace prio::storage
