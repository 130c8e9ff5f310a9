// CommandGate: a readers-writer gate for survey commands whose holders may release it
// from another thread (a command holds it from validation until its append is durable,
// and the append completes on the store's writer thread).
//
// Shared holders run side by side; an exclusive holder runs alone. A waiting
// exclusive request blocks new shared holders, so that it is not starved. Thread-safe.
#ifndef PRIO_SERVER_COMMAND_GATE_H_
#define PRIO_SERVER_COMMAND_GATE_H_

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace prio::server {

class CommandGate {
 public:
  enum class Mode { kShared, kExclusive };

  // Blocks until the gate is held in `mode`.
  void Acquire(Mode mode) ABSL_LOCKS_EXCLUDED(mu_);
  // Gives up one hold in `mode`; any thread may call it. Never blocks for long.
  void Release(Mode mode) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  absl::Mutex mu_;
  int shared_ ABSL_GUARDED_BY(mu_) = 0;
  int exclusive_waiting_ ABSL_GUARDED_BY(mu_) = 0;
  bool exclusive_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace prio::server

#endif  // PRIO_SERVER_COMMAND_GATE_H_
