#include "storage/log_db.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <thread>

#include "absl/strings/str_cat.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"
#include "storage/record.h"
#include "storage/rocksdb_status.h"
#include "common/status_macros.h"

namespace prio::storage {
namespace {

constexpr char kFormatKey[] = "format";
constexpr char kFormatValue[] = "1";

rocksdb::ColumnFamilyOptions CfOptions(const ColumnFamilyConfig& c) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions t;
  if (c.point_lookups) {
    t.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    o.OptimizeForPointLookup(64);
  }
  t.block_size = 16 * 1024;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(t));
  return o;
}

absl::Status DecodeAtInto(uint64_t position, std::string_view value, RecordedEvent* e) {
  absl::Status s = DecodeRecordInto(value, e);
  if (!s.ok()) return absl::DataLossError(absl::StrCat("position ", position, ": ", s.message()));
  if (e->position != position) {
    return absl::DataLossError(absl::StrCat("position ", position, ": record claims position ",
                                            e->position));
  }
  return absl::OkStatus();
}

absl::StatusOr<RecordedEvent> DecodeAt(uint64_t position, std::string_view value) {
  RecordedEvent e;
  PRIO_RETURN_IF_ERROR(DecodeAtInto(position, value, &e));
  return e;
}

}  // namespace

std::string LogKey(uint64_t position) {
  std::string k;
  PutFixed64BE(&k, position);
  return k;
}

std::string StreamIndexKey(std::string_view stream, uint64_t revision) {
  std::string k;
  k.reserve(stream.size() + 9);
  k.append(stream);
  k.push_back('\0');
  PutFixed64BE(&k, revision);
  return k;
}

absl::StatusOr<std::unique_ptr<LogDb>> LogDb::Open(const std::string& path, bool read_only,
                                                   rocksdb::Env* env) {
  if (path.empty()) return absl::InvalidArgumentError("store path is empty");
  if (read_only && !std::filesystem::exists(std::filesystem::path(path) / "CURRENT")) {
    return absl::NotFoundError(absl::StrCat("no prio store at ", path));
  }
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = !read_only;
  db_options.create_missing_column_families = !read_only;
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 5;
  db_options.max_open_files = -1;  // every table file opened once and held (see below)
  if (env != nullptr) db_options.env = env;

  // Read-only opens (priod verify) take the families that exist: a store written by
  // an older prio may lack the newer ones, which then read as empty (the default
  // family stands in).
  std::vector<std::string> existing;
  if (read_only) {
    rocksdb::Status ls = rocksdb::DB::ListColumnFamilies(db_options, path, &existing);
    if (!ls.ok()) return FromRocks(ls, absl::StrCat("listing column families of ", path));
  }
  auto exists = [&](const char* name) {
    return !read_only || std::find(existing.begin(), existing.end(), name) != existing.end();
  };
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions());
  for (const ColumnFamilyConfig& c : kColumnFamilies) {
    if (exists(c.name)) descriptors.emplace_back(c.name, CfOptions(c));
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  if (!read_only) {
    s = rocksdb::DB::Open(db_options, path, descriptors, &handles, &raw);
  } else {
    // Beside a running priod, a compaction may delete a table file between our reading
    // the MANIFEST and opening the file; a fresh attempt reads the newer MANIFEST. Once
    // open, every table file is held open (max_open_files = -1), so later deletions do
    // not matter.
    for (int attempt = 0;; ++attempt) {
      s = rocksdb::DB::OpenForReadOnly(db_options, path, descriptors, &handles, &raw);
      if (s.ok() || attempt == 20 ||
          s.ToString().find("No such file or directory") == std::string::npos) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  if (!s.ok()) {
    if (read_only && s.IsInvalidArgument()) {
      return absl::NotFoundError(absl::StrCat("no prio store at ", path, ": ", s.ToString()));
    }
    return FromRocks(s, absl::StrCat("opening store at ", path));
  }
  std::unique_ptr<LogDb> db(new LogDb());
  db->db_.reset(raw);
  // handles[0] is the default family, which prio does not use.
  db->default_handle_ = handles[0];
  db->read_only_ = read_only;
  for (std::size_t i = 1, next = 1; i <= std::size(kColumnFamilies); ++i) {
    db->handles_.push_back(exists(kColumnFamilies[i - 1].name) ? handles[next++] : handles[0]);
  }

  std::string format;
  s = raw->Get(rocksdb::ReadOptions(), db->cf(ColumnFamily::kMeta), kFormatKey, &format);
  if (s.IsNotFound()) {
    PRIO_ASSIGN_OR_RETURN(std::optional<RecordedEvent> last, db->LastRecord());
    if (last.has_value()) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, " holds events but no format marker; not a prio store"));
    }
    if (!read_only) {
      rocksdb::WriteOptions wo;
      wo.sync = true;
      PRIO_RETURN_IF_ERROR(FromRocks(
          raw->Put(wo, db->cf(ColumnFamily::kMeta), kFormatKey, kFormatValue), "writing format"));
    }
  } else if (!s.ok()) {
    return FromRocks(s, "reading format marker");
  } else if (format != kFormatValue) {
    return absl::FailedPreconditionError(absl::StrCat(
        path, " has store format ", format, "; this prio reads format ", kFormatValue));
  }
  return db;
}

