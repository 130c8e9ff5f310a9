// AuditService: prio.v1.Audit — signed checkpoints and the inclusion and consistency
// proofs an auditor checks against them on the client side (audit/checkpoint.h).
#ifndef PRIO_SERVER_AUDIT_SERVICE_H_
#define PRIO_SERVER_AUDIT_SERVICE_H_

#include "prio/v1/audit.grpc.pb.h"
#include "server/authorized_call.h"
#include "server/checkpoints.h"
#include "server/security/authorizer.h"
#include "server/worker_pool.h"
#include "storage/event_store.h"

namespace prio::server {

class AuditService final : public v1::Audit::CallbackService {
 public:
  // All must outlive the service.
  AuditService(storage::EventStore* store, Checkpoints* checkpoints,
               const security::Authorizer* authorizer, WorkerPool* workers)
      : store_(store), checkpoints_(checkpoints), authorizer_(authorizer), workers_(workers) {}

  grpc::ServerUnaryReactor* GetPublicKey(grpc::CallbackServerContext* ctx,
                                         const v1::GetPublicKeyRequest* request,
                                         v1::GetPublicKeyResponse* response) override;
  grpc::ServerUnaryReactor* CreateCheckpoint(grpc::CallbackServerContext* ctx,
                                             const v1::CreateCheckpointRequest* request,
                                             v1::CheckpointResponse* response) override;
  grpc::ServerUnaryReactor* GetCheckpoint(grpc::CallbackServerContext* ctx,
                                          const v1::GetCheckpointRequest* request,
                                          v1::CheckpointResponse* response) override;
  grpc::ServerUnaryReactor* ListCheckpoints(grpc::CallbackServerContext* ctx,
                                            const v1::ListCheckpointsRequest* request,
                                            v1::ListCheckpointsResponse* response) override;
  grpc::ServerUnaryReactor* ProveInclusion(grpc::CallbackServerContext* ctx,
                                           const v1::ProveInclusionRequest* request,
                                           v1::ProveInclusionResponse* response) override;
  grpc::ServerUnaryReactor* ProveConsistency(grpc::CallbackServerContext* ctx,
                                             const v1::ProveConsistencyRequest* request,
                                             v1::ProveConsistencyResponse* response) override;

 private:
  template <typename Request, typename Body>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* ctx, std::string_view method,
                                const Request* request, Body body) {
    return RunAuthorized(ctx, *authorizer_, *workers_, method, *request, std::move(body));
  }
  // The checkpoint of `tree_size` (0: the latest). NOT_FOUND naming what exists.
  absl::StatusOr<v1::Checkpoint> Checkpoint(uint64_t tree_size) const;

  storage::EventStore* const store_;
  Checkpoints* const checkpoints_;
  const security::Authorizer* const authorizer_;
  WorkerPool* const workers_;
};

}  // namespace prio::server

#endif  // PRIO_SERVER_AUDIT_SERVICE_H_
