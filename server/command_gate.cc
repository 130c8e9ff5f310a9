#include "server/command_gate.h"

namespace prio::server {

void CommandGate::Acquire(Mode mode) {
  absl::MutexLock lock(&mu_);
  if (mode == Mode::kShared) {
    mu_.Await(absl::Condition(
        +[](CommandGate* g) ABSL_NO_THREAD_SAFETY_ANALYSIS {
          return !g->exclusive_ && g->exclusive_waiting_ == 0;
        },
        this));
    ++shared_;
    return;
  }
  ++exclusive_waiting_;
  mu_.Await(absl::Condition(
      +[](CommandGate* g) ABSL_NO_THREAD_SAFETY_ANALYSIS {
        return !g->exclusive_ && g->shared_ == 0;
      },
      this));
  --exclusive_waiting_;
  exclusive_ = true;
}

void CommandGate::Release(Mode mode) {
  absl::MutexLock lock(&mu_);
  if (mode == Mode::kShared) {
    --shared_;
  } else {
    exclusive_ = false;
  }
}

}  // namespace prio::server
