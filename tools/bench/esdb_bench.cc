// The EventStoreDB listener against prio's own EventStore API, on one priod, in one run:
//   E1 durable single-event appends/s from the same number of concurrent clients
//      (prio.v1.EventStore/Append, unary, vs event_store.client.streams.Streams/Append,
//      client-streaming: options + one event), both carrying a token;
//   E2 subscription delivery latency (append acknowledged -> event delivered to a $all
//      subscriber), p50 and p99, prio.v1.EventStore/Subscribe vs Streams/Read with a
//      subscription.
//
//   build/tools/prio_esdb_bench [--clients 64] [--seconds 3]
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "absl/strings/escaping.h"
#include "client/store_client.h"
#include "event_store/client/streams.grpc.pb.h"
#include "prio/v1/store.grpc.pb.h"
#include "server/priod.h"
#include "testing/auth.h"
#include "tools/bench/grpc_drive.h"

namespace {

using namespace prio;
namespace es = event_store::client::streams;

const std::string kData(200, 'p');

std::string Uuid(const std::string& b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[static_cast<uint8_t>(b[i]) >> 4]);
    out.push_back(kHex[static_cast<uint8_t>(b[i]) & 15]);
  }
  return out;
}

v1::AppendRequest PrioEvent(const std::string& stream, std::string data = kData) {
  v1::AppendRequest r;
  auto* sa = r.add_appends();
  sa->set_stream(stream);
  auto* e = sa->add_events();
  e->set_event_id(client::NewEventId());
  e->set_type("BenchEvent");
  e->set_data(std::move(data));
  return r;
}

bool EsdbAppend(es::Streams::Stub* stub, const std::string& basic, const std::string& stream) {
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", basic);
  es::AppendResp resp;
  auto writer = stub->Append(&ctx, &resp);
  es::AppendReq options;
  options.mutable_options()->mutable_stream_identifier()->set_stream_name(stream);
  options.mutable_options()->mutable_any();
  es::AppendReq event;
  auto* m = event.mutable_proposed_message();
  m->mutable_id()->set_string(Uuid(client::NewEventId()));
  (*m->mutable_metadata())["type"] = "BenchEvent";
  (*m->mutable_metadata())["content-type"] = "application/octet-stream";
  m->set_data(kData);
  writer->Write(options);
  writer->Write(event);
  writer->WritesDone();
  return writer->Finish().ok() && resp.has_success();
}

int64_t NowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Appends `n` events (each carrying its send time) every 5 ms through `writer`, while
// `next_delivery()` returns the send time of each delivered event; returns the
// latencies in ms, sorted.
template <typename Next>
std::vector<double> Latencies(v1::EventStore::Stub* writer, int n, Next next_delivery) {
  std::vector<double> out;
  std::thread t([&] {
    for (int i = 0; i < n; ++i) {
      grpc::ClientContext ctx;
      v1::AppendResponse resp;
      (void)writer->Append(&ctx, PrioEvent("latency", std::to_string(NowNs())), &resp);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  while (static_cast<int>(out.size()) < n) {
    const int64_t sent = next_delivery();
    if (sent < 0) break;
    out.push_back((NowNs() - sent) / 1e6);
  }
  t.join();
  std::sort(out.begin(), out.end());
  return out;
}

double Pct(const std::vector<double>& v, double p) {
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  const bench::DriveArgs args = bench::ParseDriveArgs(argc, argv);
  const std::string dir = bench::MakeRunDir("esdb-bench");
  std::printf("esdb bench: %d concurrent clients, single 200-byte events, %.1f s each\n",
              args.clients, args.seconds);
  auto priod = server::Priod::Start(
      {.data_dir = dir + "/db", .listen = "127.0.0.1:0", .esdb_listen = "127.0.0.1:0"});
  if (!priod.ok()) {
    std::cerr << priod.status() << "\n";
    return 1;
  }
  const std::string token = testing::ReadAdminToken(dir + "/db");
  const std::string basic = "Basic " + absl::Base64Escape("bench:" + token);

  auto prio_channels = bench::Channels((*priod)->address(), 8, token);
  std::vector<std::unique_ptr<v1::EventStore::Stub>> prio_stubs;
  for (auto& ch : prio_channels) prio_stubs.push_back(v1::EventStore::NewStub(ch));
  auto esdb_channels = bench::Channels((*priod)->esdb_address(), 8);
  std::vector<std::unique_ptr<es::Streams::Stub>> esdb_stubs;
  for (auto& ch : esdb_channels) esdb_stubs.push_back(es::Streams::NewStub(ch));

  const double prio_rate = bench::Drive(args.clients, args.seconds, [&](int c, uint64_t) {
    grpc::ClientContext ctx;
    v1::AppendResponse resp;
    return prio_stubs[c % prio_stubs.size()]
        ->Append(&ctx, PrioEvent("prio-client-" + std::to_string(c)), &resp)
        .ok();
  });
  const double esdb_rate = bench::Drive(args.clients, args.seconds, [&](int c, uint64_t) {
    return EsdbAppend(esdb_stubs[c % esdb_stubs.size()].get(), basic,
                      "esdb-client-" + std::to_string(c));
  });
  bench::Report("E1 durable single-event appends (calls/s)", "prio.v1.EventStore/Append",
                prio_rate, esdb_rate, 0.8, "calls/s");

  constexpr int kEvents = 300;
  std::vector<double> prio_lat, esdb_lat;
  {
    grpc::ClientContext ctx;
    v1::SubscribeRequest req;
    req.set_after_position((*priod)->store()->GetHead().position);
    req.mutable_filter()->add_stream_prefixes("latency");
    auto reader = prio_stubs[0]->Subscribe(&ctx, req);
    prio_lat = Latencies(prio_stubs[1].get(), kEvents, [&]() -> int64_t {
      v1::SubscribeResponse r;
      while (reader->Read(&r)) {
        if (r.has_event()) return std::stoll(r.event().data());
      }
      return -1;
    });
    ctx.TryCancel();
  }
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", basic);
    es::ReadReq req;
    req.mutable_options()->mutable_all()->mutable_end();
    req.mutable_options()->mutable_subscription();
    req.mutable_options()->mutable_filter()->mutable_stream_identifier()->add_prefix("latency");
    req.mutable_options()->mutable_filter()->mutable_count();
    req.mutable_options()->mutable_uuid_option()->mutable_string();
    auto reader = esdb_stubs[0]->Read(&ctx, req);
    esdb_lat = Latencies(prio_stubs[1].get(), kEvents, [&]() -> int64_t {
      es::ReadResp r;
      while (reader->Read(&r)) {
        if (r.has_event()) return std::stoll(r.event().event().data());
      }
      return -1;
    });
    ctx.TryCancel();
  }
  std::printf("E2 subscription delivery latency, %d events appended every 5 ms (ms)\n"
              "  prio.v1.EventStore/Subscribe: p50 %.2f  p99 %.2f\n"
              "  ESDB Streams/Read (subscription): p50 %.2f  p99 %.2f\n",
              kEvents, Pct(prio_lat, 0.5), Pct(prio_lat, 0.99), Pct(esdb_lat, 0.5),
              Pct(esdb_lat, 0.99));
  const double ratio = Pct(esdb_lat, 0.99) > 0 ? Pct(prio_lat, 0.99) / Pct(esdb_lat, 0.99) : 0;
  std::printf("  ratio (prio p99 / ESDB p99): %.3f (target >= 0.80): %s\n", ratio,
              ratio >= 0.8 ? "met" : "MISSED");
  (*priod)->Shutdown();
  std::filesystem::remove_all(dir);
  return 0;
}
