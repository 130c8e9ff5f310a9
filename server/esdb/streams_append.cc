// StreamsService: Append, BatchAppend, Tombstone and Delete (streams_service.h).
#include <deque>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/absl_compat.h"
#include "server/esdb/errors.h"
#include "server/esdb/streams_service.h"
#include "server/grpc_status.h"
#include "server/security/aead.h"

namespace prio::server::esdb {
namespace {

namespace es = event_store::client::streams;

// How much a BatchAppend call may hold of appends whose last chunk has not arrived.
constexpr size_t kMaxPendingBytes = 64 << 20;

// The expected revision of Append/Tombstone/Delete options (same oneof in each).
template <typename Options>
absl::StatusOr<storage::ExpectedRevision> ExpectedOf(const Options& o, std::string_view what) {
  using E = storage::ExpectedRevision;
  switch (o.expected_stream_revision_case()) {
    case Options::kRevision: return E::Exact(o.revision());
    case Options::kNoStream: return E::NoStream();
    case Options::kAny: return E::Any();
    case Options::kStreamExists: return E::StreamExists();
    case Options::EXPECTED_STREAM_REVISION_NOT_SET: break;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      ToAbsl(what), " has no expected revision (revision, no_stream, any or stream_exists)"));
}

absl::StatusOr<storage::ExpectedRevision> ExpectedOf(const es::BatchAppendReq::Options& o) {
  using E = storage::ExpectedRevision;
  using O = es::BatchAppendReq::Options;
  switch (o.expected_stream_position_case()) {
    case O::kStreamPosition: return E::Exact(o.stream_position());
    case O::kNoStream: return E::NoStream();
    case O::kAny: return E::Any();
    case O::kStreamExists: return E::StreamExists();
    case O::EXPECTED_STREAM_POSITION_NOT_SET: break;
  }
  return absl::InvalidArgumentError(
      "BatchAppendReq.options has no expected position (stream_position, no_stream, any or "
      "stream_exists)");
}

void FillWrongExpectedVersion(const ErrorInfo& info, es::AppendResp::WrongExpectedVersion* w) {
  if (info.actual >= 0) {
    w->set_current_revision(static_cast<uint64_t>(info.actual));
    w->set_current_revision_20_6_0(static_cast<uint64_t>(info.actual));
  } else {
    w->mutable_current_no_stream();
    w->mutable_no_stream_20_6_0();
  }
  switch (info.expected) {
    case -1: w->mutable_expected_no_stream(); break;
    case -2:
      w->mutable_expected_any();
      w->mutable_any_20_6_0();
      break;
    case -4:
      w->mutable_expected_stream_exists();
      w->mutable_stream_exists_20_6_0();
      break;
    default:
      w->set_expected_revision(static_cast<uint64_t>(info.expected));
      w->set_expected_revision_20_6_0(static_cast<uint64_t>(info.expected));
  }
}

// Append: options, then one event per message; appended when the client half-closes.
class AppendReactor final : public grpc::ServerReadReactor<es::AppendReq> {
 public:
  AppendReactor(grpc::CallbackServerContext* ctx, StreamsService* service,
                security::Principal caller, es::AppendResp* response)
      : ctx_(ctx), service_(service), caller_(std::move(caller)), response_(response) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (failed_) return;
    if (!ok) {
      if (ctx_->IsCancelled()) return Fail(absl::CancelledError("the append was cancelled"));
      if (stream_.empty()) return Fail(absl::InvalidArgumentError("the append sent no options"));
      return Run();
    }
    if (absl::Status s = Take(); !s.ok()) return Fail(s);
    StartRead(&request_);
  }
  void OnDone() override { delete this; }

