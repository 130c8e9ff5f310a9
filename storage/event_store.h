// EventStore: prio's durable, ordered, hash-chained event log.
//
// Every fact in prio is an immutable event in one global log. Each event has
//   - a global position: dense, starting at 1, never reused;
//   - a stream (e.g. "round-2027-1") and a revision in that stream, from 0;
//   - a 16-byte event id chosen by the writer, which makes retries idempotent;
//   - a type name, an opaque payload and string metadata;
//   - the time it was recorded and a SHA-256 hash chaining it to its predecessor
//     (the exact bytes are documented in storage/record.h).
//
// Example:
//
//   PRIO_ASSIGN_OR_RETURN(std::unique_ptr<EventStore> store,
//                         EventStore::Open({.path = "/var/lib/prio"}));
//   AppendRequest req;
//   req.appends.push_back({.stream = "import-2027",
//                          .expected = ExpectedRevision::NoStream(),
//                          .events = {{.event_id = id,  // 16 bytes, e.g. client::NewEventId()
//                                      .type = "FileImported",
//                                      .data = payload}}});
//   PRIO_ASSIGN_OR_RETURN(AppendResult r, store->Append(std::move(req)));
//   // r.first_position is durable now; appending the same id again returns the same
//   // positions and writes nothing.
//
// The store knows nothing of gRPC or of prio's domain.
#ifndef PRIO_STORAGE_EVENT_STORE_H_
#define PRIO_STORAGE_EVENT_STORE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace rocksdb {
class Env;
}  // namespace rocksdb

namespace prio::storage {

// ---------------------------------------------------------------------------
// Limits. Violations are INVALID_ARGUMENT with a message naming the offending field.
inline constexpr size_t kMaxStreamNameBytes = 200;  // printable UTF-8, no '$' prefix
inline constexpr size_t kEventIdBytes = 16;
inline constexpr size_t kMaxTypeBytes = 200;
inline constexpr size_t kMaxMetadataKeyBytes = 200;
inline constexpr size_t kMaxEventBytes = 1 << 20;         // type + data + metadata
inline constexpr size_t kMaxAppendBytes = 16 << 20;       // sum over one request
inline constexpr size_t kMaxAppendEvents = 10'000;

using Hash = std::array<uint8_t, 32>;
using Metadata = std::map<std::string, std::string>;  // sorted by key, bytewise

struct ProposedEvent {
  std::string event_id;  // exactly 16 bytes
  std::string type;
  std::string data;
  Metadata metadata;
};

// The state a stream must be in for an append to it to succeed.
struct ExpectedRevision {
  enum class Kind { kAny, kNoStream, kStreamExists, kExact };
  Kind kind = Kind::kAny;
  uint64_t revision = 0;  // only for kExact

  static ExpectedRevision Any() { return {}; }
  static ExpectedRevision NoStream() { return {Kind::kNoStream, 0}; }
  static ExpectedRevision StreamExists() { return {Kind::kStreamExists, 0}; }
  static ExpectedRevision Exact(uint64_t r) { return {Kind::kExact, r}; }
};

struct StreamAppend {
  std::string stream;
  ExpectedRevision expected;
  std::vector<ProposedEvent> events;
};

// One atomic append: every StreamAppend is written, or none is.
struct AppendRequest {
  std::vector<StreamAppend> appends;
};

struct StreamAppendResult {
  std::string stream;
  uint64_t first_revision = 0;
  uint64_t last_revision = 0;
};

struct AppendResult {
  uint64_t first_position = 0;
  uint64_t last_position = 0;
  std::vector<StreamAppendResult> results;  // in request order
};

struct RecordedEvent {
  uint64_t position = 0;
  std::string stream;
  uint64_t revision = 0;
  std::string event_id;
  std::string type;
  std::string data;
  Metadata metadata;
  int64_t recorded_at_us = 0;  // never decreases along positions
  Hash prev_hash{};
  Hash hash{};
};

// Events match when their stream starts with one of `stream_prefixes` (or the list
// is empty) and their type is one of `types` (or the list is empty).
struct Filter {
  std::vector<std::string> stream_prefixes;
  std::vector<std::string> types;

