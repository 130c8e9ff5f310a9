// The RocksDB event store: one writer thread, group commit, sticky failure
// (LevelDB's DBImpl::Write, with a dedicated writer so that callers never block).
#include "storage/event_store.h"

#include <deque>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "rocksdb/write_batch.h"
#include "common/absl_compat.h"
#include "storage/log_db.h"
#include "storage/keys.h"
#include "storage/merkle.h"
#include "storage/snapshots.h"
#include "storage/record.h"
#include "common/status_macros.h"
#include "storage/subscription_hub.h"
#include "storage/tree_store.h"

namespace prio::storage {
namespace {

std::string PositionValue(uint64_t position) { return LogKey(position); }

std::string DescribeRevision(std::optional<uint64_t> rev) {
  return rev.has_value() ? absl::StrCat("revision ", *rev) : "no stream";
}

std::string DescribeExpected(const ExpectedRevision& e) {
  switch (e.kind) {
    case ExpectedRevision::Kind::kAny:
      return "any";
    case ExpectedRevision::Kind::kNoStream:
      return "no stream";
    case ExpectedRevision::Kind::kStreamExists:
      return "stream exists";
    case ExpectedRevision::Kind::kExact:
      return absl::StrCat("revision ", e.revision);
  }
  return "?";
}

bool RevisionMatches(const ExpectedRevision& e, std::optional<uint64_t> actual) {
  switch (e.kind) {
    case ExpectedRevision::Kind::kAny:
      return true;
    case ExpectedRevision::Kind::kNoStream:
      return !actual.has_value();
    case ExpectedRevision::Kind::kStreamExists:
      return actual.has_value();
    case ExpectedRevision::Kind::kExact:
      return actual.has_value() && *actual == e.revision;
  }
  return false;
}

bool SameContent(const RecordedEvent& stored, std::string_view stream, const ProposedEvent& e) {
  return stored.stream == stream && stored.type == e.type && stored.data == e.data &&
         stored.metadata == e.metadata;
}

int64_t NowMicros() { return absl::ToUnixMicros(absl::Now()); }

class RocksEventStore final : public EventStore {
 public:
  RocksEventStore(std::unique_ptr<LogDb> db, const StoreOptions& options, Head head,
                  merkle::Frontier tree, uint64_t tree_limit)
      : db_(std::move(db)),
        options_(options),
        hub_(std::make_shared<SubscriptionHub>(head)),
        tree_limit_(tree_limit),
        head_(head),
        tree_(tree) {
    if (!options_.read_only) writer_ = std::thread([this] { WriterLoop(); });
  }

  ~RocksEventStore() override {
    {
      absl::MutexLock lock(&mu_);
      closing_ = true;
    }
    if (writer_.joinable()) writer_.join();
    hub_->CloseAll();
  }

  absl::StatusOr<AppendResult> Append(AppendRequest request) override {
    absl::Notification done;
    absl::StatusOr<AppendResult> out;
    AppendAsync(std::move(request), [&](absl::StatusOr<AppendResult> r) {
      out = std::move(r);
      done.Notify();
    });
    done.WaitForNotification();
    return out;
  }

  void AppendAsync(AppendRequest request, AppendCallback done) override {
    if (options_.read_only) {
      std::move(done)(absl::FailedPreconditionError("the store is open read-only"));
      return;
    }
    if (absl::Status s = ValidateAppendRequest(request); !s.ok()) {
      std::move(done)(std::move(s));
      return;
    }
    size_t events = 0;
    for (const StreamAppend& sa : request.appends) events += sa.events.size();
    absl::Status refused;
    {
      absl::MutexLock lock(&mu_);
      if (closing_) {
        refused = absl::FailedPreconditionError("the event store is closing");
      } else if (absl::Status health = db_->WriteHealth(); !health.ok()) {
        refused = std::move(health);
      } else {
        queue_.push_back({std::move(request), std::move(done), events});
        return;
      }
    }
    std::move(done)(std::move(refused));
  }

  absl::StatusOr<std::vector<RecordedEvent>> ReadStream(
      const ReadStreamOptions& options) override {
    return db_->ReadStream(options);
  }

  absl::StatusOr<ReadAllResult> ReadAll(const ReadAllOptions& options) override {
    return db_->ReadAll(options);
  }

  absl::StatusOr<ReadAllResult> Scan(
      const ReadAllOptions& options,
      absl::FunctionRef<bool(const RecordedEvent&)> visit) override {
    return db_->Scan(options, visit);
  }

  absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      const SubscribeOptions& options) override {
    return hub_->Subscribe(db_, options);
  }

  Head GetHead() override { return hub_->head(); }

  absl::StatusOr<uint64_t> PositionAt(int64_t time_us) override {
    return storage::PositionAt(*db_, GetHead().position, time_us);
  }

  absl::StatusOr<Hash> TreeRoot(uint64_t size) override {
    PRIO_RETURN_IF_ERROR(CheckTreeSize(size));
    return merkle::Root(size, Nodes());
  }

  absl::StatusOr<std::vector<Hash>> InclusionProof(uint64_t position, uint64_t size) override {
    PRIO_RETURN_IF_ERROR(CheckTreeSize(size));
    if (position == 0 || position > size) {
      return absl::OutOfRangeError(
          absl::StrCat("position ", position, " is not in the tree of ", size, " events"));
    }
    return merkle::InclusionProof(position - 1, size, Nodes());
  }

  absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t from_size,
                                                     uint64_t to_size) override {
    PRIO_RETURN_IF_ERROR(CheckTreeSize(to_size));
    return merkle::ConsistencyProof(from_size, to_size, Nodes());
  }

  absl::Status PutSnapshot(std::string_view name, uint64_t position,
                           std::string_view data) override {
    return storage::PutSnapshot(*db_, name, position, data);
  }

  absl::StatusOr<std::optional<StoredSnapshot>> GetSnapshot(std::string_view name,
                                                           uint64_t max_position) override {
    return storage::GetSnapshot(*db_, name, max_position);
  }

  absl::Status DeleteSnapshots(std::string_view name) override {
    return storage::DeleteSnapshots(*db_, name);
  }

  absl::Status PutKey(std::string_view name, std::string_view value, bool purge) override {
    return storage::PutKey(*db_, name, value, purge);
  }

  absl::StatusOr<std::optional<std::string>> GetKey(std::string_view name) override {
    return storage::GetKey(*db_, name);
  }

 private:
  std::function<absl::StatusOr<Hash>(int, uint64_t)> Nodes() const {
    return [this](int level, uint64_t index) { return ReadMerkleNode(*db_, level, index); };
  }

