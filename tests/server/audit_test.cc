// The verifiable history end to end: priod in-process on loopback issues signed
// checkpoints; every proof it gives verifies on the client side, and every tampered
// answer (proof, root, size, head, event, signature, key) is refused there. priod
// verify's checkpoint check finds a checkpoint that signs a root the log does not have.
#include <fstream>

#include "absl/strings/str_cat.h"
#include "audit/checkpoint.h"
#include "client/store_client.h"
#include "client/unary.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prio/v1/audit.grpc.pb.h"
#include "server/checkpoints.h"
#include "server/priod.h"
#include "storage/merkle.h"
#include "storage/record.h"
#include "storage/verify.h"
#include "testing/auth.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"
#include "testing/in_process_priod.h"

namespace prio::server {
namespace {

using ::prio::client::Unary;
using ::prio::testing::IsOk;
using ::prio::testing::StatusIs;
using ::prio::testing::TempDir;
using ::prio::testing::TestTokens;
using ::testing::HasSubstr;
using Audit = v1::Audit::Stub;
using Code = absl::StatusCode;

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }

  void Start(PriodOptions options = {}) {
    server_.Stop();
    ASSERT_THAT(server_.Start(options), IsOk());
    audit_ = v1::Audit::NewStub(server_.tokens().Channel(v1::ROLE_AUDITOR));
    auto key = Unary(audit_.get(), &Audit::GetPublicKey, v1::GetPublicKeyRequest());
    ASSERT_THAT(key, IsOk());
    auto parsed = audit::PublicKey::FromPem(key->public_key_pem());
    ASSERT_THAT(parsed, IsOk());
    key_ = std::make_unique<audit::PublicKey>(*parsed);
  }

  // Appends `n` events to a stream of the caller's own (not a reserved one).
  void Append(int n) {
    client::StoreClient store(server_.tokens().Channel(v1::ROLE_ADMIN));
    for (int i = 0; i < n; ++i) {
      v1::AppendRequest req;
      v1::StreamAppend* sa = req.add_appends();
      sa->set_stream(absl::StrCat("notes-", i % 3));
      v1::ProposedEvent* e = sa->add_events();
      e->set_event_id(client::NewEventId());
      e->set_type("Note");
      e->set_data(absl::StrCat("note ", i));
      ASSERT_THAT(store.Append(req), IsOk());
    }
  }

  v1::Checkpoint NewCheckpoint() {
    auto r = Unary(audit_.get(), &Audit::CreateCheckpoint, v1::CreateCheckpointRequest());
    EXPECT_THAT(r, IsOk());
    return r->checkpoint();
  }

  v1::ProveInclusionResponse Prove(uint64_t position, uint64_t tree_size) {
    v1::ProveInclusionRequest req;
    req.set_position(position);
    req.set_tree_size(tree_size);
    auto r = Unary(audit_.get(), &Audit::ProveInclusion, req);
    EXPECT_THAT(r, IsOk());
    return *r;
  }

  v1::ProveConsistencyResponse Consistency(uint64_t from, uint64_t to) {
    v1::ProveConsistencyRequest req;
    req.set_from_tree_size(from);
    req.set_to_tree_size(to);
    auto r = Unary(audit_.get(), &Audit::ProveConsistency, req);
    EXPECT_THAT(r, IsOk());
    return *r;
  }

  TempDir dir_;
  testing::InProcessPriod server_{dir_.Sub("db")};
  std::unique_ptr<Audit> audit_;
  std::unique_ptr<audit::PublicKey> key_;
};

TEST_F(AuditTest, EveryPositionIsProvenInEveryCheckpoint) {
  std::vector<uint64_t> sizes;
  for (int round = 0; round < 3; ++round) {
    ASSERT_NO_FATAL_FAILURE(Append(7 + round * 5));
    const v1::Checkpoint c = NewCheckpoint();
    ASSERT_THAT(audit::VerifyCheckpoint(c, *key_), IsOk());
    EXPECT_EQ(c.position(), c.tree_size() + 1);  // the checkpoint is the next event
    sizes.push_back(c.tree_size());
  }
  for (uint64_t size : sizes) {
    for (uint64_t p = 1; p <= size; ++p) {
      EXPECT_THAT(audit::VerifyInclusionAnswer(Prove(p, size), p, *key_), IsOk())
          << p << " in " << size;
    }
  }
  for (uint64_t from : sizes) {
    for (uint64_t to : sizes) {
      if (from > to) continue;
      EXPECT_THAT(audit::VerifyConsistencyAnswer(Consistency(from, to), *key_), IsOk())
          << from << " -> " << to;
    }
  }
  // An unchanged log gets the same checkpoint back, not a new one.
  EXPECT_EQ(NewCheckpoint().tree_size(), sizes.back());
}

