#include "client/store_client.h"

#include <cstdio>
#include <cstdlib>

#include <openssl/rand.h>

#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/client_interceptor.h"
#include "client/unary.h"

namespace prio::client {

namespace {

// Adds "authorization: Bearer <token>" to every call's initial metadata.
class BearerInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit BearerInterceptor(const std::string* value) : value_(value) {}
  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", *value_});
    }
    methods->Proceed();
  }

 private:
  const std::string* value_;
};

class BearerFactory final : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerFactory(std::string token) : value_("Bearer " + std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new BearerInterceptor(&value_);
  }

 private:
  const std::string value_;  // lives as long as the channel
};

}  // namespace

std::shared_ptr<grpc::Channel> Connect(const std::string& target, const ConnectOptions& options) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 20'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 10'000);
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetMaxReceiveMessageSize(18 << 20);
  args.SetMaxSendMessageSize(18 << 20);
  for (const auto& [name, value] : options.int_args) args.SetInt(name, value);
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!options.tls_ca_pem.empty()) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = options.tls_ca_pem;
    ssl.pem_cert_chain = options.tls_cert_pem;
    ssl.pem_private_key = options.tls_key_pem;
    credentials = grpc::SslCredentials(ssl);
  }
  if (options.bearer_token.empty()) {
    return grpc::CreateCustomChannel(target, credentials, args);
  }
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<BearerFactory>(options.bearer_token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(target, credentials, args,
                                                                 std::move(factories));
}

absl::Status FromGrpcStatus(const grpc::Status& s) {
  if (s.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

std::string NewEventId() {
  std::string id(16, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(id.data()), 16) != 1) {
    // An event id that is not random could collide with another writer's: never send one.
    std::fputs("prio: OpenSSL's random number generator failed; no event id\n", stderr);
    std::abort();
  }
  return id;
}

absl::StatusOr<v1::AppendResponse> StoreClient::Append(const v1::AppendRequest& request,
                                                       absl::Duration timeout) {
  return Unary(stub_.get(), &v1::EventStore::Stub::Append, request, timeout);
}

absl::StatusOr<v1::HeadResponse> StoreClient::Head() {
  return Unary(stub_.get(), &v1::EventStore::Stub::Head, v1::HeadRequest(), absl::Seconds(10));
}

namespace {

template <typename Message>
absl::Status Drain(grpc::ClientContext* ctx, grpc::ClientReader<Message>* reader,
                   const std::function<bool(const Message&)>& on_message) {
  Message m;
  while (reader->Read(&m)) {
    if (!on_message(m)) {
      ctx->TryCancel();
      while (reader->Read(&m)) {
      }
      reader->Finish();
      return absl::OkStatus();
    }
  }
  return FromGrpcStatus(reader->Finish());
}

}  // namespace

absl::Status StoreClient::ReadAll(const v1::ReadAllRequest& request,
                                  const std::function<bool(const v1::RecordedEvent&)>& on_event) {
  grpc::ClientContext ctx;
  auto reader = stub_->ReadAll(&ctx, request);
  return Drain(&ctx, reader.get(), on_event);
}

absl::Status StoreClient::ReadStream(
    const v1::ReadStreamRequest& request,
    const std::function<bool(const v1::RecordedEvent&)>& on_event) {
  grpc::ClientContext ctx;
  auto reader = stub_->ReadStream(&ctx, request);
  return Drain(&ctx, reader.get(), on_event);
}

absl::Status StoreClient::Subscribe(
    const v1::SubscribeRequest& request,
    const std::function<bool(const v1::SubscribeResponse&)>& on_message) {
  grpc::ClientContext ctx;
  auto reader = stub_->Subscribe(&ctx, request);
  return Drain(&ctx, reader.get(), on_message);
}

}  // namespace prio::client