  absl::Status CheckTreeSize(uint64_t size) {
    const uint64_t head = GetHead().position;
    if (size > head) {
      return absl::OutOfRangeError(
          absl::StrCat("the log holds ", head, " events; there is no tree of ", size));
    }
    if (size > tree_limit_) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the stored Merkle tree covers ", tree_limit_,
          " events only (a store from an older prio opened read-only); open it writable once"));
    }
    return absl::OkStatus();
  }

  struct Pending {
    AppendRequest request;
    AppendCallback done;
    size_t events = 0;
  };

  // What one group commit has staged so far. Owned by the writer thread.
  struct Group {
    uint64_t next_position = 0;
    Hash prev_hash{};
    int64_t recorded_at_us = 0;
    merkle::Frontier tree;
    rocksdb::WriteBatch batch;
    std::vector<std::shared_ptr<RecordedEvent>> records;
    absl::flat_hash_map<std::string, uint64_t> last_revision;        // streams written
    absl::flat_hash_map<std::string_view, const RecordedEvent*> ids;  // ids written
  };

  void WriterLoop() {
    for (;;) {
      std::vector<Pending> group;
      {
        absl::MutexLock lock(&mu_);
        mu_.Await(absl::Condition(
            +[](RocksEventStore* s) ABSL_EXCLUSIVE_LOCKS_REQUIRED(s->mu_) {
              return s->closing_ || !s->queue_.empty();
            },
            this));
        if (queue_.empty()) return;  // closing, and everything queued is done
        size_t events = 0;
        while (!queue_.empty() &&
               (group.empty() || events + queue_.front().events <= options_.max_group_events)) {
          events += queue_.front().events;
          group.push_back(std::move(queue_.front()));
          queue_.pop_front();
        }
      }
      CommitGroup(group);
    }
  }

  void CommitGroup(std::vector<Pending>& pending) {
    Group g;
    g.next_position = head_.position + 1;
    g.prev_hash = head_.hash;
    g.recorded_at_us = std::max(NowMicros(), head_.recorded_at_us);
    g.tree = tree_;
    std::vector<absl::StatusOr<AppendResult>> results;
    results.reserve(pending.size());
    for (Pending& p : pending) results.push_back(Stage(std::move(p.request), &g));

    if (g.batch.Count() > 0) {
      StageTreeSize(*db_, g.tree.size(), &g.batch);
      absl::Status written = db_->Write(&g.batch, options_.sync);
      if (!written.ok()) {
        // db_ is sticky now: it refuses every later write until reopened.
        // Nothing staged in this group is acknowledged; all of it is either wholly
        // in the log (if only the sync failed) or absent, and reopening decides.
        for (auto& r : results) {
          if (r.ok()) r = absl::UnavailableError(absl::StrCat("write failed: ", written.message()));
        }
        for (size_t i = 0; i < pending.size(); ++i) std::move(pending[i].done)(std::move(results[i]));
        return;
      }
      head_.position = g.next_position - 1;
      head_.hash = g.prev_hash;
      head_.recorded_at_us = g.recorded_at_us;
      tree_ = g.tree;
      for (auto& [stream, rev] : g.last_revision) {
        if (revision_cache_.size() >= kMaxCachedStreams) revision_cache_.clear();
        revision_cache_[stream] = rev;
      }
      EventBatch published(g.records.begin(), g.records.end());
      hub_->Publish(published, head_);
    }
    for (size_t i = 0; i < pending.size(); ++i) std::move(pending[i].done)(std::move(results[i]));
  }

  absl::StatusOr<std::optional<uint64_t>> CurrentRevision(const std::string& stream,
                                                          const Group& g) {
    if (auto it = g.last_revision.find(stream); it != g.last_revision.end()) return it->second;
    if (auto it = revision_cache_.find(stream); it != revision_cache_.end()) return it->second;
    PRIO_ASSIGN_OR_RETURN(std::optional<uint64_t> rev, db_->StreamLastRevision(stream));
    if (rev.has_value()) {
      if (revision_cache_.size() >= kMaxCachedStreams) revision_cache_.clear();
      revision_cache_[stream] = *rev;
    }
    return rev;
  }

  // Validates `request` against the log plus what `g` already holds, and stages it.
  // On error, `g` is unchanged.
  absl::StatusOr<AppendResult> Stage(AppendRequest request, Group* g) {
    // 1. Idempotency: which event ids are known already?
    std::vector<std::string_view> ids;
    for (const StreamAppend& sa : request.appends) {
      for (const ProposedEvent& e : sa.events) ids.push_back(e.event_id);
    }
    std::vector<const RecordedEvent*> known(ids.size(), nullptr);
    std::vector<std::string_view> db_ids;
    std::vector<size_t> db_index;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (auto it = g->ids.find(ids[i]); it != g->ids.end()) {
        known[i] = it->second;
      } else {
        db_ids.push_back(ids[i]);
        db_index.push_back(i);
      }
    }
    PRIO_ASSIGN_OR_RETURN(std::vector<std::optional<uint64_t>> positions,
                          db_->LookupEventIds(db_ids));
    std::vector<RecordedEvent> fetched;
    fetched.reserve(positions.size());
    for (size_t k = 0; k < positions.size(); ++k) {
      if (!positions[k].has_value()) continue;
      PRIO_ASSIGN_OR_RETURN(RecordedEvent e, db_->GetRecord(*positions[k]));
      fetched.push_back(std::move(e));
      known[db_index[k]] = &fetched.back();
    }
    size_t known_count = 0;
    size_t i = 0;
    for (const StreamAppend& sa : request.appends) {
      for (const ProposedEvent& e : sa.events) {
        const RecordedEvent* k = known[i++];
        if (k == nullptr) continue;
        ++known_count;
        if (!SameContent(*k, sa.stream, e)) {
          return absl::AlreadyExistsError(absl::StrCat(
              "event id ", absl::BytesToHexString(e.event_id), " is already stored at position ",
              k->position, " (stream \"", k->stream, "\", type \"", k->type,
              "\") with different content"));
        }
      }
    }
    if (known_count == ids.size()) {
      // An identical retry: answer with the original positions.
      AppendResult r;
      r.first_position = UINT64_MAX;
      i = 0;
      for (const StreamAppend& sa : request.appends) {
        StreamAppendResult sr{sa.stream, known[i]->revision,
                              known[i + sa.events.size() - 1]->revision};
        for (size_t j = 0; j < sa.events.size(); ++j, ++i) {
          r.first_position = std::min(r.first_position, known[i]->position);
          r.last_position = std::max(r.last_position, known[i]->position);
        }
        r.results.push_back(std::move(sr));
      }
      return r;
    }
    if (known_count != 0) {
      for (size_t j = 0; j < ids.size(); ++j) {
        if (known[j] == nullptr) continue;
        return absl::AlreadyExistsError(absl::StrCat(
            "event id ", absl::BytesToHexString(ToAbsl(ids[j])), " is already stored at position ",
            known[j]->position,
            ", but other events of this append are new; an append is atomic, so a retry must "
            "repeat it whole"));
      }
    }

    // 2. Expected revisions.
    std::vector<std::optional<uint64_t>> current;
    for (const StreamAppend& sa : request.appends) {
      PRIO_ASSIGN_OR_RETURN(std::optional<uint64_t> rev, CurrentRevision(sa.stream, *g));
      if (!RevisionMatches(sa.expected, rev)) {
        return absl::AbortedError(absl::StrCat("append to stream \"", sa.stream,
                                               "\" expected ", DescribeExpected(sa.expected),
                                               ", but the stream is at ", DescribeRevision(rev)));
      }
      current.push_back(rev);
    }

    // 3. Stage: nothing below can fail.
    AppendResult result;
    result.first_position = g->next_position;
    for (size_t s = 0; s < request.appends.size(); ++s) {
      StreamAppend& sa = request.appends[s];
      uint64_t revision = current[s].has_value() ? *current[s] + 1 : 0;
      StreamAppendResult sr{sa.stream, revision, revision + sa.events.size() - 1};
      for (ProposedEvent& e : sa.events) {
        auto rec = std::make_shared<RecordedEvent>();
        rec->position = g->next_position++;
        rec->stream = sa.stream;
        rec->revision = revision++;
        rec->event_id = std::move(e.event_id);
        rec->type = std::move(e.type);
        rec->data = std::move(e.data);
        rec->metadata = std::move(e.metadata);
        rec->recorded_at_us = g->recorded_at_us;
        rec->prev_hash = g->prev_hash;
        const std::string value = SealRecord(rec.get());
        g->prev_hash = rec->hash;
        g->tree.Append(merkle::LeafHash(AsStringView(rec->hash)),
                       [&](int level, uint64_t index, const Hash& h) {
                         StageMerkleNode(*db_, level, index, h, &g->batch);
                       });
        const std::string pos = PositionValue(rec->position);
        g->batch.Put(db_->cf(ColumnFamily::kLog), pos, value);
        g->batch.Put(db_->cf(ColumnFamily::kStreamIndex), StreamIndexKey(rec->stream, rec->revision),
                     pos);
        g->batch.Put(db_->cf(ColumnFamily::kEventIds), rec->event_id, pos);
        g->ids[rec->event_id] = rec.get();
        g->records.push_back(std::move(rec));
      }
      g->last_revision[sa.stream] = revision - 1;
      result.results.push_back(std::move(sr));
    }
    result.last_position = g->next_position - 1;
    return result;
  }

  static constexpr size_t kMaxCachedStreams = 1'000'000;

  const std::shared_ptr<LogDb> db_;  // shared with subscriptions, which may outlive us
  const StoreOptions options_;
  const std::shared_ptr<SubscriptionHub> hub_;
  // The largest tree size proofs may use: what the stored tree covered when a
  // read-only store was opened; unlimited for a writable store, whose open completed
  // the tree and whose appends extend it in step.
  const uint64_t tree_limit_;
  std::thread writer_;

  absl::Mutex mu_;
  std::deque<Pending> queue_ ABSL_GUARDED_BY(mu_);
  bool closing_ ABSL_GUARDED_BY(mu_) = false;

  // Writer thread only.
  Head head_;
  merkle::Frontier tree_;
  absl::flat_hash_map<std::string, uint64_t> revision_cache_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<EventStore>> EventStore::Open(const StoreOptions& options) {
  PRIO_ASSIGN_OR_RETURN(std::unique_ptr<LogDb> db, LogDb::Open(options.path, options.read_only, options.env));
  PRIO_ASSIGN_OR_RETURN(std::optional<RecordedEvent> last, db->LastRecord());
  Head head;
  if (last.has_value()) {
    head.position = last->position;
    head.hash = last->hash;
    head.recorded_at_us = last->recorded_at_us;
  }
  merkle::Frontier tree;
  uint64_t tree_limit = UINT64_MAX;
  if (options.read_only) {
    PRIO_ASSIGN_OR_RETURN(tree_limit, StoredTreeSize(*db));
  } else {
    PRIO_ASSIGN_OR_RETURN(tree, BuildMissingTree(*db, head.position));
  }
  return std::unique_ptr<EventStore>(
      new RocksEventStore(std::move(db), options, head, tree, tree_limit));
}

}  // namespace prio::storage