 private:
  absl::Status Take() {
    if (stream_.empty()) {
      if (request_.content_case() != es::AppendReq::kOptions) {
        return absl::InvalidArgumentError("the first AppendReq must carry the options");
      }
      absl::StatusOr<std::string> stream =
          service_->WritableStream(request_.options().stream_identifier());
      if (!stream.ok()) return stream.status();
      absl::StatusOr<storage::ExpectedRevision> expected =
          ExpectedOf(request_.options(), "AppendReq.options");
      if (!expected.ok()) return expected.status();
      stream_ = *std::move(stream);
      expected_ = *expected;
      return absl::OkStatus();
    }
    if (request_.content_case() != es::AppendReq::kProposedMessage) {
      return absl::InvalidArgumentError("after the options, every AppendReq must be an event");
    }
    const es::AppendReq::ProposedMessage& m = request_.proposed_message();
    absl::StatusOr<storage::ProposedEvent> e =
        FromProposed(m.id(), m.metadata(), m.custom_metadata(), m.data(), caller_.name,
                     absl::StrCat("event ", events_.size() + 1));
    if (!e.ok()) return e.status();
    bytes_ += e->type.size() + e->data.size() + m.custom_metadata().size();
    if (bytes_ > storage::kMaxAppendBytes) {
      return MaximumAppendSizeError(static_cast<uint32_t>(storage::kMaxAppendBytes),
                                    "the append's events together");
    }
    if (events_.size() >= storage::kMaxAppendEvents) {
      return absl::InvalidArgumentError(
          absl::StrCat("an append may carry at most ", storage::kMaxAppendEvents, " events"));
    }
    events_.push_back(*std::move(e));
    return absl::OkStatus();
  }

  void Run() {
    service_->appender().Append(
        stream_, expected_, std::move(events_), [this](absl::StatusOr<AppendOutcome> r) {
          if (r.ok()) {
            es::AppendResp::Success* s = response_->mutable_success();
            if (r->revision.has_value()) {
              s->set_current_revision(*r->revision);
            } else {
              s->mutable_no_stream();
            }
            if (r->position > 0) {
              s->mutable_position()->set_commit_position(r->position);
              s->mutable_position()->set_prepare_position(r->position);
            } else {
              s->mutable_no_position();
            }
            Finish(grpc::Status::OK);
            return;
          }
          if (std::optional<ErrorInfo> info = GetErrorInfo(r.status());
              info.has_value() && info->kind == ErrorKind::kWrongExpectedVersion) {
            FillWrongExpectedVersion(*info, response_->mutable_wrong_expected_version());
            Finish(grpc::Status::OK);  // in the body, as the protocol has it
            return;
          }
          Finish(ToCallStatus(ctx_, r.status()));
        });
  }

  void Fail(const absl::Status& s) {
    failed_ = true;
    Finish(ToCallStatus(ctx_, s));
  }

  grpc::CallbackServerContext* const ctx_;
  StreamsService* const service_;
  const security::Principal caller_;
  es::AppendResp* const response_;
  es::AppendReq request_;
  std::string stream_;
  storage::ExpectedRevision expected_;
  std::vector<storage::ProposedEvent> events_;
  size_t bytes_ = 0;
  bool failed_ = false;
};

