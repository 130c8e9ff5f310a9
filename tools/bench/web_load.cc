// prio_web_load: the web front end under the load of a survey round's last days. The
// krz region's clerks (several sessions per municipality) load their questionnaire and
// save answers, provider staff keep the live ranking open (server-sent events) and
// reload ranking pages, all at once for --seconds; the same work is first sent to
// priod directly over gRPC (the questionnaire's three queries, the save's SubmitNeeds)
// by as many clients, the baseline. Prints p50/p99 latency of pages and saves for both,
// the ratio, the errors (the run fails with any), and the live events received.
//
//   prio_web_load [--sessions 200] [--staff 20] [--seconds 60]
//
// Starts its own priod and `prio web` (children, on free loopback ports), loads the
// shipped data through the CLI and opens a round over every service each participant
// must provide.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench_util.h"
#include "client/store_client.h"
#include "client/unary.h"
#include "httplib.h"
#include "prio/v1/commands.grpc.pb.h"
#include "prio/v1/queries.grpc.pb.h"
#include "testing/process.h"

namespace prio::bench {
namespace {

using Clock = std::chrono::steady_clock;
using Queries = v1::SurveyQueries::Stub;
using Commands = v1::SurveyCommands::Stub;

constexpr char kRound[] = "krz-2027";

struct Participant {
  std::string ags, token;
  std::vector<std::string> services;  // in the round, its own
};

// Latencies (ms) and errors of one kind of request, from many threads.
class Samples {
 public:
  void Add(double ms) {
    std::lock_guard lock(mu_);
    ms_.push_back(ms);
  }
  void Error(const std::string& what) {
    std::lock_guard lock(mu_);
    if (errors_++ < 5) std::cerr << "  error: " << what << "\n";
  }
  double Percentile(double p) {
    std::lock_guard lock(mu_);
    if (ms_.empty()) return 0;
    std::sort(ms_.begin(), ms_.end());
    return ms_[std::min(ms_.size() - 1, static_cast<size_t>(p * ms_.size()))];
  }
  size_t count() {
    std::lock_guard lock(mu_);
    return ms_.size();
  }
  int errors() {
    std::lock_guard lock(mu_);
    return errors_;
  }