absl::Status LogDb::FlushAll() {
  rocksdb::FlushOptions fo;
  fo.wait = true;
  return FromRocks(db_->Flush(fo, handles_), "flushing the memtables");
}

LogDb::~LogDb() {
  if (!db_) return;
  // A clean close flushes the memtables, so that the next open need not replay the
  // write-ahead log (seconds for a large log). Everything acknowledged is in the WAL
  // already; a failed flush only makes the next open slower.
  if (!read_only_) (void)FlushAll();
  for (rocksdb::ColumnFamilyHandle* h : handles_) {
    if (h != default_handle_) db_->DestroyColumnFamilyHandle(h);
  }
  if (default_handle_ != nullptr) db_->DestroyColumnFamilyHandle(default_handle_);
  db_->Close();
}

absl::Status LogDb::WriteHealth() const {
  if (read_only_) return absl::FailedPreconditionError("the store is open read-only");
  absl::MutexLock lock(&mu_);
  if (sticky_.ok()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      "the event store refuses writes since an earlier write failed (", sticky_.message(),
      "); reopen it once the cause is fixed"));
}

absl::Status LogDb::Write(rocksdb::WriteBatch* batch, bool sync) {
  PRIO_RETURN_IF_ERROR(WriteHealth());
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  absl::Status written = FromRocks(db_->Write(wo, batch), "writing to the store");
  if (!written.ok()) {
    absl::MutexLock lock(&mu_);
    if (sticky_.ok()) sticky_ = written;
  }
  return written;
}

absl::StatusOr<RecordedEvent> LogDb::GetRecord(uint64_t position) const {
  rocksdb::PinnableSlice value;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), cf(ColumnFamily::kLog), LogKey(position), &value);
  if (s.IsNotFound()) {
    return absl::NotFoundError(absl::StrCat("no event at position ", position));
  }
  PRIO_RETURN_IF_ERROR(FromRocks(s, absl::StrCat("reading position ", position)));
  return DecodeAt(position, value.ToStringView());
}

absl::StatusOr<std::optional<RecordedEvent>> LogDb::LastRecord() const {
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(ColumnFamily::kLog)));
  it->SeekToLast();
  if (!it->Valid()) {
    PRIO_RETURN_IF_ERROR(FromRocks(it->status(), "reading the last event"));
    return std::nullopt;
  }
  if (it->key().size() != 8) return absl::DataLossError("malformed log key");
  return DecodeAt(DecodeFixed64BE(it->key().data()), it->value().ToStringView());
}

absl::StatusOr<std::optional<uint64_t>> LogDb::StreamLastRevision(std::string_view stream) const {
  std::string prefix(stream);
  prefix.push_back('\0');
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(ColumnFamily::kStreamIndex)));
  it->SeekForPrev(StreamIndexKey(stream, UINT64_MAX));
  if (!it->Valid()) {
    PRIO_RETURN_IF_ERROR(FromRocks(it->status(), "reading the stream index"));
    return std::nullopt;
  }
  const rocksdb::Slice key = it->key();
  if (!key.starts_with(prefix) || key.size() != prefix.size() + 8) return std::nullopt;
  return DecodeFixed64BE(key.data() + prefix.size());
}

absl::StatusOr<std::vector<std::optional<uint64_t>>> LogDb::LookupEventIds(
    const std::vector<std::string_view>& ids) const {
  std::vector<std::optional<uint64_t>> out(ids.size());
  if (ids.empty()) return out;
  std::vector<rocksdb::Slice> keys(ids.begin(), ids.end());
  std::vector<rocksdb::PinnableSlice> values(ids.size());
  std::vector<rocksdb::Status> statuses(ids.size());
  db_->MultiGet(rocksdb::ReadOptions(), cf(ColumnFamily::kEventIds), keys.size(), keys.data(),
                values.data(), statuses.data());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    PRIO_RETURN_IF_ERROR(FromRocks(statuses[i], "reading the event id index"));
    if (values[i].size() != 8) return absl::DataLossError("malformed event id index entry");
    out[i] = DecodeFixed64BE(values[i].data());
  }
  return out;
}

