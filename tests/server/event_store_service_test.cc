// End to end over real gRPC: priod (in-process) on a free loopback port, driven by
// the client library and by raw generic calls for health, reflection and garbage.
#include <future>
#include <set>
#include <thread>

#include "client/store_client.h"
#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "server/priod.h"
#include "storage/verify.h"
#include "testing/auth.h"
#include "testing/generic_call.h"
#include "testing/status_matchers.h"
#include "testing/temp_dir.h"
#include "testing/in_process_priod.h"

namespace prio::server {
namespace {

using ::prio::client::StoreClient;
using ::prio::testing::IsOk;
using ::prio::testing::StatusIs;
using ::prio::testing::TempDir;
using ::testing::HasSubstr;
using Code = absl::StatusCode;

v1::AppendRequest Request(const std::string& stream, int events,
                          std::optional<uint64_t> exact = std::nullopt) {
  v1::AppendRequest r;
  v1::StreamAppend* sa = r.add_appends();
  sa->set_stream(stream);
  if (exact.has_value()) sa->mutable_expected()->set_exact(*exact);
  for (int i = 0; i < events; ++i) {
    v1::ProposedEvent* e = sa->add_events();
    e->set_event_id(client::NewEventId());
    e->set_type("Tested");
    e->set_data("payload-" + std::to_string(i));
    (*e->mutable_metadata())["principal"] = "e2e";
  }
  return r;
}

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override { Start({}); }

  void Start(PriodOptions options) {
    client_.reset();
    server_.Stop();
    ASSERT_THAT(server_.Start(options), IsOk());
    channel_ = client::Connect(server_.address(), testing::ReadAdminToken(server_.data_dir()));
    client_ = std::make_unique<StoreClient>(channel_);
  }

  uint64_t HeadPosition() {
    auto h = client_->Head();
    EXPECT_THAT(h, IsOk());
    return h.ok() ? h->last_position() : 0;
  }

  TempDir dir_;
  testing::InProcessPriod server_{dir_.Sub("db")};
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<StoreClient> client_;
};

TEST_F(ServiceTest, AppendReadBackAndHead) {
  auto r = client_->Append(Request("notes-1", 3));
  ASSERT_THAT(r, IsOk());
  // Position 1 is the first admin token (TokenCreated), written on first start.
  EXPECT_EQ(r->first_position(), 2u);
  EXPECT_EQ(r->last_position(), 4u);
  EXPECT_EQ(r->results(0).last_revision(), 2u);
  std::vector<v1::RecordedEvent> seen;
  ASSERT_THAT(client_->ReadAll({}, [&](const v1::RecordedEvent& e) {
    seen.push_back(e);
    return true;
  }),
              IsOk());
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].type(), "TokenCreated");
  EXPECT_EQ(seen[3].data(), "payload-2");
  // The principal is the token's, not what the client wrote into the metadata ("e2e").
  EXPECT_THAT(seen[3].metadata().at("principal"), ::testing::StartsWith("admin/"));
  EXPECT_EQ(seen[2].hash().size(), 32u);
  EXPECT_EQ(seen[3].prev_hash(), seen[2].hash());
  auto head = client_->Head();
  ASSERT_THAT(head, IsOk());
  EXPECT_EQ(head->last_position(), 4u);
  EXPECT_EQ(head->last_hash(), seen[3].hash());
}

TEST_F(ServiceTest, DomainErrorsKeepTheirCodeAndMessage) {
  ASSERT_THAT(client_->Append(Request("s", 1)), IsOk());
  EXPECT_THAT(client_->Append(Request("s", 1, 5)),
              StatusIs(Code::kAborted, HasSubstr("expected revision 5, but the stream is at "
                                                 "revision 0")));
  EXPECT_THAT(client_->Append(Request("$system", 1)),
              StatusIs(Code::kInvalidArgument, HasSubstr("reserved")));
  EXPECT_THAT(client_->Append(Request("", 1)), StatusIs(Code::kInvalidArgument));
  v1::AppendRequest bad_id = Request("s", 1);
  bad_id.mutable_appends(0)->mutable_events(0)->set_event_id("short");
  EXPECT_THAT(client_->Append(bad_id), StatusIs(Code::kInvalidArgument, HasSubstr("16")));
  v1::AppendRequest retry = Request("t", 1);
  ASSERT_THAT(client_->Append(retry), IsOk());
  auto again = client_->Append(retry);
  ASSERT_THAT(again, IsOk());
  EXPECT_EQ(again->first_position(), 3u);
  retry.mutable_appends(0)->mutable_events(0)->set_data("changed");
  EXPECT_THAT(client_->Append(retry), StatusIs(Code::kAlreadyExists));
  v1::ReadStreamRequest missing;
  missing.set_stream("missing");
  EXPECT_THAT(client_->ReadStream(missing, [](const auto&) { return true; }),
              StatusIs(Code::kNotFound, HasSubstr("missing")));
  v1::SubscribeRequest beyond;
  beyond.set_after_position(99);
  EXPECT_THAT(client_->Subscribe(beyond, [](const auto&) { return true; }),
              StatusIs(Code::kOutOfRange));
  v1::ReadAllRequest backwards_from_zero;
  backwards_from_zero.set_direction(v1::BACKWARDS);
  EXPECT_THAT(client_->ReadAll(backwards_from_zero, [](const auto&) { return true; }),
              StatusIs(Code::kInvalidArgument));
  EXPECT_EQ(HeadPosition(), 3u);
}