 private:
  std::mutex mu_;
  std::vector<double> ms_;
  int errors_ = 0;
};

double Ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

std::string Run(const std::string& command) {
  testing::CommandResult r = testing::RunCommand(command);
  if (r.exit_code != 0) {
    std::cerr << command << ": " << r.output << "\n";
    std::exit(1);
  }
  return r.output;
}

// The baseline: what one questionnaire view (GetRound, Compass, GetAnswers) and one
// save ask of priod, sent directly.
void GrpcClerk(const std::shared_ptr<grpc::Channel>& channel, const Participant& p, int seed,
               Clock::time_point until, Samples* pages, Samples* saves) {
  Queries q(channel);
  Commands c(channel);
  std::mt19937 rng(seed);
  while (Clock::now() < until) {
    const auto start = Clock::now();
    v1::GetRoundRequest gr;
    gr.set_round_id(kRound);
    v1::CompassRequest cr;
    cr.set_ags(p.ags);
    cr.set_round_id(kRound);
    v1::GetAnswersRequest ar;
    ar.set_round_id(kRound);
    ar.set_ags(p.ags);
    const bool ok = client::Unary(&q, &Queries::GetRound, gr, absl::Seconds(30), p.token).ok() &&
                    client::Unary(&q, &Queries::Compass, cr, absl::Seconds(30), p.token).ok() &&
                    client::Unary(&q, &Queries::GetAnswers, ar, absl::Seconds(30), p.token).ok();
    ok ? pages->Add(Ms(start)) : pages->Error("gRPC page queries");
    v1::SubmitNeedsRequest s;
    s.set_round_id(kRound);
    s.set_ags(p.ags);
    v1::Need* n = s.add_needs();
    n->set_service_id(p.services[rng() % p.services.size()]);
    n->set_level(static_cast<v1::NeedLevel>(1 + rng() % 4));
    n->set_department("Bürgerbüro");
    const auto save = Clock::now();
    absl::StatusOr<v1::CommandResponse> r =
        client::SendCommand(&c, &Commands::SubmitNeeds, s, absl::Seconds(30), p.token);
    r.ok() ? saves->Add(Ms(save)) : saves->Error(std::string(r.status().message()));
  }
}

// A browser session: the cookie and the CSRF token after signing in.
struct Browser {
  std::unique_ptr<httplib::Client> http;
  std::string cookie, csrf;
};

std::string CookieOf(const httplib::Result& r) {
  for (const auto& [k, v] : r->headers) {
    if (k == "Set-Cookie" && v.rfind("prio_session=", 0) == 0) return v.substr(0, v.find(';'));
  }
  return "";
}

std::string CsrfOf(const std::string& html) {
  const size_t at = html.find("name=\"csrf\" value=\"");
  if (at == std::string::npos) return "";
  const size_t end = html.find('"', at + 19);
  return end == std::string::npos ? "" : html.substr(at + 19, end - at - 19);
}

// Signs in as a browser does; "" or what went wrong.
std::string SignIn(const std::string& url, const std::string& token, Browser* b) {
  b->http = std::make_unique<httplib::Client>(url);
  b->http->set_keep_alive(true);
  b->http->set_read_timeout(30, 0);
  b->http->set_connection_timeout(10, 0);
  auto failed = [](const char* step, const httplib::Result& r) {
    return r ? absl::StrCat(step, ": HTTP ", r->status, " ", r->body.substr(0, 200))
             : absl::StrCat(step, ": ", httplib::to_string(r.error()));
  };
  httplib::Result login = b->http->Get("/login");
  if (!login || login->status != 200) return failed("GET /login", login);
  b->cookie = CookieOf(login);
  httplib::Headers h = {{"Cookie", b->cookie}};
  httplib::Params form = {{"csrf", CsrfOf(login->body)}, {"token", token}, {"next", "/rounds"}};
  httplib::Result r = b->http->Post("/login", h, form);
  if (!r || r->status != 303) return failed("POST /login", r);
  b->cookie = CookieOf(r);
  httplib::Result rounds = b->http->Get("/rounds", {{"Cookie", b->cookie}});
  if (!rounds || rounds->status != 200) return failed("GET /rounds", rounds);
  b->csrf = CsrfOf(rounds->body);
  return b->csrf.empty() ? "no CSRF token on /rounds" : "";
}

void WebClerk(const std::string& url, const Participant& p, int seed, Clock::time_point until,
              Samples* pages, Samples* saves) {
  Browser b;
  if (std::string e = SignIn(url, p.token, &b); !e.empty()) return pages->Error(p.ags + ": " + e);
  std::mt19937 rng(seed);
  const std::string base = absl::StrCat("/rounds/", kRound, "/answers/", p.ags);
  const char* levels[] = {"required", "wanted", "optional", "not-needed"};
  while (Clock::now() < until) {
    const auto start = Clock::now();
    httplib::Result page = b.http->Get(base.c_str(), {{"Cookie", b.cookie}});
    (page && page->status == 200) ? pages->Add(Ms(start))
                                  : pages->Error(page ? absl::StrCat("page ", page->status) : "page: no answer");
    httplib::Params form = {{"csrf", b.csrf},
                            {"request_id", absl::StrCat(seed, "-", rng())},
                            {"service", p.services[rng() % p.services.size()]},
                            {"level", levels[rng() % 4]},
                            {"department", "Bürgerbüro"}};
    const auto save = Clock::now();
    httplib::Result r = b.http->Post((base + "/need").c_str(),
                                     {{"Cookie", b.cookie}, {"Accept", "application/json"}}, form);
    (r && r->status == 200 && r->body.find("\"ok\":true") != std::string::npos)
        ? saves->Add(Ms(save))
        : saves->Error(r ? absl::StrCat("save ", r->status, " ", r->body.substr(0, 200)) : "save: no answer");
  }
}

// Staff: the live ranking open over SSE in one connection, ranking pages in another.
void WebStaff(const std::string& url, const std::string& token, Clock::time_point until,
              Samples* pages, std::atomic<int64_t>* events) {
  Browser b;
  if (std::string e = SignIn(url, token, &b); !e.empty()) return pages->Error("staff: " + e);
  std::atomic<bool> done{false};
  std::thread live([&] {
    httplib::Client sse(url);
    sse.set_read_timeout(30, 0);
    const std::string path = absl::StrCat("/rounds/", kRound, "/live?view=ranking");
    while (!done && Clock::now() < until) {
      sse.Get(path.c_str(), {{"Cookie", b.cookie}}, [&](const char* data, size_t n) {
        for (size_t i = 0; i + 6 <= n; ++i) {
          if (std::memcmp(data + i, "event:", 6) == 0) ++*events;
        }
        return !done.load() && Clock::now() < until;
      });
    }
  });
  const std::string ranking = absl::StrCat("/rounds/", kRound, "/ranking");
  while (Clock::now() < until) {
    const auto start = Clock::now();
    httplib::Result page = b.http->Get(ranking.c_str(), {{"Cookie", b.cookie}});
    (page && page->status == 200) ? pages->Add(Ms(start)) : pages->Error("ranking page");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  done = true;
  live.join();
}

}  // namespace
}  // namespace prio::bench

int main(int argc, char** argv) {
  using namespace prio::bench;
  int sessions = 200, staff = 20;
  double seconds = 60;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--sessions") == 0) sessions = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--staff") == 0) staff = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--seconds") == 0) seconds = std::atof(argv[i + 1]);
  }
  const int clerks = std::max(1, sessions - staff);
  const std::string dir = MakeRunDir("web-load");
  prio::testing::PriodProcess priod(PRIOD_PATH, dir + "/data");
  const std::string address = priod.Start();
  if (address.empty()) return 1;
  const std::string cli = std::string(PRIO_CLI_PATH) + " --server " + address + " --token-file " +
                          dir + "/data/admin.token ";
  const std::string data = PRIO_DATA_DIR;
  Run(cli + "catalog import --services " + data + "/ozg_leistungen.csv --leika " + data +
      "/ozg_leika_leistungen.csv");
  Run(cli + "responsibility import " + data + "/responsibility.csv");
  Run(cli + "municipality import " + data + "/nrw_gemeinden.csv " + data + "/nrw_kreise.csv");
  Run(cli + "round open --id " + kRound + " --title Last --closes 2099-12-31 --ballot points "
      "--budget 100 --kreis 05758,05766,05770 --plan-start 2027-Q2 --results public");

  // Every participant, its token and its services in the round.
  const std::string admin = prio::testing::WaitForFile(dir + "/data/admin.token");
  auto channel = prio::client::Connect(address, "");
  Queries q(channel);
  prio::v1::GetRoundRequest gr;
  gr.set_round_id(kRound);
  auto round = prio::client::Unary(&q, &Queries::GetRound, gr, absl::Seconds(30), admin);
  PRIO_BENCH_CHECK_OK(round);
  std::vector<Participant> participants;
  for (const std::string& ags : round->round().round().participants()) {
    Participant p;
    p.ags = ags;
    p.token = Run(cli + "token create --role municipality --ags " + ags + " 2>/dev/null");
    p.token = p.token.substr(0, p.token.find('\n'));
    prio::v1::CompassRequest cr;
    cr.set_ags(ags);
    cr.set_round_id(kRound);
    auto c = prio::client::Unary(&q, &Queries::Compass, cr, absl::Seconds(30), admin);
    PRIO_BENCH_CHECK_OK(c);
    for (const auto& e : c->services()) {
      if (e.in_round()) p.services.push_back(e.service_id());
    }
    if (!p.services.empty()) participants.push_back(std::move(p));
  }

  // The baseline: the same work sent to priod directly, by as many clients.
  Samples grpc_pages, grpc_saves;
  {
    const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(seconds));
    std::vector<std::thread> threads;
    for (int i = 0; i < sessions; ++i) {
      threads.emplace_back(GrpcClerk, channel, std::cref(participants[i % participants.size()]),
                           i, until, &grpc_pages, &grpc_saves);
    }
    for (std::thread& t : threads) t.join();
  }

  const std::string ready = dir + "/web.ready";
  const pid_t web = prio::testing::Spawn({PRIO_CLI_PATH, "--server", address, "web", "--listen",
                                          "127.0.0.1:0", "--ready-file", ready, "--threads",
                                          std::to_string(sessions * 2 + 16)});
  const std::string url = prio::testing::WaitForFile(ready);
  if (url.empty()) return 1;
  Samples pages, saves, staff_pages;
  std::atomic<int64_t> events{0};
  {
    const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(seconds));
    std::vector<std::thread> threads;
    for (int i = 0; i < clerks; ++i) {
      threads.emplace_back(WebClerk, url, std::cref(participants[i % participants.size()]), i,
                           until, &pages, &saves);
    }
    for (int i = 0; i < staff; ++i) {
      threads.emplace_back(WebStaff, url, admin, until, &staff_pages, &events);
    }
    for (std::thread& t : threads) t.join();
  }
  kill(web, SIGTERM);
  prio::testing::WaitExit(web);

  std::printf("web front end under load: %d sessions (%d clerks of %zu municipalities, %d staff "
              "with the live ranking open), %.0f s each phase\n",
              clerks + staff, clerks, participants.size(), staff, seconds);
  std::printf("%-34s %10s %10s %10s %8s\n", "", "count", "p50 ms", "p99 ms", "errors");
  auto row = [](const char* name, Samples& s) {
    std::printf("%-34s %10zu %10.1f %10.1f %8d\n", name, s.count(), s.Percentile(0.5),
                s.Percentile(0.99), s.errors());
  };
  row("baseline: gRPC questionnaire reads", grpc_pages);
  row("baseline: gRPC SubmitNeeds", grpc_saves);
  row("web: questionnaire page", pages);
  row("web: save (one service)", saves);
  row("web: staff ranking page", staff_pages);
  std::printf("live ranking events received by staff: %lld\n", static_cast<long long>(events.load()));
  std::printf("ratio p99 page, gRPC reads / web page: %.2f\n",
              grpc_pages.Percentile(0.99) / std::max(0.001, pages.Percentile(0.99)));
  std::printf("ratio p99 save, gRPC / web: %.2f\n",
              grpc_saves.Percentile(0.99) / std::max(0.001, saves.Percentile(0.99)));
  const int errors = grpc_pages.errors() + grpc_saves.errors() + pages.errors() + saves.errors() +
                     staff_pages.errors();
  std::printf("errors: %d\n", errors);
  return errors == 0 && pages.count() > 0 && saves.count() > 0 ? 0 : 1;
}