  bool empty() const { return stream_prefixes.empty() && types.empty(); }
  bool Matches(const RecordedEvent& e) const;
};

enum class Direction { kForwards, kBackwards };

struct ReadStreamOptions {
  std::string stream;
  uint64_t from_revision = 0;  // inclusive
  bool from_end = false;       // start at the last revision
  Direction direction = Direction::kForwards;
  uint64_t max_count = 0;  // 0 = no limit
};

struct ReadAllOptions {
  uint64_t from_position = 0;  // inclusive; 0 = the first event (forwards only)
  bool from_end = false;
  Direction direction = Direction::kForwards;
  uint64_t max_count = 0;  // 0 = no limit
  Filter filter;
  // Forwards only: stop after this position (inclusive); 0 = no bound. Reading "as of"
  // a past position is reading with to_position set to it.
  uint64_t to_position = 0;
  // Stop after examining this many log entries even if fewer than max_count matched
  // (keeps one call bounded under a selective filter); 0 = no limit.
  uint64_t max_scan = 0;
};

struct ReadAllResult {
  std::vector<RecordedEvent> events;
  // Where a following call continues (pass as from_position), or 0 if the read
  // reached the end of the log in its direction.
  uint64_t next_position = 0;
  // The last position examined (matched or not); 0 if none.
  uint64_t last_scanned = 0;
};

struct Head {
  uint64_t position = 0;  // 0 for an empty log
  Hash hash{};            // all zero for an empty log
  int64_t recorded_at_us = 0;
};

// ---------------------------------------------------------------------------
// Subscriptions: catch up from a position, then stay live, with no gap and no
// duplicate at the switch.
struct SubscriptionMessage {
  enum class Kind {
    kEvent,       // `event` is set, `position` is its position
    kCheckpoint,  // a filter skipped events; everything up to `position` was seen
    kCaughtUp,    // the subscription turned live at `position` (sent once)
  };
  Kind kind = Kind::kEvent;
  uint64_t position = 0;
  std::shared_ptr<const RecordedEvent> event;
};

struct SubscribeOptions {
  uint64_t after_position = 0;  // deliver events with position > after_position
  Filter filter;
  // A live subscriber with more than this many undelivered messages is ended with
  // RESOURCE_EXHAUSTED (memory stays bounded; it resumes from its last position).
  size_t max_queue = 10'000;
  // While the filter skips events, a checkpoint is sent at least every this many
  // positions.
  uint64_t checkpoint_interval = 1'000;
};

// A subscription's consumer end. All methods are thread-safe, but messages are
// meant for one consumer.
class Subscription {
 public:
  virtual ~Subscription() = default;

  // Returns up to `max` messages without waiting for new events. While catching up
  // this reads from disk (so call it from a worker, never from an I/O callback); an
  // empty vector means the subscription is live and nothing new has arrived.
  // Errors (after which every call returns the same error):
  //   RESOURCE_EXHAUSTED  the consumer fell more than max_queue messages behind; the
  //                       message names the last delivered position to resume from
  //   CANCELLED           Cancel() was called or the store is closing
  //   other               a read failed (e.g. DATA_LOSS for a corrupt record)
  virtual absl::StatusOr<std::vector<SubscriptionMessage>> Poll(size_t max) = 0;

  // Like Poll, but waits up to `timeout` for something to deliver.
  virtual absl::StatusOr<std::vector<SubscriptionMessage>> Next(size_t max,
                                                                absl::Duration timeout) = 0;

  // Arranges for `wake` to be called once, from a store thread, as soon as Poll
  // would return something new or an error. Returns false, without registering, if
  // that is already so (the caller should Poll again). `wake` must be quick and
  // must not call back into this subscription.
  virtual bool NotifyWhenReady(std::function<void()> wake) = 0;

