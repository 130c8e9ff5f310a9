// Offline verification of the hash chain (priod verify, auditors' tools).
#ifndef PRIO_STORAGE_VERIFY_H_
#define PRIO_STORAGE_VERIFY_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "storage/event_store.h"

namespace prio::storage {

struct VerifyReport {
  bool ok = true;
  uint64_t events_checked = 0;
  Head head;                    // the last verified record (when ok)
  uint64_t first_bad_position = 0;  // when !ok
  std::string problem;              // when !ok: what does not match there
};

// Opens the store at `path` read-only (it may be in use by a running priod) and
// checks every record in position order: positions dense from 1, each record
// decodable, its prev_hash equal to the previous record's hash (zero for the first),
// and its hash equal to SHA-256(prev_hash || canonical body). Stops at the first
// mismatch. Errors (as opposed to a failed verification): NOT_FOUND (no store),
// UNAVAILABLE (I/O).
absl::StatusOr<VerifyReport> VerifyChain(const std::string& path);

}  // namespace prio::storage

#endif  // PRIO_STORAGE_VERIFY_H_