absl::StatusOr<std::vector<RecordedEvent>> LogDb::ReadStream(
    const ReadStreamOptions& options) const {
  PRIO_RETURN_IF_ERROR(ValidateStreamName(options.stream));
  PRIO_ASSIGN_OR_RETURN(std::optional<uint64_t> last, StreamLastRevision(options.stream));
  if (!last.has_value()) {
    return absl::NotFoundError(absl::StrCat("stream \"", options.stream, "\" not found"));
  }
  const bool forwards = options.direction == Direction::kForwards;
  uint64_t start = options.from_end ? *last : options.from_revision;
  std::vector<RecordedEvent> out;
  if (forwards && start > *last) return out;
  if (!forwards) start = std::min(start, *last);

  std::string prefix(options.stream);
  prefix.push_back('\0');
  std::unique_ptr<rocksdb::Iterator> it(
      db_->NewIterator(rocksdb::ReadOptions(), cf(ColumnFamily::kStreamIndex)));
  const std::string start_key = StreamIndexKey(options.stream, start);
  if (forwards) {
    it->Seek(start_key);
  } else {
    it->SeekForPrev(start_key);
  }
  for (; it->Valid() && it->key().starts_with(prefix); forwards ? it->Next() : it->Prev()) {
    if (options.max_count != 0 && out.size() >= options.max_count) break;
    if (it->value().size() != 8) return absl::DataLossError("malformed stream index entry");
    PRIO_ASSIGN_OR_RETURN(RecordedEvent e, GetRecord(DecodeFixed64BE(it->value().data())));
    out.push_back(std::move(e));
  }
  PRIO_RETURN_IF_ERROR(FromRocks(it->status(), "reading the stream index"));
  return out;
}

absl::StatusOr<ReadAllResult> LogDb::ReadAll(const ReadAllOptions& options) const {
  std::vector<RecordedEvent> events;
  if (options.max_count != 0) events.reserve(std::min<uint64_t>(options.max_count, 4096));
  PRIO_ASSIGN_OR_RETURN(ReadAllResult result, Scan(options, [&](const RecordedEvent& e) {
                          events.push_back(e);
                          return true;
                        }));
  result.events = std::move(events);
  return result;
}

absl::StatusOr<ReadAllResult> LogDb::Scan(
    const ReadAllOptions& options, absl::FunctionRef<bool(const RecordedEvent&)> visit) const {
  const bool forwards = options.direction == Direction::kForwards;
  if (!forwards && !options.from_end && options.from_position == 0) {
    return absl::InvalidArgumentError(
        "reading backwards needs from_end or a from_position of at least 1");
  }
  ReadAllResult result;
  rocksdb::ReadOptions ro;
  if (forwards) ro.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf(ColumnFamily::kLog)));
  if (options.from_end) {
    if (forwards) return result;  // nothing lies past the end
    it->SeekToLast();
  } else if (forwards) {
    it->Seek(LogKey(std::max<uint64_t>(options.from_position, 1)));
  } else {
    it->SeekForPrev(LogKey(options.from_position));
  }
  uint64_t scanned = 0, matched = 0;
  bool stopped_early = false;
  RecordedEvent e;  // reused: its buffers keep their capacity from record to record
  for (; it->Valid(); forwards ? it->Next() : it->Prev()) {
    if ((options.max_count != 0 && matched >= options.max_count) ||
        (options.max_scan != 0 && scanned >= options.max_scan)) {
      stopped_early = true;
      break;
    }
    if (it->key().size() != 8) return absl::DataLossError("malformed log key");
    const uint64_t position = DecodeFixed64BE(it->key().data());
    if (forwards && options.to_position != 0 && position > options.to_position) break;
    PRIO_RETURN_IF_ERROR(DecodeAtInto(position, it->value().ToStringView(), &e));
    ++scanned;
    result.last_scanned = position;
    if (options.filter.empty() || options.filter.Matches(e)) {
      ++matched;
      if (!visit(e)) {
        stopped_early = true;
        break;
      }
    }
  }
  PRIO_RETURN_IF_ERROR(FromRocks(it->status(), "reading the log"));
  if (stopped_early && result.last_scanned != 0) {
    result.next_position = forwards ? result.last_scanned + 1 : result.last_scanned - 1;
  }
  return result;
}

}  // namespace prio::storage
