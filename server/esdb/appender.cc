#include "server/esdb/appender.h"

#include "server/esdb/errors.h"
#include "server/esdb/events.h"

namespace prio::server::esdb {
namespace {

using Kind = storage::ExpectedRevision::Kind;

// Races lost to concurrent writers of the same stream before giving up with ABORTED.
constexpr int kMaxTries = 200;

bool Matches(const storage::ExpectedRevision& e, const StreamState& s) {
  switch (e.kind) {
    case Kind::kAny: return true;
    case Kind::kNoStream: return !s.last_revision.has_value();
    case Kind::kStreamExists: return s.last_revision.has_value();
    case Kind::kExact: return s.last_revision.has_value() && *s.last_revision == e.revision;
  }
  return false;
}

}  // namespace

absl::StatusOr<StreamState> ReadStreamState(storage::EventStore* store,
                                            const std::string& stream) {
  absl::StatusOr<std::vector<storage::RecordedEvent>> last = store->ReadStream(
      {.stream = stream, .from_end = true, .direction = storage::Direction::kBackwards,
       .max_count = 1});
  if (!last.ok()) {
    if (last.status().code() == absl::StatusCode::kNotFound) return StreamState{};
    return last.status();
  }
  if (last->empty()) return StreamState{};
  const storage::RecordedEvent& e = last->front();
  return StreamState{.last_revision = e.revision,
                     .last_position = e.position,
                     .deleted = e.type == kTombstoneType};
}

struct Appender::Attempt {
  std::string stream;
  storage::ExpectedRevision expected;
  std::vector<storage::ProposedEvent> events;
  Done done;
  int tries = 0;
};

void Appender::Append(std::string stream, storage::ExpectedRevision expected,
                      std::vector<storage::ProposedEvent> events, Done done) {
  auto a = std::make_shared<Attempt>(Attempt{.stream = std::move(stream),
                                             .expected = expected,
                                             .events = std::move(events),
                                             .done = std::move(done)});
  workers_->Schedule([this, a] { Try(a); });
}

void Appender::Try(std::shared_ptr<Attempt> a) {
  absl::StatusOr<StreamState> state = ReadStreamState(store_, a->stream);
  if (!state.ok()) {
    std::move(a->done)(state.status());
    return;
  }
  if (state->deleted) {
    std::move(a->done)(StreamDeletedError(a->stream));
    return;
  }
  const bool matches = Matches(a->expected, *state);
  if (a->events.empty()) {
    if (matches) {
      std::move(a->done)(AppendOutcome{.revision = state->last_revision});
    } else {
      std::move(a->done)(WrongExpectedVersionError(a->stream, a->expected, state->last_revision));
    }
    return;
  }
  // Conditional on the state just read (so that a tombstone cannot be overtaken), or
  // on the client's own expectation when it does not hold: the store then either
  // finds an idempotent retry or refuses.
  storage::ExpectedRevision condition = a->expected;
  if (matches) {
    condition = state->last_revision.has_value()
                    ? storage::ExpectedRevision::Exact(*state->last_revision)
                    : storage::ExpectedRevision::NoStream();
  }
  storage::AppendRequest request;
  request.appends.push_back(
      {.stream = a->stream, .expected = condition, .events = a->events});
  ++a->tries;
  store_->AppendAsync(
      std::move(request), [this, a, matches, actual = state->last_revision](
                              absl::StatusOr<storage::AppendResult> r) mutable {
        if (r.ok()) {
          std::move(a->done)(AppendOutcome{.revision = r->results.front().last_revision,
                                           .position = r->last_position});
        } else if (r.status().code() != absl::StatusCode::kAborted) {
          std::move(a->done)(r.status());
        } else if (!matches) {
          std::move(a->done)(WrongExpectedVersionError(a->stream, a->expected, actual));
        } else if (a->tries >= kMaxTries) {
          std::move(a->done)(absl::AbortedError(
              "the stream kept changing under concurrent writers; retry the append"));
        } else {
          workers_->Schedule([this, a] { Try(a); });  // a concurrent writer came first
        }
      });
}

}  // namespace prio::server::esdb
