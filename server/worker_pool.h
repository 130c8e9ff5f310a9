// WorkerPool: a fixed set of threads for blocking work that must not run inside a
// gRPC reaction (disk reads for catch-up and paging).
#ifndef PRIO_SERVER_WORKER_POOL_H_
#define PRIO_SERVER_WORKER_POOL_H_

#include <deque>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace prio::server {

class WorkerPool {
 public:
  explicit WorkerPool(int threads);
  // Runs every task already scheduled, then joins the threads.
  ~WorkerPool();

  // Queues `task` to run on a worker. Thread-safe; never blocks on the task.
  void Schedule(absl::AnyInvocable<void() &&> task) ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Run();

  absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void() &&>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> threads_;
};

}  // namespace prio::server

#endif  // PRIO_SERVER_WORKER_POOL_H_