TEST_F(ServiceTest, OversizedAppendIsRejectedWholeAndChangesNothing) {
  v1::AppendRequest big = Request("s", 17);
  for (auto& e : *big.mutable_appends(0)->mutable_events()) e.set_data(std::string(1'000'000, 'x'));
  EXPECT_THAT(client_->Append(big), StatusIs(Code::kInvalidArgument, HasSubstr("16777216")));
  v1::AppendRequest huge_event = Request("s", 1);
  huge_event.mutable_appends(0)->mutable_events(0)->set_data(std::string(2 << 20, 'x'));
  EXPECT_THAT(client_->Append(huge_event), StatusIs(Code::kInvalidArgument, HasSubstr("1048576")));
  EXPECT_EQ(HeadPosition(), 1u);
}

TEST_F(ServiceTest, ReadsPageThroughLongStreamsBothWays) {
  for (int i = 0; i < 6; ++i) ASSERT_THAT(client_->Append(Request("long", 100)), IsOk());
  ASSERT_THAT(client_->Append(Request("other", 5)), IsOk());
  std::vector<uint64_t> positions;
  auto collect = [&](const v1::RecordedEvent& e) {
    positions.push_back(e.position());
    return true;
  };
  ASSERT_THAT(client_->ReadAll({}, collect), IsOk());
  ASSERT_EQ(positions.size(), 606u);  // with the first admin token at position 1
  for (size_t i = 0; i < positions.size(); ++i) ASSERT_EQ(positions[i], i + 1);

  positions.clear();
  v1::ReadStreamRequest back;
  back.set_stream("long");
  back.set_from_end(true);
  back.set_direction(v1::BACKWARDS);
  ASSERT_THAT(client_->ReadStream(back, collect), IsOk());
  ASSERT_EQ(positions.size(), 600u);
  EXPECT_EQ(positions.front(), 601u);
  EXPECT_EQ(positions.back(), 2u);

  positions.clear();
  v1::ReadAllRequest filtered;
  filtered.mutable_filter()->add_stream_prefixes("oth");
  filtered.set_max_count(3);
  ASSERT_THAT(client_->ReadAll(filtered, collect), IsOk());
  EXPECT_THAT(positions, ::testing::ElementsAre(602, 603, 604));
}

TEST_F(ServiceTest, SubscribeCatchesUpThenStreamsLiveAppends) {
  ASSERT_THAT(client_->Append(Request("s", 300)), IsOk());
  std::atomic<bool> caught_up{false};
  std::vector<uint64_t> positions;
  std::thread reader([&] {
    v1::SubscribeRequest req;
    req.set_after_position(100);
    EXPECT_THAT(client_->Subscribe(req,
                                   [&](const v1::SubscribeResponse& m) {
                                     if (m.kind_case() == v1::SubscribeResponse::kCaughtUp) {
                                       EXPECT_EQ(m.caught_up(), positions.empty() ? 100u : positions.back());
                                       caught_up = true;
                                     }
                                     if (m.has_event()) positions.push_back(m.event().position());
                                     return positions.size() < 401;
                                   }),
                IsOk());
  });
  for (int i = 0; i < 20; ++i) ASSERT_THAT(client_->Append(Request("live", 10)), IsOk());
  reader.join();
  EXPECT_TRUE(caught_up);
  ASSERT_EQ(positions.size(), 401u);
  for (size_t i = 0; i < positions.size(); ++i) ASSERT_EQ(positions[i], 101 + i);
}

