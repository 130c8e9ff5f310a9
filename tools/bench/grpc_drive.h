// Driving a gRPC server from many client threads, for the benchmarks.
#ifndef PRIO_TOOLS_BENCH_GRPC_DRIVE_H_
#define PRIO_TOOLS_BENCH_GRPC_DRIVE_H_

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "client/store_client.h"
#include "client/unary.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "prio/v1/security.grpc.pb.h"
#include "tools/bench/bench_util.h"

namespace prio::bench {

// `n` channels to `address`, each with a connection of its own; with a `token`, every
// call carries it (client::Connect).
inline std::vector<std::shared_ptr<grpc::Channel>> Channels(const std::string& address, int n,
                                                            const std::string& token = "") {
  std::vector<std::shared_ptr<grpc::Channel>> out;
  for (int i = 0; i < n; ++i) {
    client::ConnectOptions options{.bearer_token = token};
    options.int_args = {{GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1},  // a connection each
                        {"prio.bench.channel", i}};
    out.push_back(client::Connect(address, options));
  }
  return out;
}

// A new token of `role` (for `ags`), created through `admin` (a channel with an admin
// token). Exits the benchmark if that fails.
inline std::string CreateToken(const std::shared_ptr<grpc::Channel>& admin, v1::Role role,
                               const std::string& ags = "") {
  v1::CreateTokenRequest req;
  req.set_role(role);
  req.set_ags(ags);
  req.set_note("benchmark");
  auto stub = v1::Security::NewStub(admin);
  auto r = client::Unary(stub.get(), &v1::Security::Stub::CreateToken, req);
  PRIO_BENCH_CHECK_OK(r);
  return r->token();
}

// A unary call carrying `token` (on a channel without a token of its own).
template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> UnaryAs(const std::string& token, Stub* stub,
                                 grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                              const Request&, Response*),
                                 const Request& request) {
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(2));
  Response response;
  grpc::Status s = (stub->*method)(&ctx, request, &response);
  if (!s.ok()) return client::FromGrpcStatus(s);
  return response;
}

// Runs `clients` threads calling `call(client, n)` for `seconds`; returns calls/s.
template <typename Call>
double Drive(int clients, double seconds, Call call) {
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> done{0}, failed{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      uint64_t n = 0;
      while (!stop) (call(c, n++) ? done : failed)++;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // warm-up
  const uint64_t start = done.load();
  const auto t0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  const uint64_t end = done.load();
  const double elapsed = prio::bench::Seconds(t0);
  stop = true;
  for (auto& t : threads) t.join();
  if (failed.load() != 0) std::fprintf(stderr, "  %llu calls failed\n", (unsigned long long)failed.load());
  return (end - start) / elapsed;
}

}  // namespace prio::bench

#endif  // PRIO_TOOLS_BENCH_GRPC_DRIVE_H_
