#include "server/esdb/errors.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/absl_compat.h"
#include "event_store/client/shared.pb.h"
#include "server/grpc_status.h"

namespace prio::server::esdb {
namespace {

constexpr absl::string_view kPayloadUrl = "prio/esdb-error";

absl::Status WithInfo(absl::Status s, const ErrorInfo& info) {
  s.SetPayload(kPayloadUrl,
               absl::Cord(absl::StrCat(static_cast<int>(info.kind), ",", info.expected, ",",
                                       info.actual, ",", info.max_append_size, ",", info.stream)));
  return s;
}

std::string_view ExceptionName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kStreamDeleted: return "stream-deleted";
    case ErrorKind::kWrongExpectedVersion: return "wrong-expected-version";
    case ErrorKind::kAccessDenied: return "access-denied";
    case ErrorKind::kMaximumAppendSizeExceeded: return "maximum-append-size-exceeded";
    case ErrorKind::kMissingRequiredMetadata: return "missing-required-metadata-property";
    case ErrorKind::kTimeout: return "";  // the clients map ABORTED itself
  }
  return "";
}

void Pack(const google::protobuf::Message& m, google::rpc::Status* out) {
  out->mutable_details()->PackFrom(m);  // type.googleapis.com/<full name>
}

}  // namespace

int64_t ExpectedCode(const storage::ExpectedRevision& e) {
  switch (e.kind) {
    case storage::ExpectedRevision::Kind::kAny: return -2;
    case storage::ExpectedRevision::Kind::kNoStream: return -1;
    case storage::ExpectedRevision::Kind::kStreamExists: return -4;
    case storage::ExpectedRevision::Kind::kExact: return static_cast<int64_t>(e.revision);
  }
  return -2;
}

absl::Status StreamDeletedError(std::string_view stream) {
  return WithInfo(absl::FailedPreconditionError(absl::StrCat(
                      "stream \"", ToAbsl(stream), "\" is deleted (tombstoned) for good")),
                  {.kind = ErrorKind::kStreamDeleted, .stream = std::string(stream)});
}

absl::Status WrongExpectedVersionError(std::string_view stream,
                                       const storage::ExpectedRevision& expected,
                                       std::optional<uint64_t> actual) {
  const int64_t code = ExpectedCode(expected);
  const std::string want =
      code >= 0 ? absl::StrCat("revision ", code)
                : std::string(code == -1 ? "no stream" : code == -4 ? "an existing stream" : "any");
  return WithInfo(
      absl::FailedPreconditionError(absl::StrCat(
          "stream \"", ToAbsl(stream), "\": expected ", want, ", but the stream ",
          actual.has_value() ? absl::StrCat("is at revision ", *actual) : "does not exist")),
      {.kind = ErrorKind::kWrongExpectedVersion,
       .stream = std::string(stream),
       .expected = code,
       .actual = actual.has_value() ? static_cast<int64_t>(*actual) : kNoStreamCode});
}

absl::Status AccessDeniedError(const absl::Status& denied) {
  absl::Status s = denied.code() == absl::StatusCode::kUnauthenticated
                       ? denied
                       : absl::PermissionDeniedError(denied.message());
  return WithInfo(s, {.kind = ErrorKind::kAccessDenied});
}

absl::Status MaximumAppendSizeError(uint32_t limit, std::string_view what) {
  return WithInfo(absl::InvalidArgumentError(absl::StrCat(ToAbsl(what), " is over the limit of ",
                                                          limit, " bytes")),
                  {.kind = ErrorKind::kMaximumAppendSizeExceeded, .max_append_size = limit});
}

absl::Status MissingMetadataError(std::string_view what) {
  return WithInfo(absl::InvalidArgumentError(absl::StrCat(
                      ToAbsl(what), ": every event needs metadata \"type\" and \"content-type\"")),
                  {.kind = ErrorKind::kMissingRequiredMetadata});
}

absl::Status TimeoutError(std::string_view message) {
  return WithInfo(absl::AbortedError(ToAbsl(message)), {.kind = ErrorKind::kTimeout});
}