TEST_F(ServiceTest, QuietSubscriptionSurvivesKeepalivePings) {
  // Shortened intervals: the server pings every 200 ms and the client every 300 ms;
  // gRPC's default policy would cut such a client after a few strikes.
  PriodOptions o;
  o.keepalive_time = absl::Milliseconds(200);
  o.keepalive_timeout = absl::Seconds(2);
  o.min_client_ping_interval = absl::Milliseconds(100);
  Start(o);
  client::ConnectOptions pings{.bearer_token = testing::ReadAdminToken(dir_.Sub("db"))};
  pings.int_args = {{GRPC_ARG_KEEPALIVE_TIME_MS, 300},
                    {GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 2000},
                    {GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1},
                    {GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0}};
  StoreClient pinging(client::Connect(server_.address(), pings));
  std::atomic<int> events{0};
  std::thread reader([&] {
    EXPECT_THAT(pinging.Subscribe({},
                                  [&](const v1::SubscribeResponse& m) {
                                    if (m.has_event()) ++events;
                                    return events < 1;
                                  }),
                IsOk());
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // quiet stream
  ASSERT_THAT(client_->Append(Request("late", 1)), IsOk());
  reader.join();
  EXPECT_EQ(events.load(), 1);
}

TEST_F(ServiceTest, ClientThatDisconnectsMidStreamLeavesTheServerHealthy) {
  ASSERT_THAT(client_->Append(Request("s", 1000)), IsOk());
  for (int round = 0; round < 5; ++round) {
    int got = 0;
    ASSERT_THAT(client_->ReadAll({}, [&](const auto&) { return ++got < 10; }), IsOk());
    int live = 0;
    ASSERT_THAT(client_->Subscribe({}, [&](const auto&) { return ++live < 20; }), IsOk());
  }
  ASSERT_THAT(client_->Append(Request("s", 1)), IsOk());
  EXPECT_EQ(HeadPosition(), 1002u);
}

// --- standard services and malformed input, through generic calls -------------------

TEST_F(ServiceTest, HealthCheckServes) {
  std::string response;
  // grpc.health.v1.HealthCheckRequest{service: ""} is empty on the wire.
  grpc::Status s = testing::GenericUnary(channel_, "/grpc.health.v1.Health/Check", "", &response);
  ASSERT_TRUE(s.ok()) << s.error_message();
  // HealthCheckResponse{status: SERVING (1)} = field 1, varint 1.
  EXPECT_EQ(response, std::string("\x08\x01", 2));
}

TEST_F(ServiceTest, ReflectionListsTheEventStoreService) {
  grpc::GenericStub stub(channel_);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(&ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                               &cq);
  void* tag = nullptr;
  bool ok = false;
  call->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  // ServerReflectionRequest{list_services: "*"}: field 7, length-delimited.
  grpc::Slice req(std::string("\x3a\x01*", 3));
  grpc::ByteBuffer request(&req, 1);
  call->Write(request, reinterpret_cast<void*>(2));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  grpc::ByteBuffer response;
  call->Read(&response, reinterpret_cast<void*>(3));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const auto& sl : slices) bytes.append(reinterpret_cast<const char*>(sl.begin()), sl.size());
  EXPECT_THAT(bytes, HasSubstr("prio.v1.EventStore"));
  EXPECT_THAT(bytes, HasSubstr("grpc.health.v1.Health"));
  call->WritesDone(reinterpret_cast<void*>(4));
  cq.Next(&tag, &ok);
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  while (cq.Next(&tag, &ok) && tag != reinterpret_cast<void*>(5)) {
  }
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }
}

TEST_F(ServiceTest, MalformedProtobufIsRejectedAndChangesNothing) {
  std::string response;
  // Field 1 (appends), length-delimited, claiming 100 bytes that are not there.
  grpc::Status s =
      testing::GenericUnary(channel_, "/prio.v1.EventStore/Append", std::string("\x0a\x64\x01", 3), &response);
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(HeadPosition(), 1u);
  ASSERT_THAT(client_->Append(Request("s", 1)), IsOk());
}

TEST_F(ServiceTest, GracefulShutdownAcknowledgesOnlyWhatIsDurable) {
  constexpr int kClients = 8;
  std::atomic<bool> stop{false};
  std::vector<std::vector<std::string>> acked(kClients);
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      while (!stop) {
        v1::AppendRequest r = Request("c" + std::to_string(c), 1);
        auto res = client_->Append(r, absl::Seconds(5));
        if (res.ok()) {
          acked[c].push_back(r.appends(0).events(0).event_id());
        } else {
          EXPECT_THAT(res.status().code(),
                      ::testing::AnyOf(Code::kUnavailable, Code::kCancelled,
                                       Code::kFailedPrecondition, Code::kDeadlineExceeded))
              << res.status();
          return;
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  server_.priod()->Shutdown(absl::Milliseconds(200));
  stop = true;
  for (auto& t : clients) t.join();
  server_.Stop();
  auto store = storage::EventStore::Open({.path = dir_.Sub("db")});
  ASSERT_THAT(store, IsOk());
  auto all = (*store)->ReadAll({});
  ASSERT_THAT(all, IsOk());
  std::set<std::string> stored;
  for (const auto& e : all->events) stored.insert(e.event_id);
  size_t total = 0;
  for (const auto& v : acked) {
    for (const auto& id : v) EXPECT_TRUE(stored.contains(id));
    total += v.size();
  }
  EXPECT_GT(total, 0u);
}

}  // namespace
}  // namespace prio::server
