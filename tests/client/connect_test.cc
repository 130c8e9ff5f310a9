// The client library's channel sends the bearer token with every call.
#include "client/store_client.h"
#include "gmock/gmock.h"
#include "grpcpp/server_builder.h"
#include "gtest/gtest.h"
#include "testing/status_matchers.h"

namespace prio::client {
namespace {

using ::prio::testing::IsOk;

// Answers Head and remembers the caller's authorization metadata.
class RecordingStore final : public v1::EventStore::CallbackService {
 public:
  grpc::ServerUnaryReactor* Head(grpc::CallbackServerContext* ctx, const v1::HeadRequest*,
                                 v1::HeadResponse*) override {
    auto it = ctx->client_metadata().find("authorization");
    authorization = it == ctx->client_metadata().end()
                        ? "(none)"
                        : std::string(it->second.data(), it->second.size());
    auto* reactor = ctx->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  std::string authorization;
};

TEST(Connect, SendsTheBearerTokenWithEveryCall) {
  RecordingStore service;
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(port, 0);
  const std::string address = "127.0.0.1:" + std::to_string(port);

  StoreClient with_token(Connect(address, "s3cr3t-token"));
  ASSERT_THAT(with_token.Head(), IsOk());
  EXPECT_EQ(service.authorization, "Bearer s3cr3t-token");
  StoreClient without(Connect(address, ""));
  ASSERT_THAT(without.Head(), IsOk());
  EXPECT_EQ(service.authorization, "(none)");
  server->Shutdown();
}

}  // namespace
}  // namespace prio::client
