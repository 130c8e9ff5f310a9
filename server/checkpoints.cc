#include "server/checkpoints.h"

#include <iostream>

#include "absl/strings/str_cat.h"
#include "common/files.h"
#include "server/security/secret_file.h"
#include "server/system_events.h"
#include "storage/record.h"
#include "common/status_macros.h"

namespace prio::server {
namespace {

constexpr std::string_view kPrincipal = "system/priod";

std::string Bytes(const storage::Hash& h) { return std::string(storage::AsStringView(h)); }

}  // namespace

absl::StatusOr<audit::SigningKey> LoadOrCreateSigningKey(const std::string& key_file,
                                                         const std::string& public_key_file) {
  PRIO_ASSIGN_OR_RETURN(std::optional<std::string> pem, security::ReadSecretFile(key_file));
  absl::StatusOr<audit::SigningKey> key;
  if (pem.has_value()) {
    key = audit::SigningKey::FromPem(*pem);
    if (!key.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat(key_file, ": ", key.status().message()));
    }
  } else {
    key = audit::SigningKey::Generate();
    if (!key.ok()) return key.status();
    PRIO_RETURN_IF_ERROR(security::WriteSecretFile(key_file, key->PrivatePem()));
    std::cerr << "priod: created the checkpoint signing key " << key_file << " (key "
              << key->public_key().key_id() << ")\n";
  }
  if (!public_key_file.empty()) {
    PRIO_RETURN_IF_ERROR(
        WriteFileAtomically(public_key_file, key->public_key().pem(), 0644));
  }
  return key;
}

storage::VerifyVisitor CheckpointVerifier(std::optional<audit::PublicKey> key,
                                          uint64_t* checked) {
  return [key = std::move(key), checked](const storage::RecordedEvent& e,
                                         const storage::VerifiedHistory& before) -> absl::Status {
    if (e.stream != kCheckpointsStream) return absl::OkStatus();
    if (!key.has_value()) {
      return absl::FailedPreconditionError(
          "a checkpoint, but no public key to check it with (--public-key)");
    }
    v1::Checkpoint cp;
    if (!cp.ParseFromString(e.data)) return absl::DataLossError("the checkpoint does not parse");
    PRIO_RETURN_IF_ERROR(audit::VerifyCheckpoint(cp, *key));
    if (cp.tree_size() >= e.position) {
      return absl::DataLossError(absl::StrCat("checkpoint ", cp.tree_size(),
                                              " claims events at or after its own position"));
    }
    PRIO_ASSIGN_OR_RETURN(storage::Hash root, before.tree_root(cp.tree_size()));
    if (Bytes(root) != cp.root_hash()) {
      return absl::DataLossError(absl::StrCat("checkpoint ", cp.tree_size(), " signs root ",
                                              storage::HexEncode(cp.root_hash()),
                                              " but the log's tree of that size has ",
                                              storage::HexEncode(root)));
    }
    if (cp.tree_size() > 0) {
      PRIO_ASSIGN_OR_RETURN(storage::Hash head, before.event_hash(cp.tree_size()));
      if (Bytes(head) != cp.head_hash()) {
        return absl::DataLossError(absl::StrCat("checkpoint ", cp.tree_size(),
                                                " signs a head hash the log does not have"));
      }
    }
    ++*checked;
    return absl::OkStatus();
  };
}

absl::StatusOr<std::unique_ptr<Checkpoints>> Checkpoints::Open(
    storage::EventStore* store, const CheckpointOptions& options) {
  PRIO_ASSIGN_OR_RETURN(audit::SigningKey key,
                        LoadOrCreateSigningKey(options.key_file, options.public_key_file));
  std::unique_ptr<Checkpoints> c(new Checkpoints(store, options, std::move(key)));
  absl::StatusOr<std::vector<storage::RecordedEvent>> events =
      store->ReadStream({.stream = std::string(kCheckpointsStream)});
  if (!events.ok() && !absl::IsNotFound(events.status())) return events.status();
  if (events.ok()) {
    absl::MutexLock lock(&c->mu_);
    for (const storage::RecordedEvent& e : *events) {
      v1::Checkpoint cp;
      if (!cp.ParseFromString(e.data)) {
        return absl::DataLossError(
            absl::StrCat("the checkpoint at position ", e.position, " does not parse"));
      }
      cp.set_position(e.position);
      c->checkpoints_.push_back(std::move(cp));
    }
  }
  c->thread_ = std::thread([p = c.get()] { p->Background(); });
  return c;
}

