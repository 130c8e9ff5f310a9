// libFuzzer target: every survey command's validation (server/domain/commands.h)
// against a seeded survey (testing/survey.h SeedSurvey: six services, six
// municipalities, points/ranked/future/closed rounds). The first byte picks the
// command, the rest is its request in protobuf wire format. Properties checked, beyond
// no crash/leak/UB under ASan/UBSan:
//  - a refused command leaves the state byte for byte unchanged (Dump());
//  - deciding is deterministic: the same request on the same state decides the same;
//  - an accepted decision's events apply to the state, at the revisions it expected.
//
//   cmake -S . -B build-fuzz -DCMAKE_CXX_COMPILER=clang++ -DPRIO_FUZZ=ON
//   cmake --build build-fuzz --target command_fuzzer
//   FUZZ_SECONDS=600 tools/fuzz/run command_fuzzer
#include <cstdint>
#include <cstdlib>

#include "gtest/gtest.h"
#include "server/domain/commands.h"
#include "testing/survey.h"
#include "tools/fuzz/fuzz_check.h"

namespace {

namespace v1 = prio::v1;
namespace domain = prio::domain;

using prio::fuzz::Check;

const prio::testing::DomainHarness& Seeded() {
  static const auto* h = [] {
    auto* harness = new prio::testing::DomainHarness();
    prio::testing::SeedSurvey(*harness);
    Check(harness->state.FindRound("points") != nullptr, "seeding");
    return harness;
  }();
  return *h;
}

bool SameDecision(const domain::Decision& a, const domain::Decision& b) {
  if (a.writes.size() != b.writes.size()) return false;
  for (size_t i = 0; i < a.writes.size(); ++i) {
    const auto& x = a.writes[i];
    const auto& y = b.writes[i];
    if (x.stream != y.stream || x.expected.kind != y.expected.kind ||
        x.expected.revision != y.expected.revision || x.events.size() != y.events.size()) {
      return false;
    }
    for (size_t k = 0; k < x.events.size(); ++k) {
      if (x.events[k].type != y.events[k].type || x.events[k].data != y.events[k].data) {
        return false;
      }
    }
  }
  return true;
}

template <typename Request, typename Decide>
void Run(Decide decide, const uint8_t* data, size_t size) {
  Request request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return;
  prio::testing::DomainHarness h = Seeded();
  const std::string before = h.state.Dump();
  absl::StatusOr<domain::Decision> first = decide(h.state, request, h.ctx);
  absl::StatusOr<domain::Decision> second = decide(h.state, request, h.ctx);
  Check(first.status() == second.status(), "deterministic status");
  if (!first.ok()) {
    Check(h.state.Dump() == before, "a refused command changes nothing");
    return;
  }
  Check(SameDecision(*first, *second), "deterministic decision");
  h.Commit(*first);  // applies every event; the harness records a failed Apply or an
                     // expected revision that does not hold as a gtest failure
  Check(!::testing::UnitTest::GetInstance()->ad_hoc_test_result().Failed(),
        "an accepted decision's events apply with the revisions it expected");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t* p = data + 1;
  const size_t n = size - 1;
  using namespace prio::domain;  // NOLINT
  switch (data[0] % 16) {
    case 0: Run<v1::ImportCatalogRequest>(DecideImportCatalog, p, n); break;
    case 1: Run<v1::RetireServicesRequest>(DecideRetireServices, p, n); break;
    case 2: Run<v1::ImportResponsibilityRequest>(DecideImportResponsibility, p, n); break;
    case 3: Run<v1::ImportMunicipalitiesRequest>(DecideImportMunicipalities, p, n); break;
    case 4: Run<v1::OpenRoundRequest>(DecideOpenRound, p, n); break;
    case 5: Run<v1::ExtendRoundRequest>(DecideExtendRound, p, n); break;
    case 6: Run<v1::CloseRoundRequest>(DecideCloseRound, p, n); break;
    case 7: Run<v1::ChangeBallotRulesRequest>(DecideChangeBallotRules, p, n); break;
    case 8: Run<v1::SubmitNeedsRequest>(DecideSubmitNeeds, p, n); break;
    case 9: Run<v1::WithdrawNeedsRequest>(DecideWithdrawNeeds, p, n); break;
    case 10: Run<v1::CastBallotRequest>(DecideCastBallot, p, n); break;
    case 11: Run<v1::WithdrawBallotRequest>(DecideWithdrawBallot, p, n); break;
    case 12: Run<v1::SetEffortRequest>(DecideSetEffort, p, n); break;
    case 13: Run<v1::DeclareCapacityRequest>(DecideDeclareCapacity, p, n); break;
    case 14: Run<v1::SetOfferingsRequest>(DecideSetOfferings, p, n); break;
    case 15: Run<v1::SetDeadlinesRequest>(DecideSetDeadlines, p, n); break;
  }
  return 0;
}
