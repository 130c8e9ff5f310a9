// P1 and P3: the event store against raw RocksDB, same machine, same run.
//
// P1  durable batched appends: EventStore::Append with 100 events of 200 bytes per
//     call, versus raw RocksDB WriteBatches of the same 100 stored records with
//     sync=true. Target ratio >= 0.5.
// P3  full replay with decoding: ReadAll over the whole log in pages, versus a raw
//     RocksDB iterator scan over the same log column family. Target ratio >= 0.33.
// A1  Merkle inclusion proofs: EventStore::InclusionProof for random positions in the
//     tree of the whole log, checked with merkle::VerifyInclusion, versus one raw
//     RocksDB point read of a random log record (the cost floor of any lookup). No
//     target; it shows what O(log n) reads per proof cost.
//
// Usage: prio_store_bench [--batches N] [--dir DIR]   (DIR defaults to a temp dir)
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>

#include "rocksdb/db.h"
#include "rocksdb/write_batch.h"
#include "storage/event_store.h"
#include "storage/log_db.h"
#include "storage/merkle.h"
#include "storage/record.h"
#include "tools/bench/bench_util.h"

namespace {

using namespace prio;
using Clock = std::chrono::steady_clock;

constexpr int kBatch = 100;
constexpr size_t kPayload = 200;

std::string RandomId(std::mt19937_64& rng) {
  std::string id(16, '\0');
  for (int i = 0; i < 2; ++i) {
    const uint64_t v = rng();
    std::memcpy(id.data() + 8 * i, &v, 8);
  }
  return id;
}

storage::AppendRequest MakeBatch(std::mt19937_64& rng, int stream) {
  storage::AppendRequest r;
  auto& sa = r.appends.emplace_back();
  sa.stream = "bench-" + std::to_string(stream);
  for (int i = 0; i < kBatch; ++i) {
    sa.events.push_back({RandomId(rng), "BenchEvent", std::string(kPayload, 'p'),
                         {{"principal", "bench"}}});
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  int batches = 1000;
  std::string dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--batches") == 0) batches = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--dir") == 0) dir = argv[i + 1];
  }
  if (dir.empty()) {
    char tmpl[] = "/tmp/prio-bench-XXXXXX";
    dir = mkdtemp(tmpl);
  }
  const std::string raw_path = dir + "/raw";
  const std::string prio_path = dir + "/prio";
  std::filesystem::remove_all(raw_path);
  std::filesystem::remove_all(prio_path);
  std::printf("store bench: %d batches x %d events x %zu-byte payloads, data in %s\n", batches,
              kBatch, kPayload, dir.c_str());

  // The records prio would store, encoded once, so the baseline writes exactly them.
  std::mt19937_64 rng(42);
  std::vector<std::vector<std::pair<std::string, std::string>>> raw_batches;
  {
    storage::Hash prev{};
    uint64_t position = 1;
    for (int b = 0; b < batches; ++b) {
      auto& kvs = raw_batches.emplace_back();
      storage::AppendRequest req = MakeBatch(rng, b % 10);
      for (auto& e : req.appends[0].events) {
        storage::RecordedEvent rec{position, req.appends[0].stream, position, e.event_id, e.type,
                                   e.data, e.metadata, 1, prev, {}};
        kvs.emplace_back(storage::LogKey(position++), storage::SealRecord(&rec));
        prev = rec.hash;
      }
    }
  }

  // --- P1 baseline: raw RocksDB, synced WriteBatch of the same records ---------------
  double raw_rate = 0;
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    if (!rocksdb::DB::Open(o, raw_path, &db).ok()) return 1;
    rocksdb::WriteOptions wo;
    wo.sync = true;
    const auto t0 = Clock::now();
    for (const auto& kvs : raw_batches) {
      rocksdb::WriteBatch wb;
      for (const auto& [k, v] : kvs) wb.Put(k, v);
      if (!db->Write(wo, &wb).ok()) return 1;
    }
    raw_rate = batches * kBatch / bench::Seconds(t0);
    delete db;
  }

  // --- P1 prio: EventStore::Append, one durable batch per call ------------------------
  double prio_rate = 0;
  {
    auto store = storage::EventStore::Open({.path = prio_path});
    if (!store.ok()) {
      std::cerr << store.status() << "\n";
      return 1;
    }
    std::mt19937_64 rng2(42);
    std::vector<storage::AppendRequest> reqs;
    for (int b = 0; b < batches; ++b) reqs.push_back(MakeBatch(rng2, b % 10));
    const auto t0 = Clock::now();
    for (auto& r : reqs) {
      auto res = (*store)->Append(std::move(r));
      if (!res.ok()) {
        std::cerr << res.status() << "\n";
        return 1;
      }
    }
    prio_rate = batches * kBatch / bench::Seconds(t0);
  }
  bench::Report("P1 durable batched appends (events/s)", "raw RocksDB synced WriteBatch",
                raw_rate, prio_rate, 0.5, "events/s");

  // --- P3: replay. Both read prio's log; the baseline only touches the bytes. ---------
  double scan_rate = 0, replay_rate = 0;
  uint64_t scanned = 0, replayed = 0;
  for (int round = 0; round < 2; ++round) {  // first round warms the page cache
    {
      auto db = storage::LogDb::Open(prio_path, /*read_only=*/true);
      if (!db.ok()) return 1;
      rocksdb::ReadOptions ro;
      ro.readahead_size = 2 << 20;
      std::unique_ptr<rocksdb::Iterator> it(
          (*db)->db()->NewIterator(ro, (*db)->cf(storage::ColumnFamily::kLog)));
      const auto t0 = Clock::now();
      uint64_t bytes = 0;
      scanned = 0;
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        bytes += it->key().size() + it->value().size();
        ++scanned;
      }
      scan_rate = scanned / bench::Seconds(t0);
      if (bytes == 0) return 1;
    }
    {
      auto store = storage::EventStore::Open({.path = prio_path, .read_only = true});
      if (!store.ok()) return 1;
      const auto t0 = Clock::now();
      replayed = 0;
      uint64_t checksum = 0;
      // The projection replay path: every record decoded, no copies.
      auto r = (*store)->Scan({}, [&](const storage::RecordedEvent& e) {
        checksum += e.data.size() + e.revision + e.metadata.size();
        ++replayed;
        return true;
      });
      if (!r.ok()) return 1;
      replay_rate = replayed / bench::Seconds(t0);
      if (checksum == 0) return 1;
    }
  }
  if (scanned != replayed) {
    std::cerr << "scanned " << scanned << " but replayed " << replayed << "\n";
    return 1;
  }
  bench::Report("P3 full replay with decoding (events/s)", "raw RocksDB iterator scan", scan_rate,
                replay_rate, 0.33, "events/s");

  // --- A1: inclusion proofs vs point reads ------------------------------------------
  {
    auto store = storage::EventStore::Open({.path = prio_path, .read_only = true});
    if (!store.ok()) return 1;
    const uint64_t n = (*store)->GetHead().position;
    auto root = (*store)->TreeRoot(n);
    if (!root.ok()) return 1;
    constexpr int kLookups = 5000;
    std::mt19937_64 pick(7);
    std::vector<uint64_t> positions;
    for (int i = 0; i < kLookups; ++i) positions.push_back(1 + pick() % n);
    auto db = storage::LogDb::Open(prio_path, /*read_only=*/true);
    if (!db.ok()) return 1;
    auto t0 = Clock::now();
    uint64_t bytes = 0;
    for (uint64_t p : positions) {
      std::string value;
      if (!(*db)->db()->Get({}, (*db)->cf(storage::ColumnFamily::kLog), storage::LogKey(p), &value)
               .ok()) {
        return 1;
      }
      bytes += value.size();
    }
    const double get_rate = kLookups / bench::Seconds(t0);
    t0 = Clock::now();
    size_t hashes = 0;
    for (uint64_t p : positions) {
      auto proof = (*store)->InclusionProof(p, n);
      auto e = (*store)->ReadAll({.from_position = p, .max_count = 1});
      if (!proof.ok() || !e.ok() || e->events.empty()) return 1;
      if (!storage::merkle::VerifyInclusion(
               p - 1, n, storage::merkle::LeafHash(storage::AsStringView(e->events[0].hash)),
               *proof, *root)
               .ok()) {
        std::cerr << "proof for " << p << " does not verify\n";
        return 1;
      }
      hashes += proof->size();
    }
    const double proof_rate = kLookups / bench::Seconds(t0);
    std::printf("A1: tree of %llu events, %.1f hashes per proof\n",
                static_cast<unsigned long long>(n), static_cast<double>(hashes) / kLookups);
    bench::Report("A1 inclusion proof + verification (per s)", "raw RocksDB point read",
                  get_rate, proof_rate, 0, "lookups/s");
    if (bytes == 0) return 1;
  }
  std::filesystem::remove_all(dir);
  return 0;
}