// BatchAppend: chunks of many appends interleave by correlation id; each append runs
// when its final chunk arrives and is answered as soon as it is durable (in completion
// order). The call ends when the client half-closes and every answer is written.
class BatchAppendReactor final
    : public grpc::ServerBidiReactor<es::BatchAppendReq, es::BatchAppendResp> {
 public:
  BatchAppendReactor(StreamsService* service, security::Principal caller)
      : service_(service), caller_(std::move(caller)) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {
      absl::MutexLock lock(&mu_);
      reads_done_ = true;
      MaybeFinishLocked();
      return;
    }
    Take();
    StartRead(&request_);
  }

  void OnWriteDone(bool ok) override {
    es::BatchAppendResp* next = nullptr;
    {
      absl::MutexLock lock(&mu_);
      queue_.pop_front();
      if (!ok) {
        write_failed_ = true;
        queue_.clear();
      }
      if (!queue_.empty()) {
        next = &queue_.front();
      } else {
        writing_ = false;
        MaybeFinishLocked();
      }
    }
    if (next != nullptr) StartWrite(next);
  }

  void OnDone() override { delete this; }

 private:
  struct Pending {
    event_store::client::UUID correlation;
    bool has_options = false;
    es::BatchAppendReq::Options options;
    std::string stream;
    storage::ExpectedRevision expected;
    std::vector<storage::ProposedEvent> events;
    size_t bytes = 0;
    absl::Status error;
  };

  void Take() {
    const std::string key = request_.correlation_id().SerializeAsString();
    Pending& p = pending_[key];
    if (!p.correlation.has_string() && !p.correlation.has_structured()) {
      p.correlation = request_.correlation_id();
    }
    if (p.error.ok() && request_.has_options() && !p.has_options) {
      p.has_options = true;
      p.options = request_.options();
      absl::StatusOr<std::string> stream =
          service_->WritableStream(request_.options().stream_identifier());
      absl::StatusOr<storage::ExpectedRevision> expected = ExpectedOf(request_.options());
      if (!stream.ok()) {
        p.error = stream.status();
      } else if (!expected.ok()) {
        p.error = expected.status();
      } else {
        p.stream = *std::move(stream);
        p.expected = *expected;
      }
    }
    for (const es::BatchAppendReq::ProposedMessage& m : request_.proposed_messages()) {
      if (!p.error.ok()) break;
      absl::StatusOr<storage::ProposedEvent> e =
          FromProposed(m.id(), m.metadata(), m.custom_metadata(), m.data(), caller_.name,
                       absl::StrCat("event ", p.events.size() + 1));
      if (!e.ok()) {
        p.error = e.status();
        break;
      }
      const size_t size = e->type.size() + e->data.size() + m.custom_metadata().size();
      p.bytes += size;
      pending_bytes_ += size;
      if (p.bytes > storage::kMaxAppendBytes) {
        p.error = MaximumAppendSizeError(static_cast<uint32_t>(storage::kMaxAppendBytes),
                                         "the append's events together");
      } else if (pending_bytes_ > kMaxPendingBytes) {
        p.error = absl::ResourceExhaustedError(absl::StrCat(
            "this BatchAppend call holds more than ", kMaxPendingBytes,
            " bytes of unfinished appends; send their final chunks first"));
      } else if (p.events.size() >= storage::kMaxAppendEvents) {
        p.error = absl::InvalidArgumentError(
            absl::StrCat("an append may carry at most ", storage::kMaxAppendEvents, " events"));
      } else {
        p.events.push_back(*std::move(e));
      }
    }
    if (!request_.is_final()) return;
    Pending done = std::move(p);
    pending_.erase(key);
    pending_bytes_ -= done.bytes;
    if (done.error.ok() && !done.has_options) {
      done.error = absl::InvalidArgumentError(
          "the append's first BatchAppendReq must carry the options (stream and expected position)");
    }
    if (!done.error.ok()) {
      Respond(done, done.error);
      return;
    }
    {
      absl::MutexLock lock(&mu_);
      ++in_flight_;
    }
    auto shared = std::make_shared<Pending>(std::move(done));
    service_->appender().Append(shared->stream, shared->expected, std::move(shared->events),
                                [this, shared](absl::StatusOr<AppendOutcome> r) {
                                  Respond(*shared, r);
                                  absl::MutexLock lock(&mu_);
                                  --in_flight_;
                                  MaybeFinishLocked();
                                });
  }

  void Respond(const Pending& p, const absl::StatusOr<AppendOutcome>& r) {
    es::BatchAppendResp resp;
    *resp.mutable_correlation_id() = p.correlation;
    resp.mutable_stream_identifier()->set_stream_name(p.options.stream_identifier().stream_name());
    switch (p.options.expected_stream_position_case()) {
      case es::BatchAppendReq::Options::kStreamPosition:
        resp.set_stream_position(p.options.stream_position());
        break;
      case es::BatchAppendReq::Options::kNoStream: resp.mutable_no_stream(); break;
      case es::BatchAppendReq::Options::kStreamExists: resp.mutable_stream_exists(); break;
      default: resp.mutable_any(); break;
    }
    if (r.ok()) {
      es::BatchAppendResp::Success* s = resp.mutable_success();
      if (r->revision.has_value()) {
        s->set_current_revision(*r->revision);
      } else {
        s->mutable_no_stream();
      }
      if (r->position > 0) {
        s->mutable_position()->set_commit_position(r->position);
        s->mutable_position()->set_prepare_position(r->position);
      } else {
        s->mutable_no_position();
      }
    } else {
      *resp.mutable_error() = ToBatchError(r.status());
    }
    es::BatchAppendResp* write = nullptr;
    {
      absl::MutexLock lock(&mu_);
      if (write_failed_ || finished_) return;
      queue_.push_back(std::move(resp));
      if (!writing_) {
        writing_ = true;
        write = &queue_.front();
      }
    }
    if (write != nullptr) StartWrite(write);
  }

  void MaybeFinishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (finished_ || !reads_done_ || in_flight_ > 0 || writing_) return;
    finished_ = true;
    Finish(grpc::Status::OK);
  }

  StreamsService* const service_;
  const security::Principal caller_;
  es::BatchAppendReq request_;
  // Only the reading side (one OnReadDone at a time) touches these.
  std::map<std::string, Pending> pending_;
  size_t pending_bytes_ = 0;

  absl::Mutex mu_;
  std::deque<es::BatchAppendResp> queue_ ABSL_GUARDED_BY(mu_);  // front: being written
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool write_failed_ ABSL_GUARDED_BY(mu_) = false;
  bool reads_done_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

