#include "server/audit_service.h"

#include "absl/strings/str_cat.h"
#include "server/store_convert.h"
#include "storage/record.h"
#include "common/status_macros.h"

namespace prio::server {
namespace {

using security::Principal;

void AddHashes(const std::vector<storage::Hash>& hashes,
               google::protobuf::RepeatedPtrField<std::string>* out) {
  for (const storage::Hash& h : hashes) out->Add(std::string(storage::AsStringView(h)));
}

}  // namespace

absl::StatusOr<v1::Checkpoint> AuditService::Checkpoint(uint64_t tree_size) const {
  std::optional<v1::Checkpoint> c =
      tree_size == 0 ? checkpoints_->Latest() : checkpoints_->Find(tree_size);
  if (c.has_value()) return *std::move(c);
  std::optional<v1::Checkpoint> latest = checkpoints_->Latest();
  if (!latest.has_value()) {
    return absl::NotFoundError("no checkpoint has been issued yet (prio audit checkpoint --new)");
  }
  return absl::NotFoundError(absl::StrCat("no checkpoint has tree size ", tree_size,
                                          " (the latest has ", latest->tree_size(),
                                          "; prio audit checkpoint --list)"));
}

grpc::ServerUnaryReactor* AuditService::GetPublicKey(grpc::CallbackServerContext* ctx,
                                                     const v1::GetPublicKeyRequest* request,
                                                     v1::GetPublicKeyResponse* response) {
  return Run(ctx, "Audit/GetPublicKey", request, [this, response](const Principal&) {
    response->set_public_key_pem(checkpoints_->public_key().pem());
    response->set_key_id(checkpoints_->public_key().key_id());
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* AuditService::CreateCheckpoint(
    grpc::CallbackServerContext* ctx, const v1::CreateCheckpointRequest* request,
    v1::CheckpointResponse* response) {
  return Run(ctx, "Audit/CreateCheckpoint", request,
             [this, response](const Principal& caller) -> absl::Status {
               PRIO_ASSIGN_OR_RETURN(*response->mutable_checkpoint(),
                                     checkpoints_->Issue(caller.name));
               return absl::OkStatus();
             });
}

grpc::ServerUnaryReactor* AuditService::GetCheckpoint(grpc::CallbackServerContext* ctx,
                                                      const v1::GetCheckpointRequest* request,
                                                      v1::CheckpointResponse* response) {
  return Run(ctx, "Audit/GetCheckpoint", request,
             [this, request, response](const Principal&) -> absl::Status {
               PRIO_ASSIGN_OR_RETURN(*response->mutable_checkpoint(),
                                     Checkpoint(request->tree_size()));
               return absl::OkStatus();
             });
}

grpc::ServerUnaryReactor* AuditService::ListCheckpoints(
    grpc::CallbackServerContext* ctx, const v1::ListCheckpointsRequest* request,
    v1::ListCheckpointsResponse* response) {
  return Run(ctx, "Audit/ListCheckpoints", request,
             [this, request, response](const Principal&) -> absl::Status {
               if (request->max_count() > 10'000) {
                 return absl::InvalidArgumentError("max_count: at most 10000");
               }
               const size_t max = request->max_count() == 0 ? 100 : request->max_count();
               for (v1::Checkpoint& c : checkpoints_->List(max)) {
                 *response->add_checkpoints() = std::move(c);
               }
               return absl::OkStatus();
             });
}

grpc::ServerUnaryReactor* AuditService::ProveInclusion(grpc::CallbackServerContext* ctx,
                                                       const v1::ProveInclusionRequest* request,
                                                       v1::ProveInclusionResponse* response) {
  return Run(ctx, "Audit/ProveInclusion", request,
             [this, request, response](const Principal&) -> absl::Status {
               PRIO_ASSIGN_OR_RETURN(v1::Checkpoint c, Checkpoint(request->tree_size()));
               const uint64_t p = request->position();
               if (p == 0 || p > c.tree_size()) {
                 return absl::OutOfRangeError(
                     absl::StrCat("position ", p, " is not in checkpoint ", c.tree_size(),
                                  " (positions 1..", c.tree_size(), ")"));
               }
               PRIO_ASSIGN_OR_RETURN(std::vector<storage::Hash> proof,
                                     store_->InclusionProof(p, c.tree_size()));
               PRIO_ASSIGN_OR_RETURN(storage::ReadAllResult read,
                                     store_->ReadAll({.from_position = p, .max_count = 1}));
               if (read.events.empty() || read.events[0].position != p) {
                 return absl::InternalError(absl::StrCat("position ", p, " cannot be read"));
               }
               ToProto(read.events[0], response->mutable_event());
               AddHashes(proof, response->mutable_proof());
               *response->mutable_checkpoint() = std::move(c);
               return absl::OkStatus();
             });
}

grpc::ServerUnaryReactor* AuditService::ProveConsistency(
    grpc::CallbackServerContext* ctx, const v1::ProveConsistencyRequest* request,
    v1::ProveConsistencyResponse* response) {
  return Run(ctx, "Audit/ProveConsistency", request,
             [this, request, response](const Principal&) -> absl::Status {
               if (request->from_tree_size() > request->to_tree_size()) {
                 return absl::InvalidArgumentError(absl::StrCat(
                     "from_tree_size ", request->from_tree_size(), " is after to_tree_size ",
                     request->to_tree_size(), "; a log only grows"));
               }
               if (request->from_tree_size() == 0) {
                 return absl::InvalidArgumentError("from_tree_size: name a checkpoint (> 0)");
               }
               PRIO_ASSIGN_OR_RETURN(v1::Checkpoint from, Checkpoint(request->from_tree_size()));
               PRIO_ASSIGN_OR_RETURN(v1::Checkpoint to, Checkpoint(request->to_tree_size()));
               PRIO_ASSIGN_OR_RETURN(
                   std::vector<storage::Hash> proof,
                   store_->ConsistencyProof(from.tree_size(), to.tree_size()));
               AddHashes(proof, response->mutable_proof());
               *response->mutable_from() = std::move(from);
               *response->mutable_to() = std::move(to);
               return absl::OkStatus();
             });
}

}  // namespace prio::server
