#include "server/security/authorizer.h"

#include "absl/strings/str_cat.h"
#include "server/security/policy.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"

namespace prio::security {
namespace {

// The request's "ags" field ("" if it has none).
std::string RequestAgs(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* f = request.GetDescriptor()->FindFieldByName("ags");
  if (f == nullptr || f->type() != google::protobuf::FieldDescriptor::TYPE_STRING ||
      f->is_repeated()) {
    return "";
  }
  return request.GetReflection()->GetString(request, f);
}

}  // namespace

absl::StatusOr<std::string_view> BearerToken(const grpc::ServerContextBase& ctx) {
  const auto& md = ctx.client_metadata();
  auto it = md.find("authorization");
  if (it == md.end()) {
    return absl::UnauthenticatedError(
        "no bearer token: send metadata \"authorization: Bearer <token>\" (prio --token-file "
        "FILE or PRIO_TOKEN; the first admin token is in DATA_DIR/admin.token)");
  }
  const std::string_view value(it->second.data(), it->second.size());
  constexpr std::string_view kBearer = "Bearer ";
  if (value.substr(0, kBearer.size()) != kBearer) {
    return absl::UnauthenticatedError(
        "the authorization metadata must be \"Bearer <token>\"");
  }
  return value.substr(kBearer.size());
}

absl::StatusOr<Principal> Authorizer::Authorize(const grpc::ServerContextBase& ctx,
                                                std::string_view method,
                                                const google::protobuf::Message& request) const {
  PRIO_ASSIGN_OR_RETURN(std::string_view token, BearerToken(ctx));
  PRIO_ASSIGN_OR_RETURN(Principal caller, tokens_->Authenticate(token));
  PRIO_RETURN_IF_ERROR(Check(caller, method, request));
  return caller;
}

absl::Status Authorizer::Check(const Principal& caller, std::string_view method,
                               const google::protobuf::Message& request) {
  const MethodPolicy* policy = FindPolicy(method);
  if (policy == nullptr) {
    // A handler without a row: refuse rather than guess (the matrix test catches it).
    return absl::PermissionDeniedError(
        absl::StrCat(ToAbsl(method), " has no authorization policy; nobody may call it"));
  }
  if ((policy->roles & RoleBit(caller.role)) == 0) {
    return absl::PermissionDeniedError(
        absl::StrCat(ToAbsl(RoleName(caller.role)), " tokens may not call ", ToAbsl(method),
                     ": ", ToAbsl(RoleSummary(caller.role))));
  }
  if (caller.role == v1::ROLE_MUNICIPALITY &&
      policy->municipality == MunicipalityScope::kOwnAgs) {
    const std::string ags = RequestAgs(request);
    if (ags != caller.ags) {
      return absl::PermissionDeniedError(absl::StrCat(
          "this token speaks for municipality ", caller.ags, " only, not for ",
          ags.empty() ? std::string("all municipalities") : absl::StrCat("municipality ", ags),
          ": set ags to ", caller.ags));
    }
  }
  return absl::OkStatus();
}

}  // namespace prio::security