// Calls refused before they start.
class RefusedAppend final : public grpc::ServerReadReactor<es::AppendReq> {
 public:
  RefusedAppend(grpc::CallbackServerContext* ctx, const absl::Status& s) {
    Finish(ToCallStatus(ctx, s));
  }
  void OnDone() override { delete this; }
};

class RefusedBatch final : public grpc::ServerBidiReactor<es::BatchAppendReq, es::BatchAppendResp> {
 public:
  RefusedBatch(grpc::CallbackServerContext* ctx, const absl::Status& s) {
    Finish(ToCallStatus(ctx, s));
  }
  void OnDone() override { delete this; }
};

}  // namespace

absl::StatusOr<std::string> StreamsService::WritableStream(
    const event_store::client::StreamIdentifier& id) const {
  const std::string& stream = id.stream_name();
  if (absl::Status s = storage::ValidateStreamName(stream); !s.ok()) return s;
  if (reserved_ && reserved_(stream)) {
    return AccessDeniedError(absl::PermissionDeniedError(absl::StrCat(
        "stream \"", stream,
        "\" is written only by prio's commands, which validate what they write; it is "
        "read-only through this listener (append to another stream name)")));
  }
  return stream;
}

grpc::ServerReadReactor<es::AppendReq>* StreamsService::Append(grpc::CallbackServerContext* ctx,
                                                               es::AppendResp* response) {
  absl::StatusOr<security::Principal> caller = auth_->Authorize(*ctx, "EventStore/Append");
  if (!caller.ok()) return new RefusedAppend(ctx, caller.status());
  return new AppendReactor(ctx, this, *std::move(caller), response);
}

grpc::ServerBidiReactor<es::BatchAppendReq, es::BatchAppendResp>* StreamsService::BatchAppend(
    grpc::CallbackServerContext* ctx) {
  absl::StatusOr<security::Principal> caller = auth_->Authorize(*ctx, "EventStore/Append");
  if (!caller.ok()) return new RefusedBatch(ctx, caller.status());
  return new BatchAppendReactor(this, *std::move(caller));
}

grpc::ServerUnaryReactor* StreamsService::Tombstone(grpc::CallbackServerContext* ctx,
                                                    const es::TombstoneReq* request,
                                                    es::TombstoneResp* response) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::StatusOr<security::Principal> caller = auth_->Authorize(*ctx, "EventStore/Append");
  absl::StatusOr<std::string> stream =
      caller.ok() ? WritableStream(request->options().stream_identifier()) : caller.status();
  absl::StatusOr<storage::ExpectedRevision> expected =
      stream.ok() ? ExpectedOf(request->options(), "TombstoneReq.options") : stream.status();
  if (!expected.ok()) {
    reactor->Finish(ToCallStatus(ctx, expected.status()));
    return reactor;
  }
  storage::ProposedEvent tombstone{.event_id = security::RandomBytes(16),
                                   .type = std::string(kTombstoneType)};
  tombstone.metadata[std::string(kContentTypeKey)] = "application/octet-stream";
  tombstone.metadata[std::string(kCustomMetadataKey)] = "";
  tombstone.metadata["principal"] = caller->name;
  std::vector<storage::ProposedEvent> events;
  events.push_back(std::move(tombstone));
  appender_.Append(*stream, *expected, std::move(events),
                   [ctx, reactor, response](absl::StatusOr<AppendOutcome> r) {
                     if (r.ok()) {
                       response->mutable_position()->set_commit_position(r->position);
                       response->mutable_position()->set_prepare_position(r->position);
                       reactor->Finish(grpc::Status::OK);
                     } else {
                       reactor->Finish(ToCallStatus(ctx, r.status()));
                     }
                   });
  return reactor;
}

grpc::ServerUnaryReactor* StreamsService::Delete(grpc::CallbackServerContext* ctx,
                                                 const es::DeleteReq*, es::DeleteResp*) {
  grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
  absl::StatusOr<security::Principal> caller = auth_->Authorize(*ctx, "EventStore/Append");
  reactor->Finish(ToCallStatus(
      ctx, caller.ok() ? absl::UnimplementedError(
                             "soft delete is not offered: prio's log is immutable and verifiable, "
                             "and a soft delete would hide a stream's events; tombstone the "
                             "stream instead (tombstoneStream), which ends it for good")
                       : caller.status()));
  return reactor;
}

}  // namespace prio::server::esdb
