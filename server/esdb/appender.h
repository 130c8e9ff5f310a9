// Appender: the one append path of the EventStoreDB listener (Append, BatchAppend and
// Tombstone use it), with the protocol's semantics on prio's store:
//   - a tombstoned stream (its last event is a "$streamDeleted", events.h) refuses
//     every append with the stream-deleted error;
//   - the client's expected revision (any / no stream / stream exists / exact) is
//     checked against the stream's state, and the append is then made conditional on
//     exactly that state, so that nothing can slip in after a tombstone; losing that
//     race to a concurrent writer retries (bounded);
//   - an append whose event ids are all stored with the same content is an idempotent
//     retry and returns the original result, whatever the expected revision;
//   - zero events succeed without writing (the stream's current revision).
// Thread-safe; Append never blocks (the work runs on the worker pool and the store's
// writer thread).
#ifndef PRIO_SERVER_ESDB_APPENDER_H_
#define PRIO_SERVER_ESDB_APPENDER_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "server/worker_pool.h"
#include "storage/event_store.h"

namespace prio::server::esdb {

// A stream as the protocol sees it.
struct StreamState {
  std::optional<uint64_t> last_revision;  // nullopt: no such stream
  uint64_t last_position = 0;
  bool deleted = false;                   // tombstoned
};

// Errors: INVALID_ARGUMENT (bad name), DATA_LOSS. Blocks on a read: call from a worker.
absl::StatusOr<StreamState> ReadStreamState(storage::EventStore* store, const std::string& stream);

struct AppendOutcome {
  std::optional<uint64_t> revision;  // the stream's last revision after the append
  uint64_t position = 0;             // of the last event written; 0 if none was
};

class Appender {
 public:
  // `done` runs once, on a worker or the store's writer thread; keep it short.
  // Errors: the protocol's stream-deleted and wrong-expected-version (errors.h), and
  // those of EventStore::Append (INVALID_ARGUMENT, ALREADY_EXISTS, UNAVAILABLE, ...).
  using Done = absl::AnyInvocable<void(absl::StatusOr<AppendOutcome>) &&>;

  // Both must outlive the appender and every append in flight.
  Appender(storage::EventStore* store, WorkerPool* workers) : store_(store), workers_(workers) {}

  void Append(std::string stream, storage::ExpectedRevision expected,
              std::vector<storage::ProposedEvent> events, Done done);

 private:
  struct Attempt;
  void Try(std::shared_ptr<Attempt> a);

  storage::EventStore* const store_;
  WorkerPool* const workers_;
};

}  // namespace prio::server::esdb

#endif  // PRIO_SERVER_ESDB_APPENDER_H_
