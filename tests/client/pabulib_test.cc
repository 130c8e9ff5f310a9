// The pabulib export (prio round export --format pabulib): the equal-shares instance
// of the golden round of plan_test.cc, computed by hand, as the .pb text.
#include "client/pabulib.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/views.h"
#include "tests/domain/golden_survey.h"

namespace prio {
namespace {

using ::prio::testing::IsOk;

// M0 and M1 give 10001 (200 person-days) and 10002 (100) 50 points each, M2 gives
// 10003 (100) its 100; team T has 300 person-days in the window. Equal shares selects
// 10002 (ρ 1000) and 10003 (ρ 1000); 10001 no longer fits (plan_test.cc).
TEST_F(Golden, PabulibExportIsTheEqualSharesInstance) {
  Setup({"10001", "10002", "10003", "10004"}, {1, 1, 1}, v1::BALLOT_KIND_POINTS, 100);
  Points(0, {{"10001", 50}, {"10002", 50}});
  Points(1, {{"10001", 50}, {"10002", 50}});
  Points(2, {{"10003", 90}, {"10004", 10}});  // 10004 has no estimate: left out
  EffortsOnT({{"10001", 200.0}, {"10002", 100.0}, {"10003", 100.0}});
  ASSERT_THAT(h_.Run(domain::DecideDeclareCapacity, TeamCapacity(75)), IsOk());
  v1::ExportRoundRequest req;
  req.set_round_id("r");
  absl::StatusOr<v1::ExportRoundResponse> x = server::ExportRoundView(h_.state, req, nullptr);
  ASSERT_THAT(x, IsOk());
  EXPECT_EQ(client::RenderPabulib(*x),
            "META\n"
            "key;value\n"
            "description;golden\n"
            "country;Germany\n"
            "unit;prio round r\n"
            "instance;r\n"
            "num_projects;3\n"
            "num_votes;3\n"
            "budget;300000\n"
            "currency;1/1000 person-day\n"
            "vote_type;cumulative\n"
            "max_sum_points;100\n"
            "rule;equal-shares\n"
            "date_begin;2027-01-15\n"
            "date_end;2027-01-16\n"
            "comment;prio log position 23: projects in points ranking order (the tie-break), 1 "
            "services without a cost estimate or already live left out, selected by prio: "
            "200000 of 300000 spent\n"
            "PROJECTS\n"
            "project_id;cost;name;rank;supporters;selected;selected_by\n"
            "10001;200000;Leistung 10001;1;2;0;\n"
            "10002;100000;Leistung 10002;1;2;1;equal-shares\n"
            "10003;100000;Leistung 10003;3;1;1;equal-shares\n"
            "VOTES\n"
            "voter_id;vote;points\n"
            "05100000;10001,10002;50,50\n"
            "05100001;10001,10002;50,50\n"
            "05100002;10003;90\n");
  // Weighted by population: a weight column (2^20 fixed point).
  req.set_weighting("population");
  x = server::ExportRoundView(h_.state, req, nullptr);
  ASSERT_THAT(x, IsOk());
  EXPECT_THAT(client::RenderPabulib(*x), ::testing::HasSubstr("voter_id;vote;points;weight\n"
                                                              "05100000;10001,10002;50,50;1048576\n"));
  req.set_round_id("nope");
  EXPECT_FALSE(server::ExportRoundView(h_.state, req, nullptr).ok());
}

}  // namespace
}  // namespace prio
