// The CLI tests' fixture: a real priod on a free loopback port (CliSession) and the
// prio binary with an admin token; LoadAndOpenRound loads the shipped data and opens
// round krz-2027 over three services for the 36 krz municipalities.
#ifndef PRIO_TESTS_CLIENT_CLI_FIXTURE_H_
#define PRIO_TESTS_CLIENT_CLI_FIXTURE_H_

#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "testing/cli_session.h"
#include "testing/process.h"
#include "testing/temp_dir.h"

namespace prio {

inline const std::string kData = PRIO_DATA_DIR;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(session_.Start().empty()); }

  testing::CommandResult Prio(const std::string& args) { return session_.Prio(args); }

  std::string Head() {
    testing::CommandResult r = Prio("--output json events head");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return r.output;
  }

  // The real data and a krz round over three services, through the CLI.
  void LoadAndOpenRound() {
    ASSERT_EQ(Prio("catalog import --services " + kData + "/ozg_leistungen.csv --leika " + kData +
                   "/ozg_leika_leistungen.csv").exit_code, 0);
    ASSERT_EQ(Prio("responsibility import " + kData + "/responsibility.csv").exit_code, 0);
    ASSERT_EQ(Prio("municipality import " + kData + "/nrw_gemeinden.csv " + kData +
                   "/nrw_kreise.csv").exit_code, 0);
    testing::CommandResult r = Prio(
        "round open --id krz-2027 --title 'Bedarfsabfrage 2027' --closes 2099-12-31 "
        "--ballot points --budget 100 --kreis 05758,05766,05770 --services 10519,10119,10255 "
        "--plan-start 2027-Q2");
    ASSERT_EQ(r.exit_code, 0) << r.output;
  }

  void WriteFile(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
  }

  testing::TempDir dir_;
  testing::CliSession session_{PRIOD_PATH, PRIO_CLI_PATH, dir_.Sub("db")};
};

}  // namespace prio

#endif  // PRIO_TESTS_CLIENT_CLI_FIXTURE_H_
