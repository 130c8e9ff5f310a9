// Survey commands and the survey state's rebuild, each against its baseline in the
// same run, on the real reference data (all 427 NRW participants in one round).
//
// S1  SubmitNeeds over gRPC from many clients (each a different municipality, each
//     command a real amendment) versus a raw EventStore Append over gRPC of one event
//     with the same payload size: what validation, the command lock, idempotency
//     bookkeeping and the state catch-up cost on top of the durable append.
//     prio's own target: >= 0.5.
// S2  rebuilding the survey state from the log at start versus a raw scan of the same
//     log through EventStore::Scan. prio's own target: >= 0.33 (as DESIGN's replay).
//
// Usage: prio_survey_bench [--clients 64] [--seconds 3]
#include <cstring>
#include <filesystem>
#include <iostream>

#include "client/csv.h"
#include "client/store_client.h"
#include "client/responsibility_csv.h"
#include "client/survey_csv.h"
#include "client/unary.h"
#include "prio/v1/commands.grpc.pb.h"
#include "server/priod.h"
#include "server/survey_projection.h"
#include "testing/auth.h"
#include "tools/bench/bench_util.h"
#include "tools/bench/grpc_drive.h"

namespace {

using namespace prio;
using Commands = v1::SurveyCommands::Stub;

// Loads data/ and opens a round with every registered municipality.
std::vector<std::string> Setup(Commands* commands) {
  auto services = CsvTable::ReadFile(bench::DataFile("ozg_leistungen.csv"));
  auto leika = CsvTable::ReadFile(bench::DataFile("ozg_leika_leistungen.csv"));
  auto responsibility = CsvTable::ReadFile(bench::DataFile("responsibility.csv"));
  auto gemeinden = CsvTable::ReadFile(bench::DataFile("nrw_gemeinden.csv"));
  auto kreise = CsvTable::ReadFile(bench::DataFile("nrw_kreise.csv"));
  PRIO_BENCH_CHECK_OK(services);
  PRIO_BENCH_CHECK_OK(leika);
  PRIO_BENCH_CHECK_OK(responsibility);
  PRIO_BENCH_CHECK_OK(gemeinden);
  PRIO_BENCH_CHECK_OK(kreise);
  auto catalog = client::CatalogFromCsv(*services, &*leika);
  PRIO_BENCH_CHECK_OK(catalog);
  PRIO_BENCH_CHECK_OK(client::Unary(commands, &Commands::ImportCatalog, catalog->request));
  auto resp = client::ResponsibilityFromCsv(*responsibility);
  PRIO_BENCH_CHECK_OK(resp);
  PRIO_BENCH_CHECK_OK(client::Unary(commands, &Commands::ImportResponsibility, resp->request));
  auto munis = client::MunicipalitiesFromCsv({&*gemeinden, &*kreise});
  PRIO_BENCH_CHECK_OK(munis);
  PRIO_BENCH_CHECK_OK(client::Unary(commands, &Commands::ImportMunicipalities, munis->request));
  v1::OpenRoundRequest open;
  v1::RoundOpened* round = open.mutable_round();
  round->set_round_id("nrw-bench");
  round->set_title("NRW benchmark round");
  round->set_closes_at_us(absl::ToUnixMicros(absl::Now() + absl::Hours(24)));
  round->mutable_scope()->set_responsible_services(true);
  std::vector<std::string> ags;
  for (const v1::Municipality& m : munis->request.municipalities()) {
    round->add_participants(m.ags());
    ags.push_back(m.ags());
  }
  round->mutable_ballot()->set_kind(v1::BALLOT_KIND_POINTS);
  round->mutable_ballot()->set_budget(100);
  round->set_plan_start_quarter("2027-Q1");
  round->set_horizon_quarters(8);
  PRIO_BENCH_CHECK_OK(client::Unary(commands, &Commands::OpenRound, open));
  return ags;
}

v1::SubmitNeedsRequest Need(const std::string& ags, uint64_t n) {
  v1::SubmitNeedsRequest r;
  r.set_round_id("nrw-bench");
  r.set_ags(ags);
  v1::Need* need = r.add_needs();
  need->set_service_id("10000");  // Elterngeld: every size class
  need->set_level(v1::NEED_LEVEL_REQUIRED);
  need->set_desired_start_quarter("2027-Q3");
  need->set_yearly_cases(static_cast<int64_t>(n));
  need->set_department("Bürgerbüro");
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const bench::DriveArgs args = bench::ParseDriveArgs(argc, argv);
  int clients = args.clients;
  const double seconds = args.seconds;
  const std::string dir = bench::MakeRunDir("survey-bench");
  auto priod = server::Priod::Start({.data_dir = dir + "/db", .listen = "127.0.0.1:0"});
  if (!priod.ok()) {
    std::cerr << priod.status() << "\n";
    return 1;
  }
  // The provider's calls carry the admin token; each municipality sends its answers
  // with a token of its own (as in production), both through the same channels.
  auto admin = bench::Channels((*priod)->address(), 8, testing::ReadAdminToken(dir + "/db"));
  auto bare = bench::Channels((*priod)->address(), 8);
  std::vector<std::unique_ptr<Commands>> commands;
  std::vector<std::unique_ptr<v1::EventStore::Stub>> stores;
  for (std::size_t i = 0; i < admin.size(); ++i) {
    commands.push_back(v1::SurveyCommands::NewStub(bare[i]));
    stores.push_back(v1::EventStore::NewStub(admin[i]));
  }
  auto admin_commands = v1::SurveyCommands::NewStub(admin[0]);
  const std::vector<std::string> ags = Setup(admin_commands.get());
  clients = std::min<int>(clients, static_cast<int>(ags.size()));
  std::vector<std::string> tokens;
  for (int c = 0; c < clients; ++c) {
    tokens.push_back(bench::CreateToken(admin[0], v1::ROLE_MUNICIPALITY, ags[static_cast<std::size_t>(c)]));
  }
  std::printf("survey bench: %d concurrent clients (one municipality each), %.1f s each\n",
              clients, seconds);

  // The payload a SubmitNeeds command appends, for the baseline's event.
  v1::NeedAmended amended;
  amended.set_round_id("nrw-bench");
  amended.set_ags(ags[0]);
  *amended.mutable_need() = Need(ags[0], 123456).needs(0);
  const std::string payload = amended.SerializeAsString();

  const double append_rate = bench::Drive(clients, seconds, [&](int c, uint64_t n) {
    v1::AppendRequest r;
    v1::StreamAppend* sa = r.add_appends();
    sa->set_stream("bench-" + std::to_string(c));
    v1::ProposedEvent* e = sa->add_events();
    e->set_event_id(client::NewEventId());
    e->set_type("NeedAmended");
    e->set_data(payload);
    (*e->mutable_metadata())["principal"] = "local";
    (*e->mutable_metadata())["correlation-id"] = std::string(32, 'c');
    (*e->mutable_metadata())["command"] = "SubmitNeeds";
    grpc::ClientContext ctx;
    v1::AppendResponse resp;
    return stores[c % stores.size()]->Append(&ctx, r, &resp).ok();
  });
  const double command_rate = bench::Drive(clients, seconds, [&](int c, uint64_t n) {
    return bench::UnaryAs(tokens[static_cast<std::size_t>(c)], commands[c % commands.size()].get(),
                          &Commands::SubmitNeeds, Need(ags[static_cast<std::size_t>(c)], n + 1))
        .ok();
  });
  bench::Report("S1 SubmitNeeds commands over gRPC (calls/s)", "raw Append of the same event",
                append_rate, command_rate, 0.5, "calls/s");

  // S2: rebuild versus raw scan of the same log (best of 3 each).
  storage::EventStore* store = (*priod)->store();
  const uint64_t events = store->GetHead().position;
  double scan_best = 0, rebuild_best = 0;
  for (int round = 0; round < 3; ++round) {
    uint64_t seen = 0;
    auto t0 = std::chrono::steady_clock::now();
    PRIO_BENCH_CHECK_OK(store->Scan({}, [&](const storage::RecordedEvent&) {
      ++seen;
      return true;
    }));
    scan_best = std::max(scan_best, seen / bench::Seconds(t0));
    server::SurveyProjection fresh(store);
    t0 = std::chrono::steady_clock::now();
    if (absl::Status s = fresh.CatchUp(); !s.ok()) {
      std::cerr << s << "\n";
      return 1;
    }
    rebuild_best = std::max(rebuild_best, events / bench::Seconds(t0));
  }
  std::printf("  (log: %llu events)\n", static_cast<unsigned long long>(events));
  bench::Report("S2 survey state rebuild from the log (events/s)", "raw EventStore::Scan",
                scan_best, rebuild_best, 0.33, "events/s");
  priod->reset();
  std::filesystem::remove_all(dir);
  return 0;
}
