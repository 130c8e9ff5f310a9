// Seeds a priod child through the prio CLI, as an operator would: the shipped
// catalogue, responsibilities and NRW municipalities, and one points round over three
// services for the Kreise Herford, Lippe and Minden-Lübbecke.
#ifndef PRIO_TESTING_SEED_CLI_H_
#define PRIO_TESTING_SEED_CLI_H_

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "testing/process.h"

namespace prio::testing {

// Municipalities of the seeded round with services their size class answers for.
inline const std::vector<std::pair<std::string, std::vector<std::string>>>& SeededVoters() {
  static const auto* voters = new std::vector<std::pair<std::string, std::vector<std::string>>>{
      {"05758004", {"10519", "10119"}},  // Bünde
      {"05770024", {"10119", "10255"}},  // Minden
      {"05766020", {"10255"}},           // Detmold
  };
  return *voters;
}

// Use with ASSERT_NO_FATAL_FAILURE.
inline void SeedRoundThroughCli(const std::string& cli_path, const std::string& address,
                                const std::string& data_dir, const std::string& round_id) {
  const std::string cli =
      cli_path + " --server " + address + " --token-file " + data_dir + "/admin.token ";
  const std::string data = PRIO_DATA_DIR;
  for (const std::string& args :
       {"catalog import --services " + data + "/ozg_leistungen.csv --leika " + data +
            "/ozg_leika_leistungen.csv",
        "responsibility import " + data + "/responsibility.csv",
        "municipality import " + data + "/nrw_gemeinden.csv " + data + "/nrw_kreise.csv",
        "round open --id " + round_id + " --title Test --closes 2099-12-31 --ballot points "
            "--budget 100 --kreis 05758,05766,05770 --services 10519,10119,10255 "
            "--plan-start 2027-Q2"}) {
    const CommandResult r = RunCommand(cli + args);
    ASSERT_EQ(r.exit_code, 0) << args << ": " << r.output;
  }
}

}  // namespace prio::testing

#endif  // PRIO_TESTING_SEED_CLI_H_
