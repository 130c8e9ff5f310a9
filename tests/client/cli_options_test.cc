// Every numeric option of every prio command, found by walking the binary's --help:
// a negative number, a non-number and an overflowing value are refused with exit 2
// and a message naming the option, before anything is sent (the server named here
// does not exist: a command that got as far as connecting would exit 1).
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/process.h"

namespace prio {
namespace {

using ::prio::testing::CommandResult;
using ::prio::testing::RunCommand;
using ::testing::HasSubstr;

const std::string kPrio = std::string(PRIO_CLI_PATH) + " --server 127.0.0.1:1 --token prio_x";

// The names listed under "Subcommands:" in `prio ARGS --help`.
std::vector<std::string> Subcommands(const std::string& args) {
  CommandResult r = RunCommand(kPrio + " " + args + " --help");
  std::vector<std::string> out;
  const std::size_t start = r.output.find("Subcommands:\n");
  if (start == std::string::npos) return out;
  std::istringstream lines(r.output.substr(start + 13));
  static const std::regex kLine("^  ([a-z][a-z-]*)  .*");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (!std::regex_match(line, m, kLine)) break;
    out.push_back(m[1]);
  }
  return out;
}

// "--cases" for every option of `prio ARGS --help` that takes INT, UINT or FLOAT.
std::vector<std::string> NumericOptions(const std::string& args) {
  CommandResult r = RunCommand(kPrio + " " + args + " --help");
  std::vector<std::string> out;
  static const std::regex kOption("^ +(?:-[a-z],)?(--[a-z-]+) (INT|UINT|FLOAT)\\b.*");
  std::istringstream lines(r.output);
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, kOption)) out.push_back(m[1]);
  }
  return out;
}

TEST(CliOptions, EveryNumericOptionRefusesNegativeJunkAndOverflow) {
  int checked = 0;
  std::vector<std::string> commands;
  for (const std::string& group : Subcommands("")) {
    const std::vector<std::string> subs = Subcommands(group);
    if (subs.empty()) commands.push_back(group);
    for (const std::string& sub : subs) commands.push_back(group + " " + sub);
  }
  ASSERT_GT(commands.size(), 40u) << "the walk found too few commands";
  for (const std::string& command : commands) {
    for (const std::string& option : NumericOptions(command)) {
      for (const char* value : {"-5", "zwölf", "1e999", "99999999999999999999999"}) {
        SCOPED_TRACE(command + " " + option + " " + std::string(value));
        CommandResult r = RunCommand(kPrio + " " + command + " " + option + " " + value);
        EXPECT_EQ(r.exit_code, 2) << r.output;
        EXPECT_THAT(r.output, HasSubstr(option)) << r.output;
      }
      ++checked;
    }
  }
  // Among them the ones that once slipped through or said too little.
  EXPECT_GE(checked, 20);
  CommandResult r = RunCommand(kPrio + " needs submit --round r --ags 05758004 --service 10119 "
                                       "--level required --department B --cases -3");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("--cases: Value -3 not in range 0 to 1000000000"));
  r = RunCommand(kPrio + " ballot cast --round r --ags 05758004 --points 10000=-5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("--points: -5 points for 10000 is negative"));
}

// Global options stand before or after the subcommand.
TEST(CliOptions, GlobalOptionsAfterTheSubcommand) {
  for (const std::string& args :
       {std::string("catalog show 10533 --output json --server 127.0.0.1:1 --token prio_x"),
        std::string("--output json ranking --round r --server 127.0.0.1:1 --token prio_x"),
        std::string("round status r --token prio_x --server 127.0.0.1:1 --request-id x")}) {
    CommandResult r = RunCommand(std::string(PRIO_CLI_PATH) + " " + args);
    EXPECT_EQ(r.exit_code, 1) << args << "\n" << r.output;  // got as far as connecting
    EXPECT_THAT(r.output, HasSubstr("UNAVAILABLE")) << args;
  }
  CommandResult r = RunCommand(std::string(PRIO_CLI_PATH) + " catalog show 10533 --output yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.output, HasSubstr("--output"));
}

// A missing input file is a usage error, not an empty payload.
TEST(CliOptions, MissingInputFileIsAUsageError) {
  CommandResult r = RunCommand(kPrio + " events append --stream s --type T --data-file /nonexistent/x");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("--data-file"));
  r = RunCommand(kPrio + " responsibility import /nonexistent/mapping.csv");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("/nonexistent/mapping.csv"));
}

}  // namespace
}  // namespace prio