TEST_F(AuditTest, ClientRefusesEveryTamperedAnswer) {
  ASSERT_NO_FATAL_FAILURE(Append(20));
  const v1::Checkpoint first = NewCheckpoint();
  ASSERT_NO_FATAL_FAILURE(Append(13));
  const v1::Checkpoint second = NewCheckpoint();
  const uint64_t p = 9;
  const v1::ProveInclusionResponse good = Prove(p, second.tree_size());
  ASSERT_THAT(audit::VerifyInclusionAnswer(good, p, *key_), IsOk());
  auto refused = [&](const std::function<void(v1::ProveInclusionResponse&)>& tamper,
                     const std::string& what) {
    v1::ProveInclusionResponse forged = good;
    tamper(forged);
    EXPECT_THAT(audit::VerifyInclusionAnswer(forged, p, *key_), StatusIs(Code::kDataLoss))
        << what;
  };
  refused([](auto& r) { (*r.mutable_proof(0))[0] ^= 1; }, "a proof hash");
  refused([](auto& r) { r.mutable_proof()->RemoveLast(); }, "a shortened proof");
  refused([](auto& r) { *r.add_proof() = std::string(32, 'a'); }, "a lengthened proof");
  refused([](auto& r) { (*r.mutable_proof(0)).resize(31); }, "a short proof hash");
  refused([](auto& r) { (*r.mutable_checkpoint()->mutable_root_hash())[5] ^= 1; }, "the root");
  refused([](auto& r) { r.mutable_checkpoint()->set_tree_size(r.checkpoint().tree_size() + 1); },
          "the tree size");
  refused([](auto& r) { r.mutable_checkpoint()->set_tree_size(r.checkpoint().tree_size() - 1); },
          "a smaller tree size");
  refused([](auto& r) { (*r.mutable_checkpoint()->mutable_head_hash())[0] ^= 1; }, "the head");
  refused([](auto& r) { r.mutable_checkpoint()->set_issued_at_us(1); }, "the time");
  refused([](auto& r) { (*r.mutable_checkpoint()->mutable_signature())[10] ^= 1; },
          "the signature");
  refused([](auto& r) { r.mutable_event()->set_data("forged"); }, "the event's payload");
  refused([](auto& r) { (*r.mutable_event()->mutable_metadata())["principal"] = "someone"; },
          "the event's principal");
  refused([](auto& r) { r.mutable_event()->set_position(10); }, "another position");
  refused(
      [&](auto& r) {
        // A consistent forgery: the event re-hashed after a change, with the hash it
        // now has — the proof no longer leads to the signed root.
        v1::RecordedEvent* e = r.mutable_event();
        e->set_data("forged");
        auto rehashed = audit::EventHash(*e);
        ASSERT_THAT(rehashed, IsOk());
        e->set_hash(*rehashed);
      },
      "a re-hashed forged event");
  refused([&](auto& r) { *r.mutable_checkpoint() = first; }, "an older checkpoint's root");

  // Another key: a checkpoint the server signs is not one this key signed, and a
  // checkpoint signed by an impostor's key is refused by the pinned key.
  auto other = audit::SigningKey::Generate();
  ASSERT_THAT(other, IsOk());
  EXPECT_THAT(audit::VerifyInclusionAnswer(good, p, other->public_key()),
              StatusIs(Code::kDataLoss, HasSubstr("not the trusted key")));
  v1::ProveInclusionResponse impostor = good;
  ASSERT_THAT(other->Sign(impostor.mutable_checkpoint()), IsOk());
  EXPECT_THAT(audit::VerifyInclusionAnswer(impostor, p, *key_), StatusIs(Code::kDataLoss));

  // Consistency: tampered roots, sizes, proofs and signatures.
  const v1::ProveConsistencyResponse cgood = Consistency(first.tree_size(), second.tree_size());
  ASSERT_THAT(audit::VerifyConsistencyAnswer(cgood, *key_), IsOk());
  auto crefused = [&](const std::function<void(v1::ProveConsistencyResponse&)>& tamper,
                      const std::string& what) {
    v1::ProveConsistencyResponse forged = cgood;
    tamper(forged);
    EXPECT_THAT(audit::VerifyConsistencyAnswer(forged, *key_), StatusIs(Code::kDataLoss)) << what;
  };
  crefused([](auto& r) { (*r.mutable_proof(0))[3] ^= 1; }, "a proof hash");
  crefused([](auto& r) { r.mutable_proof()->RemoveLast(); }, "a shortened proof");
  crefused([](auto& r) { r.clear_proof(); }, "no proof");
  crefused([](auto& r) { (*r.mutable_from()->mutable_root_hash())[0] ^= 1; }, "the old root");
  crefused([](auto& r) { (*r.mutable_to()->mutable_root_hash())[0] ^= 1; }, "the new root");
  crefused([](auto& r) { r.mutable_to()->set_tree_size(r.to().tree_size() + 1); }, "new size");
  crefused([](auto& r) { r.mutable_from()->set_tree_size(r.from().tree_size() - 1); }, "old size");
  crefused([](auto& r) { std::swap(*r.mutable_from(), *r.mutable_to()); }, "swapped");
  crefused([&](auto& r) { ASSERT_THAT(other->Sign(r.mutable_to()), IsOk()); },
           "an impostor's signature");
  // A rewritten history signed by the real key still fails: a checkpoint whose root
  // is not an extension of the earlier one.
  crefused(
      [&](auto& r) {
        (*r.mutable_to()->mutable_root_hash())[7] ^= 1;
        // (re-signing needs the server's private key; an impostor key is refused above)
      },
      "a rewritten history");
}

