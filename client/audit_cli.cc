// prio audit: checkpoints, inclusion and consistency proofs checked on the client
// side with a pinned public key (audit/checkpoint.h), and the replay of a round's
// ranking through its history.
//
// Exit codes as cli.h, plus 3: the server's answer does not verify (a forged or
// corrupted proof, root, size or signature) — nothing it claimed is proven.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "audit/checkpoint.h"
#include "client/cli.h"
#include "client/unary.h"
#include "prio/v1/audit.grpc.pb.h"
#include "prio/v1/queries.grpc.pb.h"
#include "common/files.h"
#include "common/time_format.h"
#include "common/hex.h"

namespace prio::client {
namespace {

using Audit = v1::Audit::Stub;

constexpr int kNotVerified = 3;

struct AuditOptions {
  std::string public_key_file;  // --public-key / PRIO_AUDIT_PUBLIC_KEY
  std::string remember_file;    // --remember / PRIO_AUDIT_STATE
  bool create = false, list = false;
  uint64_t tree_size = 0, position = 0, from = 0, to = 0;
  std::string round, method, weighting;
  uint32_t top = 10;
  bool every_event = false;
};

std::string Hex(std::string_view bytes) { return HexEncode(bytes); }

std::string Time(int64_t us) { return FormatTime(us, TimeFormat::kExact); }

int NotVerified(const absl::Status& s) {
  std::cerr << "prio: NOT VERIFIED: " << s.message() << "\n";
  return kNotVerified;
}

// The key to check against: pinned from a file, or (said loudly) the server's own.
absl::StatusOr<audit::PublicKey> TrustedKey(Cli& cli, const AuditOptions& o) {
  std::string file = o.public_key_file;
  if (file.empty()) {
    if (const char* env = std::getenv("PRIO_AUDIT_PUBLIC_KEY")) file = env;
  }
  if (!file.empty()) return audit::ReadPublicKeyFile(file);
  auto stub = v1::Audit::NewStub(cli.Channel());
  absl::StatusOr<v1::GetPublicKeyResponse> r =
      Unary(stub.get(), &Audit::GetPublicKey, v1::GetPublicKeyRequest());
  if (!r.ok()) return r.status();
  std::cerr << "prio: note: checking with the key the server sent (" << r->key_id()
            << "); pin it with --public-key (prio audit public-key > prio-audit.pem) to "
               "check without trusting the server\n";
  return audit::PublicKey::FromPem(r->public_key_pem());
}

// With --remember FILE (or PRIO_AUDIT_STATE), FILE keeps the newest checkpoint this
// auditor has verified, and every checkpoint seen later is proven consistent with it
// in whichever direction, against the remembered root (not the server's copy): a
// server that shows this auditor a rewritten or forked history is caught. Returns 0,
// 1 (the server failed), 2 (the file is unusable) or 3 (not consistent).
int CheckRemembered(Cli& cli, const AuditOptions& o, const audit::PublicKey& key,
                    const v1::Checkpoint& seen) {
  std::string file = o.remember_file;
  if (file.empty()) {
    if (const char* env = std::getenv("PRIO_AUDIT_STATE")) file = env;
  }
  if (file.empty()) return 0;
  std::optional<v1::Checkpoint> before;
  absl::StatusOr<std::optional<std::string>> bytes = ReadFileIfExists(file);
  if (!bytes.ok()) return Cli::Usage(bytes.status().message());
  if (bytes->has_value()) {
    v1::Checkpoint c;
    if (!c.ParseFromString(**bytes) || !audit::VerifyCheckpoint(c, key).ok()) {
      return Cli::Usage(absl::StrCat(file, " holds no checkpoint signed by key ", key.key_id(),
                                     " (another key's state file?)"));
    }
    before = std::move(c);
  }
  auto remember = [&](const v1::Checkpoint& c) {
    return WriteFileAtomically(file, c.SerializeAsString()).ok();
  };
  if (!before.has_value()) {
    if (!remember(seen)) return Cli::Usage(absl::StrCat("cannot write ", file));
    if (cli.format == OutputFormat::kTable) {
      std::cout << "remembered checkpoint " << seen.tree_size() << " in " << file << "\n";
    }
    return 0;
  }
  if (before->tree_size() == seen.tree_size()) {
    if (before->root_hash() != seen.root_hash()) {
      return NotVerified(absl::DataLossError(absl::StrCat(
          "checkpoint ", seen.tree_size(), " has another root than the one you verified before "
          "(", file, "): the history was rewritten")));
    }
  } else {
    const bool newer = seen.tree_size() > before->tree_size();
    const v1::Checkpoint& from = newer ? *before : seen;
    const v1::Checkpoint& to = newer ? seen : *before;
    auto stub = v1::Audit::NewStub(cli.Channel());
    v1::ProveConsistencyRequest req;
    req.set_from_tree_size(from.tree_size());
    req.set_to_tree_size(to.tree_size());
    absl::StatusOr<v1::ProveConsistencyResponse> r =
        Unary(stub.get(), &Audit::ProveConsistency, req);
    if (absl::IsNotFound(r.status())) {
      return NotVerified(absl::DataLossError(absl::StrCat(
          "the server no longer has checkpoint ", before->tree_size(), ", which you verified (",
          file, "): ", r.status().message())));
    }
    if (!r.ok()) return Cli::Fail(r.status());
    // Against the checkpoints this auditor holds, not the ones the server sent along.
    *r->mutable_from() = from;
    *r->mutable_to() = to;
    if (absl::Status s = audit::VerifyConsistencyAnswer(*r, key); !s.ok()) {
      return NotVerified(absl::DataLossError(absl::StrCat(
          "not consistent with checkpoint ", before->tree_size(), " that you verified before (",
          file, "): ", s.message())));
    }
    if (newer && !remember(seen)) return Cli::Usage(absl::StrCat("cannot write ", file));
  }
  if (cli.format == OutputFormat::kTable) {
    std::cout << "CONSISTENT with checkpoint " << before->tree_size()
              << " that you verified before (" << file << ")\n";
  }
  return 0;
}

void AddCheckpointRow(Table& t, const v1::Checkpoint& c) {
  t.AddRow({absl::StrCat(c.tree_size()), Hex(c.root_hash()), Hex(c.head_hash()),
            Time(c.issued_at_us()), c.key_id(), absl::StrCat(c.position())});
}

Table CheckpointTable() {
  return Table({"tree_size", "root", "head", "issued_at", "key", "position"},
               {Table::kNumber, Table::kText, Table::kText, Table::kText, Table::kText,
                Table::kNumber});
}

int PublicKeyCmd(Cli& cli, const AuditOptions&) {
  std::optional<v1::GetPublicKeyResponse> r = cli.Query(&Audit::GetPublicKey, v1::GetPublicKeyRequest());
  if (!r) return Cli::kFailed;
  std::cout << r->public_key_pem();
  std::cerr << "key id " << r->key_id() << "\n";
  return 0;
}

int CheckpointCmd(Cli& cli, const AuditOptions& o) {
  absl::StatusOr<audit::PublicKey> key = TrustedKey(cli, o);
  if (!key.ok()) return Cli::Usage(key.status().message());
  auto stub = v1::Audit::NewStub(cli.Channel());
  std::vector<v1::Checkpoint> checkpoints;
  if (o.list) {
    v1::ListCheckpointsRequest req;
    std::optional<v1::ListCheckpointsResponse> r = cli.Query(&Audit::ListCheckpoints, req);
    if (!r) return Cli::kFailed;
    checkpoints.assign(r->checkpoints().begin(), r->checkpoints().end());
  } else {
    absl::StatusOr<v1::CheckpointResponse> r;
    if (o.create) {
      r = Unary(stub.get(), &Audit::CreateCheckpoint, v1::CreateCheckpointRequest());
    } else {
      v1::GetCheckpointRequest req;
      req.set_tree_size(o.tree_size);
      r = Unary(stub.get(), &Audit::GetCheckpoint, req);
    }
    if (!r.ok()) return Cli::Fail(r.status());
    if (o.tree_size != 0 && r->checkpoint().tree_size() != o.tree_size) {
      return NotVerified(absl::DataLossError(absl::StrCat(
          "asked for checkpoint ", o.tree_size, ", got ", r->checkpoint().tree_size())));
    }
    checkpoints.push_back(r->checkpoint());
  }
  Table t = CheckpointTable();
  for (const v1::Checkpoint& c : checkpoints) {
    if (absl::Status s = audit::VerifyCheckpoint(c, *key); !s.ok()) return NotVerified(s);
    AddCheckpointRow(t, c);
  }
  cli.Print(t);
  if (cli.format == OutputFormat::kTable) {
    std::cout << checkpoints.size() << " checkpoint(s): signatures verified with key "
              << key->key_id() << "\n";
  }
  if (checkpoints.empty()) return 0;
  return CheckRemembered(cli, o, *key, checkpoints.back());
}

int ProveCmd(Cli& cli, const AuditOptions& o) {
  absl::StatusOr<audit::PublicKey> key = TrustedKey(cli, o);
  if (!key.ok()) return Cli::Usage(key.status().message());
  v1::ProveInclusionRequest req;
  req.set_position(o.position);
  req.set_tree_size(o.tree_size);
  std::optional<v1::ProveInclusionResponse> r = cli.Query(&Audit::ProveInclusion, req);
  if (!r) return Cli::kFailed;
  if (o.tree_size != 0 && r->checkpoint().tree_size() != o.tree_size) {
    return NotVerified(absl::DataLossError(absl::StrCat(
        "asked for checkpoint ", o.tree_size, ", got ", r->checkpoint().tree_size())));
  }
  if (absl::Status s = audit::VerifyInclusionAnswer(*r, o.position, *key); !s.ok()) {
    return NotVerified(s);
  }
  const v1::RecordedEvent& e = r->event();
  const auto principal = e.metadata().find("principal");
  Table t({"position", "stream", "type", "recorded_at", "principal", "event_hash", "checkpoint",
           "root", "proof_hashes"},
          {Table::kNumber, Table::kText, Table::kText, Table::kText, Table::kText, Table::kText,
           Table::kNumber, Table::kText, Table::kNumber});
  t.AddRow({absl::StrCat(e.position()), e.stream(), e.type(), Time(e.recorded_at_us()),
            principal == e.metadata().end() ? "" : principal->second, Hex(e.hash()),
            absl::StrCat(r->checkpoint().tree_size()), Hex(r->checkpoint().root_hash()),
            absl::StrCat(r->proof_size())});
  cli.PrintRecord(t);
  if (cli.format == OutputFormat::kTable) {
    std::cout << "PROVEN: the event at position " << e.position() << " (rehashed from its "
              << "content) is in the history signed by checkpoint "
              << r->checkpoint().tree_size() << " (key " << key->key_id() << ")\n";
  }
  return CheckRemembered(cli, o, *key, r->checkpoint());
}

int ConsistencyCmd(Cli& cli, const AuditOptions& o) {
  absl::StatusOr<audit::PublicKey> key = TrustedKey(cli, o);
  if (!key.ok()) return Cli::Usage(key.status().message());
  v1::ProveConsistencyRequest req;
  req.set_from_tree_size(o.from);
  req.set_to_tree_size(o.to);
  std::optional<v1::ProveConsistencyResponse> r = cli.Query(&Audit::ProveConsistency, req);
  if (!r) return Cli::kFailed;
  if (r->from().tree_size() != o.from || r->to().tree_size() != o.to) {
    return NotVerified(absl::DataLossError(
        absl::StrCat("asked for checkpoints ", o.from, " and ", o.to, ", got ",
                     r->from().tree_size(), " and ", r->to().tree_size())));
  }
  if (absl::Status s = audit::VerifyConsistencyAnswer(*r, *key); !s.ok()) return NotVerified(s);
  Table t = CheckpointTable();
  AddCheckpointRow(t, r->from());
  AddCheckpointRow(t, r->to());
  cli.Print(t);
  if (cli.format == OutputFormat::kTable) {
    std::cout << "PROVEN: the history signed by checkpoint " << o.to
              << " extends the one signed by checkpoint " << o.from << " without changing it ("
              << r->proof_size() << " hashes, key " << key->key_id() << ")\n";
  }
  return CheckRemembered(cli, o, *key, r->to());
}

// How the round's ranking evolved: after each event of the round up to --to, the
// ranking as of that position (the server's as-of query, the same rules); by default
// only the events after which the top N changed.
int ReplayCmd(Cli& cli, const AuditOptions& o) {
  StoreClient store(cli.Channel());
  v1::ReadAllRequest read;
  read.mutable_filter()->add_stream_prefixes(absl::StrCat("round-", o.round));
  std::vector<v1::RecordedEvent> events;
  absl::Status s = store.ReadAll(read, [&](const v1::RecordedEvent& e) {
    if (o.to != 0 && e.position() > o.to) return false;
    // "round-R" and "round-R-<ags>", not another round whose id starts with R.
    const std::string base = absl::StrCat("round-", o.round);
    if (e.stream() == base || e.stream().rfind(base + "-", 0) == 0) events.push_back(e);
    return true;
  });
  if (!s.ok()) return Cli::Fail(s);
  if (events.empty()) {
    return Cli::Fail(absl::NotFoundError(absl::StrCat("round ", o.round, " has no events",
                                                      o.to != 0 ? " up to that position" : "")));
  }
  auto queries = v1::SurveyQueries::NewStub(cli.Channel());
  Table t({"position", "recorded_at", "principal", "event", "top"},
          {Table::kNumber, Table::kText, Table::kText, Table::kText, Table::kText});
  std::string previous_top = "\x01";  // no row yet
  for (const v1::RecordedEvent& e : events) {
    v1::RankingRequest req;
    req.set_round_id(o.round);
    req.set_method(o.method);
    req.set_weighting(o.weighting);
    req.set_top(o.top);
    req.mutable_as_of()->set_position(e.position());
    absl::StatusOr<v1::RankingResponse> r =
        Unary(queries.get(), &v1::SurveyQueries::Stub::Ranking, req);
    if (!r.ok()) return Cli::Fail(r.status());
    std::string top;
    for (const v1::RankingRow& row : r->rows()) {
      if (row.score() == 0 && row.supporters() == 0) continue;
      absl::StrAppend(&top, top.empty() ? "" : " ", row.rank(), ".", row.service_id());
    }
    if (top == previous_top && !o.every_event) continue;
    previous_top = top;
    const auto principal = e.metadata().find("principal");
    t.AddRow({absl::StrCat(e.position()), Time(e.recorded_at_us()),
              principal == e.metadata().end() ? "" : principal->second, e.type(),
              top.empty() ? "-" : top});
  }
  cli.Print(t);
  return 0;
}

// The server recomputes the chain and the Merkle tree (SurveyQueries.VerifyChain).
int VerifyCmd(Cli& cli, const AuditOptions&) {
  std::optional<v1::VerifyChainResponse> r = cli.Query(
      &v1::SurveyQueries::Stub::VerifyChain, v1::VerifyChainRequest(), absl::Hours(1));
  if (!r) return Cli::kFailed;
  const std::string hex = Hex(r->head_hash());
  if (cli.format != OutputFormat::kTable) {
    Table t({"ok", "events_checked", "head_position", "head_hash", "first_bad_position",
             "problem", "tree_root"},
            {Table::kBool, Table::kNumber, Table::kNumber, Table::kText, Table::kNumber,
             Table::kText, Table::kText});
    t.AddRow({r->ok() ? "true" : "false", absl::StrCat(r->events_checked()),
              absl::StrCat(r->head_position()), hex, absl::StrCat(r->first_bad_position()),
              r->problem(), Hex(r->tree_root())});
    cli.PrintRecord(t);
    return r->ok() ? 0 : 1;
  }
  if (!r->ok()) {
    std::cerr << "prio: FAILED at position " << r->first_bad_position() << ": " << r->problem()
              << " (" << r->events_checked() << " events verified before it)\n";
    return 1;
  }
  std::cout << "OK: " << r->events_checked() << " events, head position " << r->head_position()
            << ", head hash " << hex << "\nOK: Merkle tree recomputed, " << r->tree_nodes_checked()
            << " stored nodes match, root " << Hex(r->tree_root()) << "\n";
  return 0;
}

}  // namespace

void AddAuditCommands(CLI::App& app, Cli& cli) {
  auto o = std::make_shared<AuditOptions>();
  CLI::App* audit = app.add_subcommand(
      "audit", "verifiable history: signed checkpoints and proofs (admin, auditor)");
  audit->require_subcommand(1);
  audit->footer(
      "Proofs are checked here, not on the server: with --public-key (or\n"
      "PRIO_AUDIT_PUBLIC_KEY) against a key you pinned, else against the key the server\n"
      "sends (said on stderr). Exit code 3: the answer does not verify.");
  auto key_option = [&](CLI::App* sub) {
    sub->add_option("--public-key", o->public_key_file,
                    "the checkpoint public key (PEM) to trust (prio audit public-key)");
    sub->add_option("--remember", o->remember_file,
                    "keep the newest verified checkpoint in this file and prove every later "
                    "one consistent with it (env PRIO_AUDIT_STATE)");
  };

  CLI::App* verify =
      audit->add_subcommand("verify", "recompute the log's hash chain and Merkle tree on the server");
  verify->footer("Example:\n  prio audit verify\nExit 0 if the chain verifies, 1 if not (the first "
                 "position that does not match is named). Offline: priod verify --data-dir DIR.");
  OnRun(verify, cli, o, VerifyCmd);

  CLI::App* pub = audit->add_subcommand("public-key", "print the checkpoint public key (PEM)");
  pub->footer("Example:\n  prio audit public-key > prio-audit.pem");
  OnRun(pub, cli, o, PublicKeyCmd);

  CLI::App* cp = audit->add_subcommand("checkpoint", "show (and verify) signed checkpoints");
  cp->add_flag("--new", o->create, "issue a checkpoint of the current head first");
  cp->add_flag("--list", o->list, "the latest 100 checkpoints");
  cp->add_option("--tree-size", o->tree_size, "the checkpoint of this tree size")
      ->check(WholeNumber(1));
  key_option(cp);
  cp->footer("Example:\n  prio audit checkpoint --new --public-key prio-audit.pem");
  OnRun(cp, cli, o, CheckpointCmd);

  CLI::App* prove = audit->add_subcommand(
      "prove", "prove that the event at a position is in a signed checkpoint");
  prove->add_option("--position", o->position, "log position")->required()->check(
      WholeNumber(1));
  prove->add_option("--checkpoint", o->tree_size, "checkpoint (tree size); default the latest")
      ->check(WholeNumber(1));
  key_option(prove);
  prove->footer("Example:\n  prio audit prove --position 1234 --checkpoint 5000 "
                "--public-key prio-audit.pem");
  OnRun(prove, cli, o, ProveCmd);

  CLI::App* consistency = audit->add_subcommand(
      "consistency", "prove that a later checkpoint only appended to an earlier one");
  consistency->add_option("--from", o->from, "earlier checkpoint (tree size)")->required()->check(
      WholeNumber(1));
  consistency->add_option("--to", o->to, "later checkpoint (tree size)")
      ->required()
      ->check(WholeNumber(1));
  key_option(consistency);
  consistency->footer("Example:\n  prio audit consistency --from 5000 --to 12000 "
                      "--public-key prio-audit.pem");
  OnRun(consistency, cli, o, ConsistencyCmd);

  CLI::App* replay = audit->add_subcommand(
      "replay", "how a round's ranking evolved (position, time, who, top N at each change)");
  replay->add_option("--round", o->round, "round id")->required();
  replay->add_option("--to", o->to, "last position to replay; default the head")
      ->check(WholeNumber(1));
  replay->add_option("--method", o->method, "points, borda, schulze or need");
  replay->add_option("--weighting", o->weighting, "none, population or sqrt-population");
  replay->add_option("--top", o->top, "services shown per step")->capture_default_str()->check(
      CLI::Range(1, 100));
  replay->add_flag("--every-event", o->every_event,
                   "a row for every event of the round, not only where the top changed");
  replay->footer("Example:\n  prio audit replay --round 2027 --to 5000");
  OnRun(replay, cli, o, ReplayCmd);
}

}  // namespace prio::client
