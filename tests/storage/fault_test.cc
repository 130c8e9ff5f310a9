// A file system that fails on demand under the store: a failed write or sync is
// reported, nothing unsynced is acknowledged, the store refuses every later append
// (sticky) but stays readable, and reopening recovers.
#include <atomic>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/env.h"
#include "rocksdb/file_system.h"
#include "storage/event_store.h"
#include "tests/testing/events.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/temp_dir.h"

namespace prio::storage {
namespace {

using ::prio::testing::Event;
using ::prio::testing::IsOk;
using ::prio::testing::OneStream;
using ::prio::testing::StatusIs;
using ::prio::testing::TempDir;
using ::testing::HasSubstr;

class FailingFile : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  FailingFile(std::unique_ptr<rocksdb::FSWritableFile> f, const std::atomic<bool>* fail)
      : FSWritableFileOwnerWrapper(std::move(f)), fail_(fail) {}
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& o,
                           rocksdb::IODebugContext* dbg) override {
    if (*fail_) return rocksdb::IOStatus::IOError("injected write failure");
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
    if (s.ok()) *result = std::make_unique<FailingFile>(std::move(f), &fail);
    return s;
  }
  std::atomic<bool> fail{false};
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

}  // namespace
}  // namespace prio::storage
