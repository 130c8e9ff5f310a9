// priod: the prio server.
//
//   priod --data-dir DIR [--listen 127.0.0.1:50051] [--ready-file F]
//         [--tls-cert C --tls-key K [--tls-client-ca CA]] [--insecure-listen]
//         [--esdb-listen HOST:PORT [--esdb-anonymous-role ROLE] [--esdb-features F]]
//   priod verify --data-dir DIR [--public-key PEM]
#include <signal.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "CLI/CLI.hpp"
#include "audit/checkpoint.h"
#include "server/checkpoints.h"
#include "server/priod.h"
#include "storage/record.h"
#include "storage/verify.h"
#include "common/files.h"

namespace {

int Verify(const std::string& data_dir, std::string public_key_file) {
  // The key: --public-key, else DATA_DIR/checkpoint.pub if priod wrote one (a store
  // that never had checkpoints has none; any checkpoint then fails the check).
  const bool explicit_key = !public_key_file.empty();
  if (!explicit_key) public_key_file = data_dir + "/checkpoint.pub";
  std::optional<prio::audit::PublicKey> key;
  if (explicit_key || std::filesystem::exists(public_key_file)) {
    absl::StatusOr<prio::audit::PublicKey> parsed = prio::audit::ReadPublicKeyFile(public_key_file);
    if (!parsed.ok()) {
      std::cerr << "priod verify: the checkpoint public key: " << parsed.status().message()
                << "\n";
      return 2;
    }
    key = *std::move(parsed);
  }
  uint64_t checkpoints = 0;
  absl::StatusOr<prio::storage::VerifyReport> r = prio::storage::VerifyChain(
      data_dir, prio::server::CheckpointVerifier(key, &checkpoints));
  if (!r.ok()) {
    std::cerr << "priod verify: " << r.status().message() << "\n";
    return 2;
  }
  if (!r->ok) {
    std::cout << "FAILED at position " << r->first_bad_position << ": " << r->problem << "\n"
              << "(" << r->events_checked << " events before it verified)\n";
    return 1;
  }
  std::cout << "OK: " << r->events_checked << " events, head position " << r->head.position
            << ", head hash " << prio::storage::HexEncode(r->head.hash) << "\n";
  if (r->tree_stored) {
    std::cout << "OK: Merkle tree recomputed, " << r->tree_nodes_checked
              << " stored nodes match, root " << prio::storage::HexEncode(r->tree_root) << "\n";
  } else {
    std::cout << "NOTE: this store keeps no Merkle tree yet (start priod once to build it)\n";
  }
  if (key.has_value()) {
    std::cout << "OK: " << checkpoints << " checkpoints signed by key " << key->key_id()
              << " match the recomputed tree\n";
  } else {
    std::cout << "NOTE: no checkpoint public key (" << public_key_file
              << "), and no checkpoint in the log\n";
  }
  return 0;
}

int Serve(const prio::server::PriodOptions& options, const std::string& ready_file) {
  // Block the shutdown signals in every thread; the main thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  absl::StatusOr<std::unique_ptr<prio::server::Priod>> priod =
      prio::server::Priod::Start(options);
  if (!priod.ok()) {
    std::cerr << "priod: " << priod.status().message() << "\n";
    return 1;
  }
  const prio::storage::Head head = (*priod)->store()->GetHead();
  std::cerr << "priod: serving on " << (*priod)->address() << ", data dir " << options.data_dir
            << ", head position " << head.position << std::endl;
  const std::string esdb = (*priod)->esdb_address();
  if (!esdb.empty()) {
    std::cerr << "priod: EventStoreDB/KurrentDB clients: esdb://" << esdb
              << (options.tls_cert_file.empty() ? "?tls=false" : "?tls=true") << std::endl;
  }
  // Atomic, so a waiting script never reads half of the address.
  if (!ready_file.empty()) {
    // Line 1: prio's own address; line 2, with --esdb-listen: "esdb HOST:PORT".
    const std::string ready =
        (*priod)->address() + "\n" + (esdb.empty() ? "" : "esdb " + esdb + "\n");
    if (absl::Status s = prio::WriteFileAtomically(ready_file, ready);
        !s.ok()) {
      std::cerr << "priod: " << s.message() << "\n";
      return 1;
    }
  }
  int sig = 0;
  sigwait(&signals, &sig);
  std::cerr << "priod: " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << ", shutting down"
            << std::endl;
  (*priod)->Shutdown();
  std::cerr << "priod: stopped" << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"priod: the prio server (event-sourced Bedarfsabfragen on RocksDB)"};
  app.footer("Example:\n  priod --data-dir /var/lib/prio --listen 127.0.0.1:50051\n"
             "  priod verify --data-dir /var/lib/prio");
  prio::server::PriodOptions options;
  std::string ready_file;
  app.add_option("--data-dir", options.data_dir, "RocksDB data directory (created if missing)")
      ->required();
  app.add_option("--listen", options.listen, "address to listen on (port 0: any free port)")
      ->capture_default_str();
  app.add_option("--ready-file", ready_file,
                 "write the bound address to this file once serving (with --esdb-listen "
                 "a second line \"esdb HOST:PORT\")");
  app.add_option("--workers", options.worker_threads,
                 "threads for commands, queries and catch-up reads")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  app.add_option("--snapshot-interval", options.snapshot_interval,
                 "snapshot the projections at least every this many log positions")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1000}, uint64_t{100'000'000}));

  app.add_option("--master-key-file", options.master_key_file,
                 "master key that wraps the data keys of personal data (64 hex digits, mode "
                 "0600; default DATA_DIR/master.key, created on first start). Keep it apart "
                 "from the data dir's backups");
  app.add_option("--tls-cert", options.tls_cert_file, "PEM certificate chain: serve TLS")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", options.tls_key_file, "PEM private key of --tls-cert")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-client-ca", options.tls_client_ca_file,
                 "PEM CA: require client certificates it signed (mutual TLS)")
      ->check(CLI::ExistingFile);
  app.add_flag("--insecure-listen", options.insecure_listen,
               "allow a non-loopback --listen address without TLS (behind a TLS proxy)");

  app.add_option("--esdb-listen", options.esdb_listen,
                 "also serve the EventStoreDB/KurrentDB client protocol on this address "
                 "(port 0: any free port; TLS and the loopback rule as for --listen)");
  std::string esdb_anonymous_role;
  app.add_option("--esdb-anonymous-role", esdb_anonymous_role,
                 "role (service, auditor or admin) of EventStoreDB calls without credentials "
                 "(the clients send none over plaintext); without it they are refused")
      ->check(CLI::IsMember({"service", "auditor", "admin"}));
  std::string esdb_features = "all";
  app.add_option("--esdb-features", esdb_features,
                 "what the EventStoreDB listener's ServerFeatures advertises: all, "
                 "no-batch-append (clients then use Append only), none (no ServerFeatures)")
      ->capture_default_str()
      ->check(CLI::IsMember({"all", "no-batch-append", "none"}));
  app.add_option("--max-concurrent-streams", options.max_concurrent_streams,
                 "concurrent calls per client connection")
      ->capture_default_str()
      ->check(CLI::Range(1, 100'000));

  app.add_option("--checkpoint-key-file", options.checkpoint_key_file,
                 "Ed25519 key (PKCS#8 PEM, mode 0600) that signs checkpoints; default "
                 "DATA_DIR/checkpoint.key, created on first start (public key: "
                 "DATA_DIR/checkpoint.pub)");
  app.add_option("--checkpoint-every-events", options.checkpoint_every_events,
                 "issue a signed checkpoint after this many new events")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, uint64_t{1'000'000'000}));
  double checkpoint_seconds = absl::ToDoubleSeconds(options.checkpoint_interval);
  app.add_option("--checkpoint-interval", checkpoint_seconds,
                 "seconds after which a grown log gets a signed checkpoint")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 86400.0 * 30));

  std::string verify_dir, verify_key;
  CLI::App* verify =
      app.add_subcommand("verify", "check the hash chain, Merkle tree and checkpoints offline");
  verify->add_option("--data-dir", verify_dir, "data directory to verify")->required();
  verify->add_option("--public-key", verify_key,
                     "checkpoint public key (PEM) to trust; default DATA_DIR/checkpoint.pub");
  verify->footer("Prints OK with the head, or the first position whose record, Merkle node\n"
                 "or checkpoint does not match.\n"
                 "Exit code 0: verified, 1: verification failed, 2: cannot read the store.");
  app.require_subcommand(0, 1);
  // `priod verify --data-dir X` must not need the top-level --data-dir.
  verify->preparse_callback([&](size_t) { app.get_option("--data-dir")->required(false); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (verify->parsed()) return Verify(verify_dir, verify_key);
  if (!esdb_anonymous_role.empty()) {
    if (options.esdb_listen.empty()) {
      std::cerr << "priod: --esdb-anonymous-role needs --esdb-listen\n";
      return 2;
    }
    options.esdb_anonymous_role = *prio::security::ParseRole(esdb_anonymous_role);
  }
  options.esdb_features = esdb_features != "none";
  options.esdb_batch_append = esdb_features == "all";
  options.checkpoint_interval = absl::Seconds(checkpoint_seconds);
  return Serve(options, ready_file);
}
