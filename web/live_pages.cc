// Live updates: GET /rounds/R/live?view=ranking|plan&method=&weighting= is a stream of
// server-sent events fed by priod's Watch with the session's token (so only roles that
// may watch get one: priod refuses the others). Each event carries the same HTML
// fragment the page renders (result_views.h); app.js swaps it in.
//
// Each stream lasts at most kStreamFor and then ends; the browser's EventSource
// reconnects after `retry` and Watch starts with the current state, so nothing is
// missed. That bounds how long an HTTP worker stays with a browser that went away
// while the round was quiet (a write to it is what notices).
#include <memory>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"
#include "client/messages.h"
#include "client/store_client.h"
#include "client/unary.h"
#include "common/absl_compat.h"
#include "grpcpp/client_context.h"
#include "prio/v1/queries.grpc.pb.h"
#include "web/exchange.h"
#include "web/result_views.h"

namespace prio::web {

namespace {

constexpr absl::Duration kStreamFor = absl::Seconds(25);

// One SSE event; `data` may span lines (each becomes a data: line; CR, LF and CRLF
// all end a line in an event stream).
std::string Event(std::string_view name, std::string_view id, std::string_view data) {
  std::string out = absl::StrCat("event: ", ToAbsl(name), "\nid: ", ToAbsl(id), "\n");
  size_t start = 0;
  while (start <= data.size()) {
    size_t end = data.find_first_of("\r\n", start);
    if (end == std::string_view::npos) end = data.size();
    absl::StrAppend(&out, "data: ", ToAbsl(data.substr(start, end - start)), "\n");
    start = end + (data.substr(end, 2) == "\r\n" ? 2 : 1);
  }
  return out + "\n";
}

void Live(Exchange& x) {
  auto req = std::make_shared<v1::WatchRequest>();
  req->set_round_id(x.Match(1));
  req->set_method(x.Param("method"));
  req->set_weighting(x.Param("weighting"));
  req->set_interval_ms(200);
  const bool plan = x.Param("view") == "plan";
  if (plan) {
    req->set_view(v1::WATCH_VIEW_PLAN);
    req->set_skip_municipalities(true);
  }
  x.res.set_header("Cache-Control", "no-store");
  x.res.set_header("X-Accel-Buffering", "no");
  const std::string token = x.session.token;
  const Lang lang = x.lang();
  std::shared_ptr<grpc::Channel> channel = x.channel;
  x.res.set_chunked_content_provider(
      "text/event-stream",
      [req, token, lang, channel, plan](size_t, httplib::DataSink& sink) {
        grpc::ClientContext ctx;
        ctx.set_deadline(absl::ToChronoTime(absl::Now() + kStreamFor));
        if (!client::HeaderSafe(token)) return false;  // sign-in lets none such in
        ctx.AddMetadata("authorization", "Bearer " + token);
        v1::SurveyQueries::Stub stub(channel);
        std::unique_ptr<grpc::ClientReader<v1::WatchUpdate>> reader = stub.Watch(&ctx, *req);
        const std::string retry = "retry: 1000\n\n";
        if (!sink.write(retry.data(), retry.size())) {
          ctx.TryCancel();
          return false;
        }
        v1::WatchUpdate u;
        while (reader->Read(&u)) {
          const std::string id = absl::StrCat(u.position());
          std::string e;
          if (plan) {
            e = Event("plan", id, PlanBody(lang, u.plan())) +
                Event("caption", id, PlanCaption(lang, u.plan()));
          } else {
            e = Event("ranking", id, RankingRows(lang, u.ranking())) +
                Event("caption", id, RankingCaption(lang, u.ranking()));
          }
          if (!sink.write(e.data(), e.size())) {
            ctx.TryCancel();
            break;
          }
        }
        grpc::Status s = reader->Finish();
        if (!s.ok() && s.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED &&
            s.error_code() != grpc::StatusCode::CANCELLED) {
          const std::string e = Event("refused", "0", client::RefusalText(lang, s.error_message()));
          sink.write(e.data(), e.size());
        }
        sink.done();
        return true;
      });
}

}  // namespace

void AddLivePages(Router& r) { r.Get("/rounds/([a-z0-9-]+)/live", Live); }

}  // namespace prio::web