std::optional<ErrorInfo> GetErrorInfo(const absl::Status& s) {
  auto payload = s.GetPayload(kPayloadUrl);
  if (!payload.has_value()) return std::nullopt;
  std::vector<std::string> parts = absl::StrSplit(std::string(*payload), absl::MaxSplits(',', 4));
  ErrorInfo info{};
  int kind = 0;
  if (parts.size() != 5 || !absl::SimpleAtoi(parts[0], &kind) ||
      !absl::SimpleAtoi(parts[1], &info.expected) || !absl::SimpleAtoi(parts[2], &info.actual) ||
      !absl::SimpleAtoi(parts[3], &info.max_append_size)) {
    return std::nullopt;
  }
  info.kind = static_cast<ErrorKind>(kind);
  info.stream = std::move(parts[4]);
  return info;
}

grpc::Status ToCallStatus(grpc::ServerContextBase* ctx, const absl::Status& s) {
  if (std::optional<ErrorInfo> info = GetErrorInfo(s); info.has_value()) {
    const std::string_view name = ExceptionName(info->kind);
    if (!name.empty()) ctx->AddTrailingMetadata("exception", std::string(name));
    switch (info->kind) {
      case ErrorKind::kStreamDeleted:
        ctx->AddTrailingMetadata("stream-name", info->stream);
        break;
      case ErrorKind::kWrongExpectedVersion:
        ctx->AddTrailingMetadata("stream-name", info->stream);
        ctx->AddTrailingMetadata("expected-version", std::to_string(info->expected));
        ctx->AddTrailingMetadata("actual-version", std::to_string(info->actual));
        break;
      case ErrorKind::kMaximumAppendSizeExceeded:
        ctx->AddTrailingMetadata("maximum-append-size", std::to_string(info->max_append_size));
        break;
      case ErrorKind::kMissingRequiredMetadata:
        ctx->AddTrailingMetadata("required-metadata-properties", "type,content-type");
        break;
      case ErrorKind::kAccessDenied:
      case ErrorKind::kTimeout:
        break;
    }
  }
  return ToGrpcStatus(s);
}

google::rpc::Status ToBatchError(const absl::Status& s) {
  google::rpc::Status out;
  out.set_code(static_cast<int>(s.code()));
  out.set_message(std::string(s.message()));
  const std::optional<ErrorInfo> info = GetErrorInfo(s);
  if (!info.has_value()) {
    event_store::client::BadRequest bad;
    bad.set_message(std::string(s.message()));
    Pack(bad, &out);
    return out;
  }
  switch (info->kind) {
    case ErrorKind::kStreamDeleted: {
      event_store::client::StreamDeleted d;
      d.mutable_stream_identifier()->set_stream_name(info->stream);
      Pack(d, &out);
      break;
    }
    case ErrorKind::kWrongExpectedVersion: {
      event_store::client::WrongExpectedVersion w;
      if (info->actual >= 0) {
        w.set_current_stream_revision(static_cast<uint64_t>(info->actual));
      } else {
        w.mutable_current_no_stream();
      }
      switch (info->expected) {
        case -1: w.mutable_expected_no_stream(); break;
        case -2: w.mutable_expected_any(); break;
        case -4: w.mutable_expected_stream_exists(); break;
        default: w.set_expected_stream_position(static_cast<uint64_t>(info->expected));
      }
      Pack(w, &out);
      break;
    }
    case ErrorKind::kAccessDenied: Pack(event_store::client::AccessDenied(), &out); break;
    case ErrorKind::kMaximumAppendSizeExceeded: {
      event_store::client::MaximumAppendSizeExceeded m;
      m.set_maxappendsize(info->max_append_size);
      Pack(m, &out);
      break;
    }
    case ErrorKind::kTimeout: Pack(event_store::client::Timeout(), &out); break;
    case ErrorKind::kMissingRequiredMetadata: {
      event_store::client::BadRequest bad;
      bad.set_message(std::string(s.message()));
      Pack(bad, &out);
      break;
    }
  }
  return out;
}

}  // namespace prio::server::esdb
