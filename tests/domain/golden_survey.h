// The golden tests' small survey (ranking_test.cc, plan_test.cc): services every size
// class must provide, kreisfreie Städte with given populations, one round "r" planning
// 2027-Q1 to 2027-Q4, and helpers to answer it. Built with DomainHarness: pure domain,
// no server.
#ifndef PRIO_TESTS_DOMAIN_GOLDEN_SURVEY_H_
#define PRIO_TESTS_DOMAIN_GOLDEN_SURVEY_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/ranking.h"
#include "testing/status_matchers.h"
#include "testing/survey.h"
#include "vocabulary/size_class.h"

namespace prio {

// A small survey: services, municipalities with given populations, one round.
class Golden : public ::testing::Test {
 protected:
  void Setup(const std::vector<std::string>& services, const std::vector<int64_t>& populations,
             v1::BallotKind kind, uint32_t limit) {
    v1::ImportCatalogRequest catalog;
    v1::ImportResponsibilityRequest resp;
    for (const std::string& id : services) {
      *catalog.add_services() = testing::MakeService(id, "Leistung " + id);
      v1::ResponsibilitySet* r = resp.add_entries();
      r->set_service_id(id);
      for (auto c : vocab::AllSizeClasses()) r->add_size_classes(c);
    }
    ASSERT_THAT(h_.Run(domain::DecideImportCatalog, catalog), testing::IsOk());
    ASSERT_THAT(h_.Run(domain::DecideImportResponsibility, resp), testing::IsOk());
    v1::ImportMunicipalitiesRequest munis;
    for (std::size_t i = 0; i < populations.size(); ++i) {
      ags_.push_back(absl::StrCat("05", 100000 + i));
      *munis.add_municipalities() = testing::MakeMunicipality(
          ags_.back(), "M" + std::to_string(i), v1::SIZE_CLASS_KREISFREIE_STADT, populations[i]);
    }
    ASSERT_THAT(h_.Run(domain::DecideImportMunicipalities, munis), testing::IsOk());
    v1::OpenRoundRequest open;
    v1::RoundOpened* round = open.mutable_round();
    round->set_round_id("r");
    round->set_title("golden");
    round->set_closes_at_us(testing::Micros(h_.ctx.now + absl::Hours(24)));
    for (const std::string& id : services) round->mutable_scope()->mutable_services()->add_service_ids(id);
    for (const std::string& a : ags_) round->add_participants(a);
    round->mutable_ballot()->set_kind(kind);
    if (kind == v1::BALLOT_KIND_POINTS) {
      round->mutable_ballot()->set_budget(limit);
    } else {
      round->mutable_ballot()->set_max_ranks(limit);
    }
    round->set_plan_start_quarter("2027-Q1");
    round->set_horizon_quarters(4);
    ASSERT_THAT(h_.Run(domain::DecideOpenRound, open), testing::IsOk());
  }

  void Points(int m, std::vector<std::pair<std::string, uint32_t>> points) {
    v1::CastBallotRequest r;
    r.set_round_id("r");
    r.set_ags(ags_[m]);
    for (auto& [id, n] : points) {
      v1::PointsAllocation* p = r.mutable_ballot()->add_points();
      p->set_service_id(id);
      p->set_points(n);
    }
    ASSERT_THAT(h_.Run(domain::DecideCastBallot, r), testing::IsOk());
  }

  void Ranked(int m, const std::string& order) {  // "10003,10001"
    v1::CastBallotRequest r;
    r.set_round_id("r");
    r.set_ags(ags_[m]);
    for (absl::string_view id : absl::StrSplit(order, ',')) r.mutable_ballot()->add_ranked(std::string(id));
    ASSERT_THAT(h_.Run(domain::DecideCastBallot, r), testing::IsOk());
  }

  void NeedOf(int m, const std::string& service, v1::NeedLevel level, int64_t cases,
              const std::string& quarter = "") {
    v1::SubmitNeedsRequest r;
    r.set_round_id("r");
    r.set_ags(ags_[m]);
    v1::Need* n = r.add_needs();
    n->set_service_id(service);
    n->set_level(level);
    n->set_yearly_cases(cases);
    n->set_department("Amt");
    n->set_desired_start_quarter(quarter);
    ASSERT_THAT(h_.Run(domain::DecideSubmitNeeds, r), testing::IsOk());
  }

  // Own-build estimates on team "T": (service, central person-days).
  void EffortsOnT(std::initializer_list<std::pair<const char*, double>> efforts) {
    v1::SetEffortRequest request;
    for (const auto& [id, days] : efforts) {
      v1::EffortEstimated* e = request.add_efforts();
      e->set_service_id(id);
      e->set_team("T");
      e->set_central_person_days(days);
    }
    ASSERT_THAT(h_.Run(domain::DecideSetEffort, request), testing::IsOk());
  }

  // Team "T" with `per_quarter` person-days in each of the round's four quarters.
  static v1::DeclareCapacityRequest TeamCapacity(double per_quarter) {
    v1::DeclareCapacityRequest capacity;
    for (const char* q : {"2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"}) {
      v1::CapacityDeclared* c = capacity.add_teams();
      c->set_team("T");
      c->set_quarter(q);
      c->set_person_days(per_quarter);
    }
    return capacity;
  }

  std::vector<domain::RankingRow> Rank(domain::Method m,
                                       domain::Weighting w = domain::Weighting::kNone) {
    absl::StatusOr<std::vector<domain::RankingRow>> r =
        domain::ComputeRanking(h_.state, *h_.state.FindRound("r"), m, w);
    EXPECT_THAT(r, testing::IsOk());
    return r.ok() ? *r : std::vector<domain::RankingRow>();
  }

  // "id:rank:score" for each row, for compact golden comparisons.
  static std::vector<std::string> Compact(const std::vector<domain::RankingRow>& rows) {
    std::vector<std::string> out;
    for (const domain::RankingRow& r : rows) {
      out.push_back(absl::StrCat(r.service_id, ":", r.rank, ":", r.score, r.tied ? "=" : ""));
    }
    return out;
  }

  testing::DomainHarness h_;
  std::vector<std::string> ags_;
};

}  // namespace prio

#endif  // PRIO_TESTS_DOMAIN_GOLDEN_SURVEY_H_