  // Ends the subscription: every later Poll/Next returns CANCELLED, and a pending
  // NotifyWhenReady callback is called.
  virtual void Cancel() = 0;

  // The last position delivered by Poll/Next (an event or a checkpoint);
  // after_position before anything was delivered.
  virtual uint64_t last_delivered() const = 0;
};

// ---------------------------------------------------------------------------
struct StoreOptions {
  std::string path;           // RocksDB directory; created if missing (unless read_only)
  bool read_only = false;     // for offline tools; needs an existing store; never writes
  bool sync = true;           // fsync the WAL before acknowledging (never off in priod)
  size_t max_group_events = 50'000;  // cap on events per group commit
  // The file system RocksDB uses; nullptr is the real one. Tests pass an Env that
  // fails writes or syncs on demand.
  rocksdb::Env* env = nullptr;
};

// A projection snapshot as stored: opaque bytes and the log position they reflect.
struct StoredSnapshot {
  uint64_t position = 0;
  std::string data;
};

using AppendCallback = absl::AnyInvocable<void(absl::StatusOr<AppendResult>) &&>;

class EventStore {
 public:
  // Opens (or creates) the store at options.path.
  // Errors: INVALID_ARGUMENT (empty path), UNAVAILABLE (I/O, or the directory is
  // locked by another process), DATA_LOSS (unreadable log), FAILED_PRECONDITION
  // (not a prio store, or from a newer format version).
  static absl::StatusOr<std::unique_ptr<EventStore>> Open(const StoreOptions& options);

  // Closing waits for queued appends to finish (each is acknowledged or fails) and
  // ends every subscription with CANCELLED. A subscription may outlive the store; it
  // keeps the database files open (and locked) until it is destroyed.
  virtual ~EventStore() = default;

  // Appends atomically and returns once the events are durable. Thread-safe; many
  // callers are committed together (group commit) with one synced write. Never call
  // it from an AppendAsync callback (that thread commits the group it would wait for).
  // Errors (nothing is written in any of these cases):
  //   INVALID_ARGUMENT    a limit or name rule is broken; the message names it
  //   ABORTED             an expected revision does not match; the message names the
  //                       stream, the expected and the actual revision
  //   ALREADY_EXISTS      an event id is stored with different content, or only some
  //                       of the request's ids are stored (not a retry)
  //   FAILED_PRECONDITION the store refuses writes after an earlier failed write or
  //                       sync (sticky) or was opened read-only
  //   UNAVAILABLE         the write or sync failed now (the store turns sticky)
  // Retrying an append whose event ids are all stored with identical content
  // succeeds and returns the original positions and revisions.
  virtual absl::StatusOr<AppendResult> Append(AppendRequest request) = 0;

  // The same, without blocking: `done` runs once, on the store's writer thread (keep
  // it short, never block in it), after the events are durable or have failed.
  // Input errors may call `done` before AppendAsync returns, on the caller's thread.
  virtual void AppendAsync(AppendRequest request, AppendCallback done) = 0;

  // Reads one stream. Thread-safe.
  // Errors: NOT_FOUND (no such stream), INVALID_ARGUMENT (bad stream name),
  // DATA_LOSS (a corrupt record).
  virtual absl::StatusOr<std::vector<RecordedEvent>> ReadStream(
      const ReadStreamOptions& options) = 0;

  // Reads the whole log. Thread-safe. Reading from past the head returns nothing.
  // Errors: INVALID_ARGUMENT (backwards from position 0 without from_end),
  // DATA_LOSS (a corrupt record).
  virtual absl::StatusOr<ReadAllResult> ReadAll(const ReadAllOptions& options) = 0;

  // Visits what ReadAll would return, in order, without copying: `visit` sees one
  // reused RecordedEvent, valid only during the call, and returns false to stop
  // (the result's next_position then continues after that event). The result's
  // `events` stay empty. This is the replay path of projections. Thread-safe.
  // Errors: as ReadAll, and nothing is visited past a corrupt record.
  virtual absl::StatusOr<ReadAllResult> Scan(
      const ReadAllOptions& options, absl::FunctionRef<bool(const RecordedEvent&)> visit) = 0;

