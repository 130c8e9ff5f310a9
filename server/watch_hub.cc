#include "server/watch_hub.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "server/grpc_status.h"
#include "server/views.h"

namespace prio::server {
namespace {

class WatchReactor;

}  // namespace

struct WatchHub::Watcher {
  WatchHub* hub = nullptr;
  v1::WatchRequest request;
  absl::Duration interval;
  grpc::ServerWriteReactor<v1::WatchUpdate>* reactor = nullptr;

  absl::Mutex mu;
  bool in_flight ABSL_GUARDED_BY(mu) = false;
  bool finished ABSL_GUARDED_BY(mu) = false;  // Finish was called, or is due

  // Touched only by the hub's thread (and the write's buffer until OnWriteDone).
  std::string last_key;
  absl::Time last_sent = absl::InfinitePast();
  bool sent_first = false;
  std::shared_ptr<const v1::WatchUpdate> message;  // the write in flight
};

namespace {

class WatchReactor final : public grpc::ServerWriteReactor<v1::WatchUpdate> {
 public:
  WatchReactor(std::shared_ptr<WatchHub::Watcher> w, std::function<void()> wake,
               std::function<void(WatchHub::Watcher*)> remove)
      : w_(std::move(w)), wake_(std::move(wake)), remove_(std::move(remove)) {}

  // Ends the stream with `status` unless it has ended or a write is in flight.
  void FinishOnce(const grpc::Status& status) {
    {
      absl::MutexLock lock(&w_->mu);
      if (w_->finished) return;
      w_->finished = true;
      if (w_->in_flight) {
        pending_ = status;  // finished when the write completes
        return;
      }
    }
    Finish(status);
  }

  void OnWriteDone(bool ok) override {
    bool finish_now = false;
    {
      absl::MutexLock lock(&w_->mu);
      w_->in_flight = false;
      if (!ok && !w_->finished) {
        w_->finished = true;
        pending_ = grpc::Status(grpc::StatusCode::CANCELLED, "the watcher went away");
      }
      finish_now = w_->finished;
    }
    if (finish_now) {
      Finish(pending_);
      return;
    }
    wake_();
  }

  void OnCancel() override {
    FinishOnce(grpc::Status(grpc::StatusCode::CANCELLED, "the watch was cancelled"));
  }

  void OnDone() override {
    remove_(w_.get());
    delete this;
  }

