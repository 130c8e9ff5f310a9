#include "storage/verify.h"

#include "absl/strings/str_cat.h"
#include "storage/log_db.h"
#include "storage/record.h"
#include "storage/rocksdb_status.h"
#include "storage/status_macros.h"

namespace prio::storage {

absl::StatusOr<VerifyReport> VerifyChain(const std::string& path) {
  PRIO_ASSIGN_OR_RETURN(std::unique_ptr<LogDb> db, LogDb::Open(path, /*read_only=*/true));
  rocksdb::ReadOptions ro;
  ro.readahead_size = 2 << 20;
  ro.verify_checksums = true;
  std::unique_ptr<rocksdb::Iterator> it(db->db()->NewIterator(ro, db->cf(ColumnFamily::kLog)));
  VerifyReport report;
  Hash prev{};
  uint64_t expected = 1;
  auto fail = [&](uint64_t position, std::string problem) {
    report.ok = false;
    report.first_bad_position = position;
    report.problem = std::move(problem);
    return report;
  };
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    if (it->key().size() != 8) return fail(expected, "malformed log key");
    const uint64_t position = DecodeFixed64BE(it->key().data());
    if (position != expected) {
      return fail(expected, absl::StrCat("position missing (next stored is ", position, ")"));
    }
    const std::string_view stored = it->value().ToStringView();
    absl::StatusOr<RecordedEvent> e = DecodeRecord(stored);
    if (!e.ok()) return fail(position, std::string(e.status().message()));
    if (e->position != position) {
      return fail(position, absl::StrCat("record claims position ", e->position));
    }
    if (e->prev_hash != prev) {
      return fail(position, absl::StrCat("prev_hash ", HexEncode(e->prev_hash),
                                         " does not match the previous hash ", HexEncode(prev)));
    }
    if (!VerifyRecordHash(stored)) {
      return fail(position, absl::StrCat("stored hash ", HexEncode(e->hash),
                                         " does not match the record's content"));
    }
    prev = e->hash;
    report.events_checked++;
    report.head = {position, e->hash, e->recorded_at_us};
  }
  if (!it->status().ok()) {
    if (it->status().IsCorruption()) {
      return fail(expected, absl::StrCat("unreadable: ", it->status().ToString()));
    }
    return FromRocks(it->status(), "reading the log");
  }
  return report;
}

}  // namespace prio::storage