  // Starts a subscription. Thread-safe.
  // Errors: OUT_OF_RANGE (after_position is beyond the head), FAILED_PRECONDITION
  // (the store is closing).
  virtual absl::StatusOr<std::unique_ptr<Subscription>> Subscribe(
      const SubscribeOptions& options) = 0;

  // The last durable event. Thread-safe; never fails.
  virtual Head GetHead() = 0;

  // The last position recorded at or before `time_us` (Unix microseconds), or 0 if
  // the log is empty or starts later. O(log n) reads. Thread-safe.
  // Errors: DATA_LOSS (a corrupt record).
  virtual absl::StatusOr<uint64_t> PositionAt(int64_t time_us) = 0;

  // The verifiable history (merkle.h): the Merkle tree over the event hashes, kept
  // in step with the log (tree size == head position). A tree of `size` leaves covers
  // positions 1..size. O(log n) reads each. Thread-safe.
  // Errors: OUT_OF_RANGE (a size beyond the head, a position outside the tree, or
  // from > to), DATA_LOSS (a stored node is missing or malformed), UNAVAILABLE, and
  // FAILED_PRECONDITION for a read-only store whose tree lags the log (written by an
  // older prio; open it writable once).
  virtual absl::StatusOr<Hash> TreeRoot(uint64_t size) = 0;
  virtual absl::StatusOr<std::vector<Hash>> InclusionProof(uint64_t position,
                                                           uint64_t size) = 0;
  virtual absl::StatusOr<std::vector<Hash>> ConsistencyProof(uint64_t from_size,
                                                             uint64_t to_size) = 0;

  // Projection snapshots: opaque blobs kept beside the log (not in it, not in the hash
  // chain), each tagged with the log position it reflects. A projection may always
  // lose them and rebuild from the log. Thread-safe.
  // PutSnapshot stores one whole or not at all; errors: FAILED_PRECONDITION (read-only
  // store, or refused since an earlier write failed: the store's sticky failure covers
  // snapshots and keys as it covers appends), UNAVAILABLE (write failed).
  virtual absl::Status PutSnapshot(std::string_view name, uint64_t position,
                                   std::string_view data) = 0;
  // The snapshot `name` with the greatest position <= max_position, or nullopt.
  // Errors: DATA_LOSS (an incomplete snapshot), UNAVAILABLE.
  virtual absl::StatusOr<std::optional<StoredSnapshot>> GetSnapshot(std::string_view name,
                                                                   uint64_t max_position) = 0;
  // Deletes every snapshot `name`. Errors: FAILED_PRECONDITION (read-only or sticky),
  // UNAVAILABLE.
  virtual absl::Status DeleteSnapshots(std::string_view name) = 0;

  // Keys: small secrets beside the log (not in it, not in the hash chain, not in
  // snapshots) that can be destroyed for good — the wrapped data keys of erasable
  // personal data. Thread-safe. PutKey is synced; with `purge` it also flushes and
  // compacts so that no earlier value of `name` is left in a live file of the store.
  // Errors: FAILED_PRECONDITION (read-only store or sticky), UNAVAILABLE.
  virtual absl::Status PutKey(std::string_view name, std::string_view value, bool purge) = 0;
  // The key `name`, or nullopt. Errors: UNAVAILABLE.
  virtual absl::StatusOr<std::optional<std::string>> GetKey(std::string_view name) = 0;
};

// Returns the first violated limit of `request`, as INVALID_ARGUMENT naming it.
absl::Status ValidateAppendRequest(const AppendRequest& request);
// Stream names: 1-200 bytes of printable UTF-8 not starting with '$'.
absl::Status ValidateStreamName(std::string_view stream);

}  // namespace prio::storage

#endif  // PRIO_STORAGE_EVENT_STORE_H_
