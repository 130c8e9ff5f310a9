// Checkpoints: priod's signed statements of the log's Merkle tree (audit.proto),
// stored as events of the "checkpoints" stream and issued on demand and in the
// background every `every_events` events or `interval`, whichever comes first, when
// the log has grown since the last one.
//
// The signing key is DATA_DIR/checkpoint.key (PKCS#8 PEM, mode 0600), created on the
// first start; its public key is written to DATA_DIR/checkpoint.pub for auditors to
// pin. Thread-safe.
#ifndef PRIO_SERVER_CHECKPOINTS_H_
#define PRIO_SERVER_CHECKPOINTS_H_

#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "audit/checkpoint.h"
#include "prio/v1/audit.pb.h"
#include "storage/event_store.h"
#include "storage/verify.h"

namespace prio::server {

inline constexpr std::string_view kCheckpointsStream = "checkpoints";

struct CheckpointOptions {
  std::string key_file;         // "" : no background thread and no key (tests of others)
  std::string public_key_file;  // written on every start
  uint64_t every_events = 10'000;
  absl::Duration interval = absl::Minutes(5);
};

// Reads the signing key at `key_file`, creating it (0600) if it does not exist, and
// writes its public key to `public_key_file`. Errors: UNAVAILABLE (I/O),
// FAILED_PRECONDITION (readable by others, or not an Ed25519 key).
absl::StatusOr<audit::SigningKey> LoadOrCreateSigningKey(const std::string& key_file,
                                                         const std::string& public_key_file);

// For `priod verify`: checks every stored checkpoint against the verified history —
// its signature by `key`, its tree size before its own position, its root equal to the
// recomputed tree of that size and its head equal to that event's hash. Counts the
// checkpoints checked in *checked (which must outlive the visitor). Without a key, a
// stored checkpoint fails the verification (it cannot be checked).
storage::VerifyVisitor CheckpointVerifier(std::optional<audit::PublicKey> key,
                                          uint64_t* checked);

class Checkpoints {
 public:
  // Loads the stored checkpoints and starts the background issuer. `store` must
  // outlive this. Errors: those of the key files and of reading the stream.
  static absl::StatusOr<std::unique_ptr<Checkpoints>> Open(storage::EventStore* store,
                                                           const CheckpointOptions& options);
  // Stops the background issuer.
  ~Checkpoints();

  // Signs the tree as of the current head and appends the checkpoint, or returns the
  // latest one if nothing but it was appended since. Errors: those of the store.
  absl::StatusOr<v1::Checkpoint> Issue(std::string_view principal) ABSL_LOCKS_EXCLUDED(mu_);

  std::optional<v1::Checkpoint> Latest() const ABSL_LOCKS_EXCLUDED(mu_);
  std::optional<v1::Checkpoint> Find(uint64_t tree_size) const ABSL_LOCKS_EXCLUDED(mu_);
  // The latest `max_count`, oldest first.
  std::vector<v1::Checkpoint> List(size_t max_count) const ABSL_LOCKS_EXCLUDED(mu_);
  const audit::PublicKey& public_key() const { return key_.public_key(); }

 private:
  Checkpoints(storage::EventStore* store, const CheckpointOptions& options,
              audit::SigningKey key)
      : store_(store), options_(options), key_(std::move(key)) {}
  void Background();

  storage::EventStore* const store_;
  const CheckpointOptions options_;
  const audit::SigningKey key_;
  absl::Mutex issue_mu_;  // one issue at a time (the stream's expected revision)
  mutable absl::Mutex mu_;
  std::vector<v1::Checkpoint> checkpoints_ ABSL_GUARDED_BY(mu_);  // by tree size
  absl::Notification stop_;
  std::thread thread_;
};

}  // namespace prio::server

#endif  // PRIO_SERVER_CHECKPOINTS_H_
