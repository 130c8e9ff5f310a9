#include "server/priod.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"
#include "server/domain/streams.h"
#include "storage/status_macros.h"

namespace prio::server {

absl::StatusOr<std::unique_ptr<Priod>> Priod::Start(const PriodOptions& options) {
  std::unique_ptr<Priod> p(new Priod());
  const absl::Time start = absl::Now();
  PRIO_ASSIGN_OR_RETURN(p->store_, storage::EventStore::Open({.path = options.data_dir}));
  std::cerr << "priod: store opened in "
            << absl::FormatDuration(absl::Trunc(absl::Now() - start, absl::Milliseconds(1)))
            << "\n";
  p->workers_ = std::make_unique<WorkerPool>(options.worker_threads);
  p->service_ = std::make_unique<EventStoreService>(p->store_.get(), p->workers_.get(),
                                                    &domain::IsDomainStream);
  p->projection_ =
      std::make_unique<SurveyProjection>(p->store_.get(), options.snapshot_interval);
  PRIO_RETURN_IF_ERROR(p->projection_->Start());
  p->commands_ = std::make_unique<SurveyCommandService>(p->store_.get(), p->projection_.get(),
                                                        p->workers_.get());
  p->watch_hub_ = std::make_unique<WatchHub>(p->store_.get(), p->projection_.get());
  p->queries_ = std::make_unique<SurveyQueryService>(p->store_.get(), p->projection_.get(),
                                                     p->workers_.get(), p->watch_hub_.get(),
                                                     options.data_dir);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(p->service_.get());
  builder.RegisterService(p->commands_.get());
  builder.RegisterService(p->queries_.get());
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS,
                             static_cast<int>(absl::ToInt64Milliseconds(options.keepalive_time)));
  builder.AddChannelArgument(
      GRPC_ARG_KEEPALIVE_TIMEOUT_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options.keepalive_timeout)));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(
      GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options.min_client_ping_interval)));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  p->server_ = builder.BuildAndStart();
  if (p->server_ == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen,
                                               " (address in use or not valid)"));
  }
  const std::string& listen = options.listen;
  p->address_ = absl::StrCat(listen.substr(0, listen.rfind(':')), ":", port);
  return p;
}

Priod::~Priod() { Shutdown(); }

void Priod::Shutdown(absl::Duration grace) {
  if (watch_hub_ != nullptr) watch_hub_->Stop();  // no new writes; the server ends streams
  if (server_ != nullptr) {
    server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
    server_->Wait();
    server_.reset();
  }
  service_.reset();
  commands_.reset();
  queries_.reset();
  watch_hub_.reset();
  workers_.reset();  // runs what the last reactors scheduled
  if (projection_ != nullptr) {
    if (absl::Status s = projection_->Close(); !s.ok()) {
      std::cerr << "priod: survey snapshot on shutdown failed: " << s.message() << "\n";
    }
  }
  projection_.reset();
  store_.reset();    // drains queued appends, ends subscriptions
}

}  // namespace prio::server
