// Offline verification of the hash chain and the Merkle tree (priod verify,
// auditors' tools).
#ifndef PRIO_STORAGE_VERIFY_H_
#define PRIO_STORAGE_VERIFY_H_

#include <cstdint>
#include <functional>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "storage/event_store.h"

namespace prio::storage {

struct VerifyReport {
  bool ok = true;
  uint64_t events_checked = 0;
  Head head;                    // the last verified record (when ok)
  uint64_t first_bad_position = 0;  // when !ok
  std::string problem;              // when !ok: what does not match there
  // The Merkle tree: false for a store written before prio kept one (then only the
  // chain is checked).
  bool tree_stored = false;
  uint64_t tree_nodes_checked = 0;
  Hash tree_root{};  // of the verified events (when ok)
};

// What a visitor may ask about the verified history before the event it is shown:
// both answer only for sizes/positions below that event's position.
struct VerifiedHistory {
  absl::FunctionRef<absl::StatusOr<Hash>(uint64_t size)> tree_root;
  absl::FunctionRef<absl::StatusOr<Hash>(uint64_t position)> event_hash;
};

// One link of the chain: `stored` (a stored log value) must decode, claim `position`,
// name `prev` as its prev_hash and hash to its stated hash. Returns "" and fills *out
// if so, else what does not match. (VerifyChain's per-record check; pure.)
std::string CheckChainLink(uint64_t position, std::string_view stored, const Hash& prev,
                           RecordedEvent* out);

// Called for every event once it (and everything before it) verified; a non-OK
// status fails the verification at that event's position with the status' message.
using VerifyVisitor =
    std::function<absl::Status(const RecordedEvent& event, const VerifiedHistory& before)>;

// Opens the store at `path` read-only (it may be in use by a running priod) and
// checks every record in position order: positions dense from 1, each record
// decodable, its prev_hash equal to the previous record's hash (zero for the first),
// and its hash equal to SHA-256(prev_hash || canonical body). It recomputes the Merkle
// tree from the event hashes and compares every stored node with it (none missing,
// none extra). Stops at the first mismatch. Errors (as opposed to a failed
// verification): NOT_FOUND (no store), UNAVAILABLE (I/O).
absl::StatusOr<VerifyReport> VerifyChain(const std::string& path,
                                         const VerifyVisitor& visit = nullptr);

}  // namespace prio::storage

#endif  // PRIO_STORAGE_VERIFY_H_
