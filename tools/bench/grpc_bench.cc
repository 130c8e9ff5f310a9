// P2: durable single-event appends over gRPC from many concurrent clients, versus a
// bare gRPC echo RPC with the same concurrency, payload and server settings, in the
// same run. Target ratio >= 0.7: group commit must hide the fsync.
//
// Usage: prio_grpc_bench [--clients 64] [--seconds 3]
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <thread>

#include "client/store_client.h"
#include "echo.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/server_builder.h"
#include "server/priod.h"
#include "testing/auth.h"
#include "tools/bench/bench_util.h"
#include "tools/bench/grpc_drive.h"

namespace {

using namespace prio;

class EchoService final : public bench::Echo::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* ctx, const v1::AppendRequest* req,
                                 v1::AppendResponse* resp) override {
    resp->set_first_position(req->appends_size());
    resp->set_last_position(req->appends_size());
    auto* r = ctx->DefaultReactor();
    r->Finish(grpc::Status::OK);
    return r;
  }
};

v1::AppendRequest OneEvent(int client, uint64_t n) {
  v1::AppendRequest r;
  auto* sa = r.add_appends();
  sa->set_stream("client-" + std::to_string(client));
  auto* e = sa->add_events();
  e->set_event_id(client::NewEventId());
  e->set_type("BenchEvent");
  e->set_data(std::string(200, 'p'));
  (*e->mutable_metadata())["principal"] = "bench";
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const bench::DriveArgs args = bench::ParseDriveArgs(argc, argv);
  int clients = args.clients;
  const double seconds = args.seconds;
  const std::string dir = bench::MakeRunDir("grpc-bench");
  std::printf("grpc bench: %d concurrent clients, single 200-byte events, %.1f s each\n", clients,
              seconds);

  // Baseline: a bare echo server with the same builder settings as priod.
  double echo_rate = 0;
  {
    EchoService echo;
    grpc::ServerBuilder b;
    int port = 0;
    b.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    b.RegisterService(&echo);
    auto server = b.BuildAndStart();
    // The same authorization metadata as the priod calls carry (a token of the same size).
    auto channels = bench::Channels("127.0.0.1:" + std::to_string(port), 8,
                                    "prio_" + std::string(64, '0'));
    std::vector<std::unique_ptr<bench::Echo::Stub>> stubs;
    for (auto& ch : channels) stubs.push_back(bench::Echo::NewStub(ch));
    echo_rate = bench::Drive(clients, seconds, [&](int c, uint64_t n) {
      grpc::ClientContext ctx;
      v1::AppendResponse resp;
      return stubs[c % stubs.size()]->Echo(&ctx, OneEvent(c, n), &resp).ok();
    });
    server->Shutdown();
  }

  double append_rate = 0;
  {
    auto priod = server::Priod::Start({.data_dir = dir + "/db", .listen = "127.0.0.1:0"});
    if (!priod.ok()) {
      std::cerr << priod.status() << "\n";
      return 1;
    }
    auto channels = bench::Channels((*priod)->address(), 8,
                                    testing::ReadAdminToken(dir + "/db"));
    std::vector<std::unique_ptr<v1::EventStore::Stub>> stubs;
    for (auto& ch : channels) stubs.push_back(v1::EventStore::NewStub(ch));
    append_rate = bench::Drive(clients, seconds, [&](int c, uint64_t n) {
      grpc::ClientContext ctx;
      v1::AppendResponse resp;
      return stubs[c % stubs.size()]->Append(&ctx, OneEvent(c, n), &resp).ok();
    });
    std::printf("  (log head after the run: %llu durable events)\n",
                (unsigned long long)(*priod)->store()->GetHead().position);
  }
  prio::bench::Report("P2 durable single-event appends over gRPC (calls/s)", "bare gRPC echo",
                      echo_rate, append_rate, 0.7, "calls/s");
  std::filesystem::remove_all(dir);
  return 0;
}
