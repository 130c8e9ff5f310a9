// StreamsService::Read: stream and $all reads and subscriptions (streams_service.h).
#include <regex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "server/esdb/errors.h"
#include "server/esdb/streams_service.h"
#include "server/stream_reactors.h"

namespace prio::server::esdb {
namespace {

using event_store::client::streams::ReadReq;
using event_store::client::streams::ReadResp;
using Options = ReadReq::Options;

// Refuses a read before it starts, with the protocol's trailers.
class Refusal final : public grpc::ServerWriteReactor<ReadResp> {
 public:
  Refusal(grpc::CallbackServerContext* ctx, const absl::Status& s) { Finish(ToCallStatus(ctx, s)); }
  void OnDone() override { delete this; }
};

// A $all filter on stream names or event types, by prefixes or a regular expression
// (ECMAScript syntax; matched anywhere, as the protocol's server does).
struct EventFilter {
  bool on_type = false;
  std::vector<std::string> prefixes;
  std::optional<std::regex> regex;
  uint64_t checkpoint_interval = 0;  // events examined between checkpoints

  bool Matches(const storage::RecordedEvent& e) const {
    const std::string& subject = on_type ? e.type : e.stream;
    if (regex.has_value() && !std::regex_search(subject, *regex)) return false;
    if (prefixes.empty()) return true;
    for (const std::string& p : prefixes) {
      if (absl::StartsWith(subject, p)) return true;
    }
    return false;
  }
};

absl::StatusOr<std::optional<EventFilter>> ParseFilter(const Options& o) {
  if (o.filter_option_case() != Options::kFilter) return std::nullopt;
  const Options::FilterOptions& f = o.filter();
  EventFilter filter;
  const Options::FilterOptions::Expression* expr = nullptr;
  switch (f.filter_case()) {
    case Options::FilterOptions::kStreamIdentifier: expr = &f.stream_identifier(); break;
    case Options::FilterOptions::kEventType:
      expr = &f.event_type();
      filter.on_type = true;
      break;
    case Options::FilterOptions::FILTER_NOT_SET:
      return absl::InvalidArgumentError(
          "ReadReq.options.filter names neither stream_identifier nor event_type");
  }
  filter.prefixes.assign(expr->prefix().begin(), expr->prefix().end());
  if (!expr->regex().empty()) {
    if (expr->regex().size() > 1000) {
      return absl::InvalidArgumentError("the filter's regex is longer than 1000 characters");
    }
    try {
      filter.regex.emplace(expr->regex(), std::regex::ECMAScript | std::regex::optimize);
    } catch (const std::regex_error& e) {
      return absl::InvalidArgumentError(
          absl::StrCat("the filter's regex \"", expr->regex(), "\" is not valid: ", e.what()));
    }
  }
  const uint64_t window = f.window_case() == Options::FilterOptions::kMax && f.max() > 0 ? f.max() : 32;
  const uint64_t multiplier = f.checkpointintervalmultiplier() > 0 ? f.checkpointintervalmultiplier() : 1;
  filter.checkpoint_interval = std::min<uint64_t>(window * multiplier, 1'000'000);
  return filter;
}

ReadResp Event(const storage::RecordedEvent& e, bool structured, const IsDomainEvent& is_domain) {
  ReadResp r;
  ToReadEvent(e, structured, is_domain, r.mutable_event());
  return r;
}

ReadResp Checkpoint(uint64_t position) {
  ReadResp r;
  r.mutable_checkpoint()->set_commit_position(position);
  r.mutable_checkpoint()->set_prepare_position(position);
  return r;
}

bool Structured(const Options& o) {
  return o.uuid_option().content_case() == Options::UUIDOption::kStructured;
}

grpc::Status SubscriptionError(grpc::CallbackServerContext* ctx, const absl::Status& s,
                               const storage::Subscription& sub) {
  if (s.code() == absl::StatusCode::kResourceExhausted) {
    return ToCallStatus(ctx, TimeoutError(absl::StrCat(
                                 "the subscriber fell too far behind (", s.message(),
                                 "); subscribe again from position ", sub.last_delivered())));
  }
  return ToCallStatus(ctx, s);
}

}  // namespace

grpc::ServerWriteReactor<ReadResp>* StreamsService::Read(grpc::CallbackServerContext* ctx,
                                                         const ReadReq* request) {
  const Options& o = request->options();
  const bool subscription = o.count_option_case() == Options::kSubscription;
  if (o.stream_option_case() == Options::STREAM_OPTION_NOT_SET) {
    return new Refusal(ctx, absl::InvalidArgumentError(
                                "ReadReq.options names neither a stream nor $all (field stream or all)"));
  }
  const bool all = o.stream_option_case() == Options::kAll;
  absl::StatusOr<security::Principal> caller = auth_->Authorize(
      *ctx, subscription ? "EventStore/Subscribe" : all ? "EventStore/ReadAll" : "EventStore/ReadStream");
  if (!caller.ok()) return new Refusal(ctx, caller.status());
  if (subscription) return Subscribe(ctx, *request);
  if (o.count_option_case() == Options::kCount && o.count() == 0) {
    return new Refusal(ctx, absl::OkStatus());
  }
  return all ? ReadAll(ctx, *request) : ReadStream(ctx, *request);
}

grpc::ServerWriteReactor<ReadResp>* StreamsService::ReadStream(grpc::CallbackServerContext* ctx,
                                                               const ReadReq& request) {
  const Options& o = request.options();
  const Options::StreamOptions& so = o.stream();
  std::string stream = so.stream_identifier().stream_name();
  if (absl::Status s = storage::ValidateStreamName(stream); !s.ok()) return new Refusal(ctx, s);
  const bool backwards = o.read_direction() == Options::Backwards;
  storage::ReadStreamOptions options{.stream = stream,
                                     .direction = backwards ? storage::Direction::kBackwards
                                                            : storage::Direction::kForwards};
  bool done = false;
  switch (so.revision_option_case()) {
    case Options::StreamOptions::kRevision: options.from_revision = so.revision(); break;
    case Options::StreamOptions::kEnd:
      options.from_end = true;
      done = !backwards;  // forwards from the end: nothing
      break;
    case Options::StreamOptions::kStart:
    case Options::StreamOptions::REVISION_OPTION_NOT_SET: break;
  }
  bool checked = false;
  using Reactor = PagedReadReactor<ReadResp>;
  auto next_page = [this, options, done, checked, structured = Structured(o)](
                       uint64_t max) mutable -> Reactor::Page {
    if (!checked) {
      checked = true;
      absl::StatusOr<StreamState> state = ReadStreamState(store_, options.stream);
      if (!state.ok()) return state.status();
      if (state->deleted) return StreamDeletedError(options.stream);
      if (!state->last_revision.has_value()) {
        done = true;
        std::vector<ReadResp> out(1);
        out[0].mutable_stream_not_found()->mutable_stream_identifier()->set_stream_name(
            options.stream);
        return std::optional(std::move(out));
      }
    }
    if (done) return std::nullopt;
    options.max_count = max;
    absl::StatusOr<std::vector<storage::RecordedEvent>> events = store_->ReadStream(options);
    if (!events.ok()) {
      if (events.status().code() == absl::StatusCode::kNotFound) return std::nullopt;
      return events.status();
    }
    if (events->empty()) return std::nullopt;
    const uint64_t last = events->back().revision;
    done = events->size() < max || (options.direction == storage::Direction::kBackwards && last == 0);
    options.from_revision = options.direction == storage::Direction::kForwards ? last + 1 : last - 1;
    options.from_end = false;
    std::vector<ReadResp> out;
    out.reserve(events->size());
    for (const storage::RecordedEvent& e : *events) out.push_back(Event(e, structured, is_domain_));
    return std::optional(std::move(out));
  };
  const uint64_t limit = o.count_option_case() == Options::kCount ? o.count() : 0;
  return new Reactor(ctx, workers_, limit, std::move(next_page),
                     [ctx](const absl::Status& s) { return ToCallStatus(ctx, s); });
}

grpc::ServerWriteReactor<ReadResp>* StreamsService::ReadAll(grpc::CallbackServerContext* ctx,
                                                            const ReadReq& request) {
  const Options& o = request.options();
  absl::StatusOr<std::optional<EventFilter>> filter = ParseFilter(o);
  if (!filter.ok()) return new Refusal(ctx, filter.status());
  const bool backwards = o.read_direction() == Options::Backwards;
  storage::ReadAllOptions options{.direction = backwards ? storage::Direction::kBackwards
                                                         : storage::Direction::kForwards,
                                  .max_scan = 10'000};
  bool done = false;
  switch (o.all().all_option_case()) {
    case Options::AllOptions::kPosition: {
      const uint64_t p = o.all().position().commit_position();
      if (backwards) {  // exclusive
        done = p <= 1;
        options.from_position = p - (p > 0 ? 1 : 0);
      } else {
        options.from_position = p;
      }
      break;
    }
    case Options::AllOptions::kEnd:
      options.from_end = true;
      done = !backwards;
      break;
    case Options::AllOptions::kStart:
    case Options::AllOptions::ALL_OPTION_NOT_SET:
      done = backwards;  // backwards from the start: nothing
      break;
  }
  using Reactor = PagedReadReactor<ReadResp>;
  auto next_page = [this, options, done, filter = *std::move(filter),
                    structured = Structured(o)](uint64_t max) mutable -> Reactor::Page {
    if (done) return std::nullopt;
    std::vector<ReadResp> out;
    absl::StatusOr<storage::ReadAllResult> r =
        store_->Scan(options, [&](const storage::RecordedEvent& e) {
          if (filter.has_value() && !filter->Matches(e)) return true;
          out.push_back(Event(e, structured, is_domain_));
          return out.size() < max;
        });
    if (!r.ok()) return r.status();
    done = r->next_position == 0;
    options.from_position = r->next_position;
    options.from_end = false;
    if (done && out.empty()) return std::nullopt;
    return std::optional(std::move(out));
  };
  const uint64_t limit = o.count_option_case() == Options::kCount ? o.count() : 0;
  return new Reactor(ctx, workers_, limit, std::move(next_page),
                     [ctx](const absl::Status& s) { return ToCallStatus(ctx, s); });
}

grpc::ServerWriteReactor<ReadResp>* StreamsService::Subscribe(grpc::CallbackServerContext* ctx,
                                                              const ReadReq& request) {
  const Options& o = request.options();
  const bool structured = Structured(o);
  const uint64_t head = store_->GetHead().position;  // before the stream's state (no gap)
  storage::SubscribeOptions options;
  std::optional<EventFilter> filter;
  std::string stream;  // a stream subscription's stream
  std::optional<uint64_t> after_revision;
  if (o.stream_option_case() == Options::kStream) {
    const Options::StreamOptions& so = o.stream();
    stream = so.stream_identifier().stream_name();
    if (absl::Status s = storage::ValidateStreamName(stream); !s.ok()) return new Refusal(ctx, s);
    // Two point reads: the stream's state, and where its catch-up starts.
    absl::StatusOr<StreamState> state = ReadStreamState(store_, stream);
    if (!state.ok()) return new Refusal(ctx, state.status());
    if (state->deleted) return new Refusal(ctx, StreamDeletedError(stream));
    options.after_position = head;
    if (so.revision_option_case() != Options::StreamOptions::kEnd &&
        state->last_revision.has_value()) {
      const uint64_t first =
          so.revision_option_case() == Options::StreamOptions::kRevision ? so.revision() : 0;
      if (so.revision_option_case() == Options::StreamOptions::kRevision) after_revision = first;
      if (first <= *state->last_revision) {
        absl::StatusOr<std::vector<storage::RecordedEvent>> at =
            store_->ReadStream({.stream = stream, .from_revision = first, .max_count = 1});
        if (!at.ok()) return new Refusal(ctx, at.status());
        if (!at->empty()) {
          // From revision N: after N's position. From the start: just before revision 0.
          options.after_position = at->front().position - (after_revision.has_value() ? 0 : 1);
        }
      }
    } else if (so.revision_option_case() == Options::StreamOptions::kRevision) {
      after_revision = so.revision();
    }
    options.filter.stream_prefixes = {stream};
  } else {
    absl::StatusOr<std::optional<EventFilter>> parsed = ParseFilter(o);
    if (!parsed.ok()) return new Refusal(ctx, parsed.status());
    filter = *std::move(parsed);
    switch (o.all().all_option_case()) {
      case Options::AllOptions::kPosition:
        options.after_position = std::min(o.all().position().commit_position(), head);
        break;
      case Options::AllOptions::kEnd: options.after_position = head; break;
      default: options.after_position = 0;
    }
  }
  absl::StatusOr<std::unique_ptr<storage::Subscription>> sub = store_->Subscribe(options);
  if (!sub.ok()) return new Refusal(ctx, sub.status());

  uint64_t examined = 0, last_examined = 0;
  auto translate = [this, structured, stream, after_revision, filter, examined, last_examined](
                       std::vector<storage::SubscriptionMessage> batch) mutable
      -> absl::StatusOr<std::vector<ReadResp>> {
    std::vector<ReadResp> out;
    for (const storage::SubscriptionMessage& m : batch) {
      switch (m.kind) {
        case storage::SubscriptionMessage::Kind::kEvent: {
          const storage::RecordedEvent& e = *m.event;
          if (!stream.empty()) {
            if (e.stream != stream || (after_revision.has_value() && e.revision <= *after_revision)) {
              continue;
            }
          } else if (filter.has_value()) {
            ++examined;
            last_examined = e.position;
            if (examined >= filter->checkpoint_interval) {
              examined = 0;
              if (!filter->Matches(e)) {
                out.push_back(Checkpoint(e.position));
                continue;
              }
              out.push_back(Event(e, structured, is_domain_));
              out.push_back(Checkpoint(e.position));
              continue;
            }
            if (!filter->Matches(e)) continue;
          }
          out.push_back(Event(e, structured, is_domain_));
          break;
        }
        case storage::SubscriptionMessage::Kind::kCheckpoint:
          break;  // the store's own (stream subscriptions); $all counts its own above
        case storage::SubscriptionMessage::Kind::kCaughtUp:
          if (filter.has_value() && std::max(last_examined, m.position) > 0) {
            examined = 0;
            out.push_back(Checkpoint(std::max(last_examined, m.position)));
          }
          out.emplace_back().mutable_caught_up();
          break;
      }
    }
    return out;
  };
  std::vector<ReadResp> first(1);
  first[0].mutable_confirmation()->set_subscription_id(RandomUuid());
  return new SubscriptionReactor<ReadResp>(
      workers_, *std::move(sub), std::move(translate),
      [ctx](const absl::Status& s, const storage::Subscription& sub) {
        return SubscriptionError(ctx, s, sub);
      },
      std::move(first));
}

}  // namespace prio::server::esdb