TEST_F(AuditTest, BadRequestsGetClearErrorsAndChangeNothing) {
  ASSERT_NO_FATAL_FAILURE(Append(5));
  v1::ProveInclusionRequest none;
  none.set_position(1);
  EXPECT_THAT(Unary(audit_.get(), &Audit::ProveInclusion, none),
              StatusIs(Code::kNotFound, HasSubstr("no checkpoint")));
  const v1::Checkpoint c = NewCheckpoint();
  const uint64_t head = server_.priod()->store()->GetHead().position;
  v1::ProveInclusionRequest req;
  req.set_position(c.tree_size() + 1);
  req.set_tree_size(c.tree_size());
  EXPECT_THAT(Unary(audit_.get(), &Audit::ProveInclusion, req),
              StatusIs(Code::kOutOfRange, HasSubstr("not in checkpoint")));
  req.set_position(0);
  EXPECT_THAT(Unary(audit_.get(), &Audit::ProveInclusion, req), StatusIs(Code::kOutOfRange));
  req.set_position(1);
  req.set_tree_size(3);
  EXPECT_THAT(Unary(audit_.get(), &Audit::ProveInclusion, req),
              StatusIs(Code::kNotFound, HasSubstr("no checkpoint has tree size 3")));
  v1::ProveConsistencyRequest creq;
  creq.set_from_tree_size(c.tree_size());
  creq.set_to_tree_size(2);
  EXPECT_THAT(Unary(audit_.get(), &Audit::ProveConsistency, creq),
              StatusIs(Code::kInvalidArgument, HasSubstr("only grows")));
  creq.set_from_tree_size(0);
  EXPECT_THAT(Unary(audit_.get(), &Audit::ProveConsistency, creq),
              StatusIs(Code::kInvalidArgument));
  v1::ListCheckpointsRequest lreq;
  lreq.set_max_count(1'000'000);
  EXPECT_THAT(Unary(audit_.get(), &Audit::ListCheckpoints, lreq),
              StatusIs(Code::kInvalidArgument));
  EXPECT_EQ(server_.priod()->store()->GetHead().position, head);

  // The checkpoints stream is priod's own: the raw append refuses it.
  client::StoreClient store(server_.tokens().Channel(v1::ROLE_ADMIN));
  v1::AppendRequest append;
  v1::StreamAppend* sa = append.add_appends();
  sa->set_stream(std::string(kCheckpointsStream));
  v1::ProposedEvent* e = sa->add_events();
  e->set_event_id(client::NewEventId());
  e->set_type("CheckpointIssued");
  e->set_data(c.SerializeAsString());
  EXPECT_THAT(store.Append(append), StatusIs(Code::kPermissionDenied, HasSubstr("prio.v1.Audit")));
  EXPECT_EQ(server_.priod()->store()->GetHead().position, head);
}

