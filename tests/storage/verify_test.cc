// Tampering with a stored record is found, and the position named.
#include "storage/verify.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rocksdb/db.h"
#include "storage/log_db.h"
#include "storage/record.h"
#include "storage/tree_store.h"
#include "testing/events.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"

namespace prio::storage {
namespace {

using ::prio::testing::Event;
using ::prio::testing::OneStream;
using ::prio::testing::TempDir;

void Fill(const std::string& path, int n) {
  auto store = EventStore::Open({.path = path});
  ASSERT_TRUE(store.ok());
  for (int i = 0; i < n; ++i) {
    ASSERT_TRUE((*store)->Append(OneStream("s-" + std::to_string(i % 3), {Event()})).ok());
  }
}

// Rewrites the stored value at `position` with RocksDB directly.
void Tamper(const std::string& path, uint64_t position,
            const std::function<void(std::string*)>& edit) {
  auto db = LogDb::Open(path, false);
  ASSERT_TRUE(db.ok());
  std::string value;
  ASSERT_TRUE((*db)->db()->Get({}, (*db)->cf(ColumnFamily::kLog), LogKey(position), &value).ok());
  edit(&value);
  ASSERT_TRUE((*db)->db()->Put({}, (*db)->cf(ColumnFamily::kLog), LogKey(position), value).ok());
}

TEST(VerifyTest, IntactChainVerifies) {
  TempDir dir;
  Fill(dir.Sub("db"), 50);
  auto report = VerifyChain(dir.Sub("db"));
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok);
  EXPECT_EQ(report->events_checked, 50u);
  EXPECT_EQ(report->head.position, 50u);
}

class TamperTest : public ::testing::TestWithParam<size_t> {};

// Flips one byte at several offsets of record 17: in the body (the payload, the
// stream name, the time), in the stored prev_hash and in the stored hash.
TEST_P(TamperTest, OneChangedByteIsFoundAtItsPosition) {
  TempDir dir;
  Fill(dir.Sub("db"), 40);
  size_t offset = GetParam();
  Tamper(dir.Sub("db"), 17, [&](std::string* v) {
    const size_t at = offset < 1000 ? offset : v->size() - (offset - 1000);
    (*v)[at] ^= 0x01;
  });
  auto report = VerifyChain(dir.Sub("db"));
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad_position, 17u) << report->problem;
}

// Offsets below 1000 count from the start; 1000 + k means k bytes from the end.
INSTANTIATE_TEST_SUITE_P(Offsets, TamperTest,
                         ::testing::Values(0, 9, 14, 40, 1000 + 1, 1000 + 33, 1000 + 64,
                                           1000 + 70));

TEST(VerifyTest, RewrittenRecordWithRecomputedHashBreaksTheNextLink) {
  TempDir dir;
  Fill(dir.Sub("db"), 10);
  // A forger who re-seals record 4 cannot make record 5's prev_hash match.
  Tamper(dir.Sub("db"), 4, [](std::string* v) {
    auto e = DecodeRecord(*v);
    ASSERT_TRUE(e.ok());
    e->data = "forged";
    *v = SealRecord(&*e);
  });
  auto report = VerifyChain(dir.Sub("db"));
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad_position, 5u);
}

TEST(VerifyTest, TreeIsRecomputedAndEveryStoredNodeCompared) {
  TempDir dir;
  Fill(dir.Sub("db"), 40);
  auto report = VerifyChain(dir.Sub("db"));
  ASSERT_TRUE(report.ok());
  ASSERT_TRUE(report->ok) << report->problem;
  EXPECT_TRUE(report->tree_stored);
  EXPECT_EQ(report->tree_nodes_checked, 3u);  // the stored ones: (4,0) (4,1) (5,0)
  {
    auto store = EventStore::Open({.path = dir.Sub("db"), .read_only = true});
    ASSERT_TRUE(store.ok());
    EXPECT_EQ(*(*store)->TreeRoot(40), report->tree_root);
  }
  // A changed inner node is named at the position that completes it.
  {
    auto db = LogDb::Open(dir.Sub("db"), false);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->db()->Put({}, (*db)->cf(ColumnFamily::kMerkle), MerkleNodeKey(4, 1),
                                 std::string(32, 'x')).ok());
  }
  report = VerifyChain(dir.Sub("db"));
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_EQ(report->first_bad_position, 32u);
  EXPECT_THAT(report->problem, ::testing::HasSubstr("(level 4, index 1) is stored as"));
}

TEST(VerifyTest, StoredTreeLargerThanTheLogIsFound) {
  TempDir dir;
  Fill(dir.Sub("db"), 5);
  {
    auto db = LogDb::Open(dir.Sub("db"), false);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->db()->Put({}, (*db)->cf(ColumnFamily::kMerkle), MerkleNodeKey(4, 9),
                                 std::string(32, 'x')).ok());
  }
  auto report = VerifyChain(dir.Sub("db"));
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok);
  EXPECT_THAT(report->problem, ::testing::HasSubstr("beyond the log"));
}

TEST(VerifyTest, DeletedRecordIsAGap) {
  TempDir dir;
  Fill(dir.Sub("db"), 10);
  {
    auto db = LogDb::Open(dir.Sub("db"), false);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->db()->Delete({}, (*db)->cf(ColumnFamily::kLog), LogKey(6)).ok());
  }
  auto report = VerifyChain(dir.Sub("db"));
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->first_bad_position, 6u);
}

}  // namespace
}  // namespace prio::storage
