#include "server/esdb/listener.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "event_store/client/gossip.grpc.pb.h"
#include "event_store/client/server_features.grpc.pb.h"
#include "grpcpp/server_builder.h"
#include "server/security/aead.h"

namespace prio::server::esdb {
namespace {

namespace ec = event_store::client;

class FeaturesService final : public ec::server_features::ServerFeatures::CallbackService {
 public:
  explicit FeaturesService(bool batch_append) : batch_append_(batch_append) {}

  grpc::ServerUnaryReactor* GetSupportedMethods(
      grpc::CallbackServerContext* ctx, const ec::Empty*,
      ec::server_features::SupportedMethods* response) override {
    const auto add = [&](std::string service, std::string method) {
      ec::server_features::SupportedMethod* m = response->add_methods();
      m->set_service_name(std::move(service));
      m->set_method_name(std::move(method));
    };
    constexpr const char* kStreams = "event_store.client.streams.streams";
    add(kStreams, "read");
    add(kStreams, "append");
    add(kStreams, "tombstone");
    if (batch_append_) add(kStreams, "batchappend");
    add("event_store.client.server_features.serverfeatures", "getsupportedmethods");
    add("event_store.client.gossip.gossip", "read");
    // The clients compare versions numerically; prio speaks the protocol of 23.10.
    response->set_event_store_server_version("23.10.0");
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  const bool batch_append_;
};

int Ms(absl::Duration d) { return static_cast<int>(absl::ToInt64Milliseconds(d)); }

}  // namespace

class GossipService final : public ec::gossip::Gossip::CallbackService {
 public:
  explicit GossipService(std::string host)
      : host_(std::move(host)), instance_id_(security::RandomBytes(16)) {}

  // The bound port, known once the server is started.
  void set_port(uint32_t port) { port_ = port; }

  grpc::ServerUnaryReactor* Read(grpc::CallbackServerContext* ctx, const ec::Empty*,
                                 ec::gossip::ClusterInfo* response) override {
    ec::gossip::MemberInfo* m = response->add_members();
    ToUuid(instance_id_, false, m->mutable_instance_id());
    m->set_time_stamp(absl::ToUnixMicros(absl::Now()) * 10);
    m->set_state(ec::gossip::MemberInfo::Leader);
    m->set_is_alive(true);
    m->mutable_http_end_point()->set_address(host_);
    m->mutable_http_end_point()->set_port(port_.load());
    grpc::ServerUnaryReactor* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }

 private:
  const std::string host_;
  std::atomic<uint32_t> port_{0};
  const std::string instance_id_;
};

absl::StatusOr<std::unique_ptr<Listener>> Listener::Start(
    const ListenerOptions& options, storage::EventStore* store, WorkerPool* workers,
    const security::TokenRegistry* tokens, StreamsService::ReservedStream reserved,
    IsDomainEvent is_domain) {
  std::unique_ptr<Listener> l(new Listener());
  l->auth_ = std::make_unique<Authenticator>(tokens, options.anonymous_role);
  l->streams_ = std::make_unique<StreamsService>(store, workers, l->auth_.get(),
                                                 std::move(reserved), std::move(is_domain));
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen, options.credentials, &port);
  builder.RegisterService(l->streams_.get());
  if (options.features) {
    l->features_ = std::make_unique<FeaturesService>(options.batch_append);
    builder.RegisterService(l->features_.get());
  }
  // Gossip names the bound port: registered now, told the port once bound.
  const std::string host = options.listen.substr(0, options.listen.rfind(':'));
  l->gossip_ = std::make_unique<GossipService>(host);
  builder.RegisterService(l->gossip_.get());
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, options.max_concurrent_streams);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, Ms(options.keepalive_time));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, Ms(options.keepalive_timeout));
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             Ms(options.min_client_ping_interval));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  l->server_ = builder.BuildAndStart();
  if (l->server_ == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("--esdb-listen: cannot listen on ",
                                               options.listen, " (address in use or not valid)"));
  }
  l->gossip_->set_port(static_cast<uint32_t>(port));
  l->address_ = absl::StrCat(host, ":", port);
  return l;
}

Listener::~Listener() { Shutdown(absl::Seconds(5)); }

void Listener::Shutdown(absl::Duration grace) {
  if (server_ == nullptr) return;
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  server_->Wait();
  server_.reset();
}

}  // namespace prio::server::esdb