Checkpoints::~Checkpoints() {
  stop_.Notify();
  if (thread_.joinable()) thread_.join();
}

absl::StatusOr<v1::Checkpoint> Checkpoints::Issue(std::string_view principal) {
  absl::MutexLock issuing(&issue_mu_);
  std::optional<v1::Checkpoint> latest = Latest();
  const storage::Head head = store_->GetHead();
  if (latest.has_value() && head.position <= latest->position()) return *latest;

  v1::Checkpoint cp;
  cp.set_tree_size(head.position);
  PRIO_ASSIGN_OR_RETURN(storage::Hash root, store_->TreeRoot(head.position));
  cp.set_root_hash(Bytes(root));
  cp.set_head_hash(Bytes(head.hash));
  cp.set_issued_at_us(absl::ToUnixMicros(absl::Now()));
  PRIO_RETURN_IF_ERROR(key_.Sign(&cp));
  size_t count;
  {
    absl::MutexLock lock(&mu_);
    count = checkpoints_.size();
  }
  PRIO_ASSIGN_OR_RETURN(
      storage::RecordedEvent recorded,
      AppendOne(store_, principal, "CreateCheckpoint", std::string(kCheckpointsStream),
                count == 0 ? storage::ExpectedRevision::NoStream()
                           : storage::ExpectedRevision::Exact(count - 1),
                cp));
  cp.set_position(recorded.position);
  absl::MutexLock lock(&mu_);
  checkpoints_.push_back(cp);
  return cp;
}

std::optional<v1::Checkpoint> Checkpoints::Latest() const {
  absl::MutexLock lock(&mu_);
  if (checkpoints_.empty()) return std::nullopt;
  return checkpoints_.back();
}

std::optional<v1::Checkpoint> Checkpoints::Find(uint64_t tree_size) const {
  absl::MutexLock lock(&mu_);
  auto it = std::lower_bound(
      checkpoints_.begin(), checkpoints_.end(), tree_size,
      [](const v1::Checkpoint& c, uint64_t size) { return c.tree_size() < size; });
  if (it == checkpoints_.end() || it->tree_size() != tree_size) return std::nullopt;
  return *it;
}

std::vector<v1::Checkpoint> Checkpoints::List(size_t max_count) const {
  absl::MutexLock lock(&mu_);
  const size_t n = std::min(max_count, checkpoints_.size());
  return std::vector<v1::Checkpoint>(checkpoints_.end() - n, checkpoints_.end());
}

void Checkpoints::Background() {
  absl::Time last_issue = absl::Now();
  while (!stop_.WaitForNotificationWithTimeout(absl::Seconds(1))) {
    std::optional<v1::Checkpoint> latest = Latest();
    const uint64_t head = store_->GetHead().position;
    const uint64_t covered = latest ? latest->position() : 0;
    if (head <= covered) continue;  // nothing new since the last checkpoint
    const bool enough_events = head - (latest ? latest->tree_size() : 0) >= options_.every_events;
    const bool time_is_up = absl::Now() - last_issue >= options_.interval;
    if (!enough_events && !time_is_up) continue;
    absl::StatusOr<v1::Checkpoint> issued = Issue(kPrincipal);
    last_issue = absl::Now();
    if (!issued.ok()) {
      std::cerr << "priod: issuing a checkpoint failed: " << issued.status() << "\n";
    }
  }
}

}  // namespace prio::server
