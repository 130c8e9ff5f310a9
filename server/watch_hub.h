// WatchHub: serves every Watch stream (queries.proto) from one thread.
//
// The hub's thread wakes every kTick (and at once when a watcher is added or finishes
// a write), catches the survey projection up when the log has grown, and visits each
// watcher: if the watcher's view may have changed (its round's version, the catalogue,
// the planning inputs) and its interval has passed since its last update, and it has
// no write in flight, the hub computes the view and starts the write. A watcher whose
// client reads slowly keeps its write in flight; meanwhile nothing queues for it, and
// when the write completes it is sent the view as it is then — the latest state, not a
// backlog. Appends never wait for watchers, and one slow watcher costs the others
// nothing but a skipped visit.
#ifndef PRIO_SERVER_WATCH_HUB_H_
#define PRIO_SERVER_WATCH_HUB_H_

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/support/server_callback.h"
#include "prio/v1/queries.pb.h"
#include "server/survey_projection.h"
#include "storage/event_store.h"

namespace prio::server {

class WatchHub {
 public:
  static constexpr absl::Duration kTick = absl::Milliseconds(5);

  // `store` and `projection` must outlive the hub. Starts the thread.
  WatchHub(storage::EventStore* store, SurveyProjection* projection);
  // Stops the thread (Stop) — streams still open must have been ended by the server.
  ~WatchHub();

  // Starts serving a Watch call. INVALID_ARGUMENT for a bad interval is sent as the
  // stream's status.
  grpc::ServerWriteReactor<v1::WatchUpdate>* Watch(grpc::CallbackServerContext* ctx,
                                                   const v1::WatchRequest* request);

  // Stops the hub's thread; watchers get no more updates. Idempotent.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_);

  // A watcher's shared state (watch_hub.cc).
  struct Watcher;

 private:
  void Run();
  void Wake() ABSL_LOCKS_EXCLUDED(mu_);
  void Remove(Watcher* w) ABSL_LOCKS_EXCLUDED(mu_);
  // Views computed in this visit round, shared by watchers asking the same.
  using ViewCache = std::map<std::string, std::shared_ptr<const v1::WatchUpdate>>;
  // Sends `w` its view if due.
  void Visit(const std::shared_ptr<Watcher>& w, absl::Time now, ViewCache& cache);

  storage::EventStore* const store_;
  SurveyProjection* const projection_;
  absl::Mutex mu_;
  std::vector<std::shared_ptr<Watcher>> watchers_ ABSL_GUARDED_BY(mu_);
  bool wake_ ABSL_GUARDED_BY(mu_) = false;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace prio::server

#endif  // PRIO_SERVER_WATCH_HUB_H_