TEST_F(AuditTest, IssuedInTheBackgroundAndKeptAcrossRestarts) {
  PriodOptions options;
  options.checkpoint_every_events = 10;
  ASSERT_NO_FATAL_FAILURE(Start(options));
  const std::string pem = key_->pem();
  ASSERT_NO_FATAL_FAILURE(Append(25));
  // The background issuer looks once a second.
  std::vector<v1::Checkpoint> listed;
  for (int i = 0; i < 50 && listed.empty(); ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    auto r = Unary(audit_.get(), &Audit::ListCheckpoints, v1::ListCheckpointsRequest());
    ASSERT_THAT(r, IsOk());
    listed.assign(r->checkpoints().begin(), r->checkpoints().end());
  }
  ASSERT_FALSE(listed.empty());
  ASSERT_NO_FATAL_FAILURE(Start(options));  // restart: same key, same checkpoints
  EXPECT_EQ(key_->pem(), pem);
  auto r = Unary(audit_.get(), &Audit::GetCheckpoint, v1::GetCheckpointRequest());
  ASSERT_THAT(r, IsOk());
  EXPECT_GE(r->checkpoint().tree_size(), listed.back().tree_size());
  ASSERT_THAT(audit::VerifyCheckpoint(r->checkpoint(), *key_), IsOk());
  EXPECT_THAT(audit::VerifyInclusionAnswer(Prove(3, r->checkpoint().tree_size()), 3, *key_),
              IsOk());
  server_.Stop();
  // Offline: the chain, the tree and every checkpoint verify.
  uint64_t checked = 0;
  auto report = storage::VerifyChain(dir_.Sub("db"), CheckpointVerifier(*key_, &checked));
  ASSERT_THAT(report, IsOk());
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_GE(checked, listed.size());
  // With another key, the first checkpoint fails.
  auto other = audit::SigningKey::Generate();
  ASSERT_THAT(other, IsOk());
  report = storage::VerifyChain(dir_.Sub("db"), CheckpointVerifier(other->public_key(), &checked));
  ASSERT_THAT(report, IsOk());
  EXPECT_FALSE(report->ok);
  EXPECT_THAT(report->problem, HasSubstr("not the trusted key"));
}

// A checkpoint signed with the real key over a root the log does not have (a server
// that signed a forked history) is found by priod verify's checkpoint check.
TEST_F(AuditTest, VerifyFindsACheckpointOfAnotherHistory) {
  ASSERT_NO_FATAL_FAILURE(Append(6));
  server_.Stop();
  auto key = LoadOrCreateSigningKey(dir_.Sub("db") + "/checkpoint.key", "");
  ASSERT_THAT(key, IsOk());
  {
    auto store = storage::EventStore::Open({.path = dir_.Sub("db")});
    ASSERT_THAT(store, IsOk());
    const storage::Head head = (*store)->GetHead();
    v1::Checkpoint forged;
    forged.set_tree_size(head.position);
    forged.set_root_hash(std::string(32, 'r'));
    forged.set_head_hash(std::string(storage::AsStringView(head.hash)));
    forged.set_issued_at_us(1);
    ASSERT_THAT(key->Sign(&forged), IsOk());
    storage::AppendRequest req;
    storage::StreamAppend& sa = req.appends.emplace_back();
    sa.stream = std::string(kCheckpointsStream);
    sa.events.push_back({client::NewEventId(), "Checkpoint", forged.SerializeAsString(), {}});
    ASSERT_THAT((*store)->Append(req), IsOk());
  }
  uint64_t checked = 0;
  auto report = storage::VerifyChain(dir_.Sub("db"), CheckpointVerifier(key->public_key(), &checked));
  ASSERT_THAT(report, IsOk());
  EXPECT_FALSE(report->ok);
  EXPECT_THAT(report->problem, HasSubstr("but the log's tree of that size has"));
}

}  // namespace
}  // namespace prio::server