 private:
  std::shared_ptr<WatchHub::Watcher> w_;
  std::function<void()> wake_;
  std::function<void(WatchHub::Watcher*)> remove_;
  grpc::Status pending_;
};

// What the watcher's view depends on; equal keys mean an equal view.
std::string KeyOf(const domain::SurveyState& state, const v1::WatchRequest& r) {
  const domain::RoundState* round = state.FindRound(r.round_id());
  return absl::StrCat(round == nullptr ? 0 : round->version, "/", state.catalog_revision(), "/",
                      r.view() == v1::WATCH_VIEW_PLAN ? state.planning_revision() : 0);
}

}  // namespace

WatchHub::WatchHub(storage::EventStore* store, SurveyProjection* projection)
    : store_(store), projection_(projection) {
  thread_ = std::thread([this] { Run(); });
}

WatchHub::~WatchHub() { Stop(); }

void WatchHub::Stop() {
  {
    absl::MutexLock lock(&mu_);
    if (stop_ && !thread_.joinable()) return;
    stop_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void WatchHub::Wake() {
  absl::MutexLock lock(&mu_);
  wake_ = true;
}

void WatchHub::Remove(Watcher* w) {
  absl::MutexLock lock(&mu_);
  watchers_.erase(std::remove_if(watchers_.begin(), watchers_.end(),
                                 [w](const std::shared_ptr<Watcher>& x) { return x.get() == w; }),
                  watchers_.end());
}

grpc::ServerWriteReactor<v1::WatchUpdate>* WatchHub::Watch(grpc::CallbackServerContext* ctx,
                                                            const v1::WatchRequest* request) {
  auto w = std::make_shared<Watcher>();
  w->hub = this;
  w->request = *request;
  const uint32_t ms = request->interval_ms() == 0 ? 100 : request->interval_ms();
  w->interval = absl::Milliseconds(ms);
  auto* reactor = new WatchReactor(
      w, [this] { Wake(); }, [this](Watcher* x) { Remove(x); });
  w->reactor = reactor;
  if (ms < 10 || ms > 60'000) {
    reactor->FinishOnce(ToGrpcStatus(absl::InvalidArgumentError(absl::StrCat(
        "interval_ms must be 10-60000 (0 means 100), got ", request->interval_ms()))));
    return reactor;
  }
  absl::MutexLock lock(&mu_);
  if (stop_) {
    reactor->FinishOnce(grpc::Status(grpc::StatusCode::UNAVAILABLE, "priod is shutting down"));
    return reactor;
  }
  watchers_.push_back(std::move(w));
  wake_ = true;
  return reactor;
}

void WatchHub::Visit(const std::shared_ptr<Watcher>& w, absl::Time now, ViewCache& cache) {
  {
    absl::MutexLock lock(&w->mu);
    if (w->finished || w->in_flight) return;
  }
  if (w->sent_first && now - w->last_sent < w->interval) return;  // coalesce
  std::string key;
  absl::StatusOr<std::shared_ptr<const v1::WatchUpdate>> update =
      absl::UnknownError("not computed");
  bool changed = true;
  projection_->Read([&](const domain::SurveyState& state) {
    key = KeyOf(state, w->request);
    if (w->sent_first && key == w->last_key) {
      changed = false;
      return;
    }
    // Watchers of the same view at the same state share one computation.
    v1::WatchRequest view = w->request;
    view.clear_interval_ms();  // the same view whatever the interval
    const std::string cache_key = absl::StrCat(domain::SerializeDeterministic(view), "|", key,
                                               "|", state.position());
    if (auto hit = cache.find(cache_key); hit != cache.end()) {
      update = hit->second;
      return;
    }
    v1::WatchUpdate u;
    u.set_position(state.position());
    if (w->request.view() == v1::WATCH_VIEW_PLAN) {
      v1::PlanRequest r;
      r.set_round_id(w->request.round_id());
      r.set_method(w->request.method());
      r.set_weighting(w->request.weighting());
      r.set_selection(w->request.selection());
      if (w->request.has_budget_days()) r.set_budget_days(w->request.budget_days());
      r.set_deadlines_first(w->request.deadlines_first());
      r.set_skip_departments(w->request.skip_departments());
      r.set_skip_municipalities(w->request.skip_municipalities());
      r.set_ags(w->request.ags());
      absl::StatusOr<v1::PlanResponse> plan = PlanView(state, r, projection_->schulze());
      if (!plan.ok()) {
        update = plan.status();
        return;
      }
      *u.mutable_plan() = *std::move(plan);
    } else {
      v1::RankingRequest r;
      r.set_round_id(w->request.round_id());
      r.set_method(w->request.method());
      r.set_weighting(w->request.weighting());
      absl::StatusOr<v1::RankingResponse> ranking = RankingView(state, r, projection_->schulze());
      if (!ranking.ok()) {
        update = ranking.status();
        return;
      }
      *u.mutable_ranking() = *std::move(ranking);
    }
    auto shared = std::make_shared<const v1::WatchUpdate>(std::move(u));
    cache[cache_key] = shared;
    update = std::move(shared);
  });
  if (!changed) return;
  auto* reactor = static_cast<WatchReactor*>(w->reactor);
  if (!update.ok()) {
    reactor->FinishOnce(ToGrpcStatus(update.status()));
    return;
  }
  {
    absl::MutexLock lock(&w->mu);
    if (w->finished) return;
    w->in_flight = true;
    w->message = *std::move(update);
  }
  w->last_key = key;
  w->last_sent = now;
  w->sent_first = true;
  reactor->StartWrite(w->message.get());
}

void WatchHub::Run() {
  for (;;) {
    std::vector<std::shared_ptr<Watcher>> watchers;
    {
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(
                               +[](WatchHub* h) ABSL_NO_THREAD_SAFETY_ANALYSIS {
                                 return h->wake_ || h->stop_;
                               },
                               this),
                           kTick);
      if (stop_) return;
      wake_ = false;
      watchers = watchers_;
    }
    if (watchers.empty()) continue;
    if (store_->GetHead().position > projection_->position()) {
      if (absl::Status s = projection_->CatchUp(); !s.ok()) continue;
    }
    const absl::Time now = absl::Now();
    ViewCache cache;
    for (const auto& w : watchers) Visit(w, now, cache);
  }
}

}  // namespace prio::server
