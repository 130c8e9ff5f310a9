// SurveyQueryService, its operating RPCs: VerifyChain and Rebuild (the queries are in
// survey_query_service.cc).
#include "absl/time/clock.h"
#include "server/grpc_status.h"
#include "server/survey_query_service.h"
#include "storage/record.h"
#include "storage/verify.h"

namespace prio::server {

grpc::ServerUnaryReactor* SurveyQueryService::Rebuild(grpc::CallbackServerContext* ctx,
                                                      const v1::RebuildRequest* request,
                                                      v1::RebuildResponse* response) {
  return Run(ctx, "SurveyQueries/Rebuild", request, [this, response](const security::Principal&) {
    const absl::Time start = absl::Now();
    absl::Status s = projection_->Rebuild();
    response->set_position(projection_->position());
    response->set_seconds(absl::ToDoubleSeconds(absl::Now() - start));
    return s;
  });
}

grpc::ServerUnaryReactor* SurveyQueryService::VerifyChain(grpc::CallbackServerContext* ctx,
                                                          const v1::VerifyChainRequest* request,
                                                          v1::VerifyChainResponse* response) {
  return Run(ctx, "SurveyQueries/VerifyChain", request, [this, response](const security::Principal&) {
    absl::StatusOr<storage::VerifyReport> r = storage::VerifyChain(data_dir_);
    if (r.ok()) {
      response->set_ok(r->ok);
      response->set_events_checked(r->events_checked);
      response->set_head_position(r->head.position);
      response->set_head_hash(std::string(reinterpret_cast<const char*>(r->head.hash.data()),
                                          r->head.hash.size()));
      response->set_first_bad_position(r->first_bad_position);
      response->set_problem(r->problem);
      if (r->ok) {
        response->set_tree_root(std::string(storage::AsStringView(r->tree_root)));
        response->set_tree_nodes_checked(r->tree_nodes_checked);
      }
    }
    return r.status();
  });
}

}  // namespace prio::server
