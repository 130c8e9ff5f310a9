// Pins the documented canonical encoding (storage/record.h) byte by byte, so that a
// change to it cannot slip through: auditors recompute hashes from this contract.
#include "storage/record.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace prio::storage {
namespace {

using ::prio::testing::IsOk;
using ::prio::testing::StatusIs;

RecordedEvent Sample() {
  RecordedEvent e;
  e.position = 0x0102030405060708;
  e.stream = "s1";
  e.revision = 5;
  e.event_id = std::string("0123456789abcdef");
  e.type = "T";
  e.data = std::string("\x00\x01", 2);
  e.metadata = {{"zz", "last"}, {"a", "first"}};
  e.recorded_at_us = -2;
  return e;
}

TEST(RecordTest, CanonicalBodyMatchesTheDocumentedLayout) {
  std::string expected;
  expected += '\x01';                                                // format
  expected += std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8);    // position
  expected += std::string("\x00\x00\x00\x02", 4) + "s1";             // stream
  expected += std::string("\x00\x00\x00\x00\x00\x00\x00\x05", 8);    // revision
  expected += "0123456789abcdef";                                    // event id
  expected += std::string("\x00\x00\x00\x01", 4) + "T";              // type
  expected += std::string("\x00\x00\x00\x02\x00\x01", 6);            // data
  expected += std::string("\x00\x00\x00\x02", 4);                    // metadata count
  expected += std::string("\x00\x00\x00\x01", 4) + "a";              // sorted by key
  expected += std::string("\x00\x00\x00\x05", 4) + "first";
  expected += std::string("\x00\x00\x00\x02", 4) + "zz";
  expected += std::string("\x00\x00\x00\x04", 4) + "last";
  expected += std::string("\xff\xff\xff\xff\xff\xff\xff\xfe", 8);    // recorded_at_us
  std::string body;
  EncodeBody(Sample(), &body);
  EXPECT_EQ(HexEncode(body), HexEncode(expected));
}

TEST(RecordTest, HashIsSha256OfPrevHashAndBody) {
  RecordedEvent e = Sample();
  e.prev_hash.fill(0xab);
  const std::string stored = SealRecord(&e);
  std::string body;
  EncodeBody(e, &body);
  EXPECT_EQ(e.hash, Sha256(AsStringView(e.prev_hash), body));
  EXPECT_EQ(stored, body + std::string(AsStringView(e.prev_hash)) + std::string(AsStringView(e.hash)));
  EXPECT_TRUE(VerifyRecordHash(stored));
  // Known answer for SHA-256("abc"), so the OpenSSL wiring is right.
  EXPECT_EQ(HexEncode(Sha256("a", "bc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(RecordTest, DecodeRoundTripsAndRejectsDamage) {
  RecordedEvent e = Sample();
  const std::string stored = SealRecord(&e);
  auto d = DecodeRecord(stored);
  ASSERT_THAT(d, IsOk());
  EXPECT_EQ(d->position, e.position);
  EXPECT_EQ(d->stream, e.stream);
  EXPECT_EQ(d->metadata, e.metadata);
  EXPECT_EQ(d->recorded_at_us, -2);
  EXPECT_EQ(d->hash, e.hash);
  for (size_t cut : {size_t{0}, size_t{10}, stored.size() - 65}) {
    EXPECT_THAT(DecodeRecord(stored.substr(0, cut)), StatusIs(absl::StatusCode::kDataLoss));
  }
  std::string flipped = stored;
  flipped[20] ^= 1;
  EXPECT_FALSE(VerifyRecordHash(flipped));
  std::string bad_format = stored;
  bad_format[0] = 9;
  EXPECT_THAT(DecodeRecord(bad_format), StatusIs(absl::StatusCode::kDataLoss));
}

}  // namespace
}  // namespace prio::storage
