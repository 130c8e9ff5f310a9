// Driving a gRPC server from many client threads, for the benchmarks.
#ifndef PRIO_TOOLS_BENCH_GRPC_DRIVE_H_
#define PRIO_TOOLS_BENCH_GRPC_DRIVE_H_

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "tools/bench/bench_util.h"

namespace prio::bench {

// `n` channels to `address`, each with a connection of its own.
inline std::vector<std::shared_ptr<grpc::Channel>> Channels(const std::string& address, int n) {
  std::vector<std::shared_ptr<grpc::Channel>> out;
  for (int i = 0; i < n; ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // a connection each
    args.SetInt("prio.bench.channel", i);
    out.push_back(grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
  }
  return out;
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
