#include "server/priod.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/server_builder.h"
#include "server/domain/streams.h"
#include "common/absl_compat.h"
#include "common/status_macros.h"
#include "common/files.h"
#include "server/system_events.h"

namespace prio::server {

namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, std::string_view flag) {
  absl::StatusOr<std::string> pem = ReadFile(path);
  if (!pem.ok()) {
    return absl::FailedPreconditionError(absl::StrCat(ToAbsl(flag), ": ", pem.status().message()));
  }
  return pem;
}

// The listening credentials; refuses clear text beyond loopback unless told to.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentials(
    const PriodOptions& o, const std::string& listen, std::string_view flag) {
  if (o.tls_cert_file.empty() != o.tls_key_file.empty()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key go together");
  }
  if (o.tls_cert_file.empty()) {
    if (!o.tls_client_ca_file.empty()) {
      return absl::InvalidArgumentError("--tls-client-ca needs --tls-cert and --tls-key");
    }
    if (!IsLoopbackAddress(listen) && !o.insecure_listen) {
      return absl::FailedPreconditionError(absl::StrCat(
          ToAbsl(flag), ": refusing to listen on ", listen,
          " without TLS: bearer tokens and survey answers would cross the network in clear "
          "text. Pass --tls-cert and --tls-key, or --insecure-listen if a TLS-terminating "
          "proxy or a private network protects the traffic"));
    }
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions ssl;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  PRIO_ASSIGN_OR_RETURN(pair.private_key, ReadPem(o.tls_key_file, "--tls-key"));
  PRIO_ASSIGN_OR_RETURN(pair.cert_chain, ReadPem(o.tls_cert_file, "--tls-cert"));
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  if (!o.tls_client_ca_file.empty()) {
    PRIO_ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadPem(o.tls_client_ca_file, "--tls-client-ca"));
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

bool IsLoopbackAddress(std::string_view listen) {
  std::string_view host = listen.substr(0, listen.rfind(':'));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host == "localhost" || host == "::1" || absl::StartsWith(ToAbsl(host), "127.");
}

absl::StatusOr<std::unique_ptr<Priod>> Priod::Start(const PriodOptions& options) {
  // Before anything is opened: a refused address changes nothing.
  PRIO_ASSIGN_OR_RETURN(std::shared_ptr<grpc::ServerCredentials> credentials,
                        ServerCredentials(options, options.listen, "--listen"));
  std::shared_ptr<grpc::ServerCredentials> esdb_credentials;
  if (!options.esdb_listen.empty()) {
    PRIO_ASSIGN_OR_RETURN(esdb_credentials,
                          ServerCredentials(options, options.esdb_listen, "--esdb-listen"));
  }
  std::unique_ptr<Priod> p(new Priod());
  const absl::Time start = absl::Now();
  PRIO_ASSIGN_OR_RETURN(p->store_, storage::EventStore::Open({.path = options.data_dir}));
  std::cerr << "priod: store opened in "
            << absl::FormatDuration(absl::Trunc(absl::Now() - start, absl::Milliseconds(1)))
            << "\n";
  PRIO_ASSIGN_OR_RETURN(
      p->vault_, security::Vault::Open(p->store_.get(), options.master_key_file.empty()
                                                            ? options.data_dir + "/master.key"
                                                            : options.master_key_file));
  p->workers_ = std::make_unique<WorkerPool>(options.worker_threads);
  p->tokens_ = std::make_unique<security::TokenRegistry>();
  p->authorizer_ = std::make_unique<security::Authorizer>(p->tokens_.get());
  p->service_ = std::make_unique<EventStoreService>(
      p->store_.get(), p->workers_.get(), p->authorizer_.get(), &IsReservedStream);
  p->projection_ =
      std::make_unique<SurveyProjection>(p->store_.get(), options.snapshot_interval);
  PRIO_RETURN_IF_ERROR(p->projection_->Start());
  p->security_ = std::make_unique<SecurityService>(p->store_.get(), p->projection_.get(),
                                                   p->tokens_.get(), p->vault_.get(),
                                                   p->authorizer_.get(), p->workers_.get());
  p->admin_token_file_ = options.data_dir + "/admin.token";
  PRIO_ASSIGN_OR_RETURN(bool created_admin, p->security_->Start(p->admin_token_file_));
  if (created_admin) {
    std::cerr << "priod: no token existed; the first admin token is in " << p->admin_token_file_
              << " (mode 0600)\n";
  }
  p->runner_ = std::make_unique<CommandRunner>(p->store_.get(), p->projection_.get(),
                                               p->vault_.get());
  p->commands_ = std::make_unique<SurveyCommandService>(p->runner_.get(), p->workers_.get(),
                                                        p->authorizer_.get());
  p->watch_hub_ = std::make_unique<WatchHub>(p->store_.get(), p->projection_.get());
  p->queries_ = std::make_unique<SurveyQueryService>(
      p->store_.get(), p->projection_.get(), p->workers_.get(), p->watch_hub_.get(),
      options.data_dir, p->authorizer_.get(), p->vault_.get());
  PRIO_ASSIGN_OR_RETURN(
      p->checkpoints_,
      Checkpoints::Open(p->store_.get(),
                        {.key_file = options.checkpoint_key_file.empty()
                                         ? options.data_dir + "/checkpoint.key"
                                         : options.checkpoint_key_file,
                         .public_key_file = options.data_dir + "/checkpoint.pub",
                         .every_events = options.checkpoint_every_events,
                         .interval = options.checkpoint_interval}));
  p->audit_ = std::make_unique<AuditService>(p->store_.get(), p->checkpoints_.get(),
                                             p->authorizer_.get(), p->workers_.get());

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(options.listen, credentials, &port);
  builder.RegisterService(p->service_.get());
  builder.RegisterService(p->commands_.get());
  builder.RegisterService(p->queries_.get());
  builder.RegisterService(p->security_.get());
  builder.RegisterService(p->audit_.get());
  builder.SetMaxReceiveMessageSize(options.max_receive_message_bytes);
  builder.SetMaxSendMessageSize(options.max_receive_message_bytes);
  grpc::ResourceQuota quota("priod");
  quota.Resize(static_cast<std::size_t>(options.grpc_memory_bytes));
  builder.SetResourceQuota(quota);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, options.max_concurrent_streams);
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_IDLE_MS,
      static_cast<int>(absl::ToInt64Milliseconds(options.max_connection_idle)));
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
  if (!options.esdb_listen.empty()) {
    PRIO_ASSIGN_OR_RETURN(
        p->esdb_,
        esdb::Listener::Start(
            {.listen = options.esdb_listen,
             .credentials = esdb_credentials,
             .anonymous_role = options.esdb_anonymous_role,
             .features = options.esdb_features,
             .batch_append = options.esdb_batch_append,
             .max_message_bytes = options.max_receive_message_bytes,
             .keepalive_time = options.keepalive_time,
             .keepalive_timeout = options.keepalive_timeout,
             .min_client_ping_interval = options.min_client_ping_interval,
             .max_concurrent_streams = options.max_concurrent_streams},
            p->store_.get(), p->workers_.get(), p->tokens_.get(), &IsReservedStream,
            [](const storage::RecordedEvent& e) { return IsReservedStream(e.stream); }));
    if (options.esdb_anonymous_role.has_value()) {
      std::cerr << "priod: EventStoreDB listener: calls without credentials act as "
                << security::RoleName(*options.esdb_anonymous_role)
                << " (--esdb-anonymous-role)\n";
    }
  }
  return p;
}

Priod::~Priod() { Shutdown(); }

void Priod::Shutdown(absl::Duration grace) {
  if (watch_hub_ != nullptr) watch_hub_->Stop();  // no new writes; the server ends streams
  if (esdb_ != nullptr) esdb_->Shutdown(grace);
  if (server_ != nullptr) {
    server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
    server_->Wait();
    server_.reset();
  }
  esdb_.reset();
  service_.reset();
  security_.reset();
  audit_.reset();
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
  checkpoints_.reset();  // stops the background issuer before the store closes
  security_.reset();
  vault_.reset();
  store_.reset();    // drains queued appends, ends subscriptions
}

}  // namespace prio::server
