// Shared pieces of prio's benchmarks: timing, the command line of the gRPC ones, a run
// directory, and the ratio line every benchmark prints.
#ifndef PRIO_TOOLS_BENCH_BENCH_UTIL_H_
#define PRIO_TOOLS_BENCH_BENCH_UTIL_H_

#include <chrono>
#include <cstring>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

namespace prio::bench {

inline double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Exits the benchmark with the expression and its status unless it is ok (for the
// set-up steps, which have no business failing).
#define PRIO_BENCH_CHECK_OK(expr)                        \
  do {                                                   \
    const auto& s_ = (expr);                             \
    if (!s_.ok()) {                                      \
      std::cerr << #expr << ": " << s_.status() << "\n"; \
      std::exit(1);                                      \
    }                                                    \
  } while (0)

// The gRPC benchmarks' command line: [--clients N] [--seconds S].
struct DriveArgs {
  int clients = 64;
  double seconds = 3;
};
inline DriveArgs ParseDriveArgs(int argc, char** argv) {
  DriveArgs a;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--clients") == 0) a.clients = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--seconds") == 0) a.seconds = std::atof(argv[i + 1]);
  }
  return a;
}

// A fresh directory /tmp/prio-<name>-XXXXXX for one run's stores.
inline std::string MakeRunDir(const std::string& name) {
  std::string tmpl = "/tmp/prio-" + name + "-XXXXXX";
  if (mkdtemp(tmpl.data()) == nullptr) {
    std::perror("mkdtemp");
    std::exit(1);
  }
  return tmpl;
}

#ifdef PRIO_DATA_DIR
// A file of the shipped reference data (data/).
inline std::string DataFile(const std::string& name) {
  return std::string(PRIO_DATA_DIR) + "/" + name;
}
#endif

// Prints "<name>: baseline X/s, prio Y/s, ratio R (target >= T): met|MISSED".
// Returns whether the target was met.
inline bool Report(const std::string& name, const std::string& baseline_name, double baseline,
                   double prio, double target, const std::string& unit) {
  const double ratio = prio / baseline;
  std::printf("%s\n  baseline (%s): %12.0f %s\n  prio:          %12.0f %s\n", name.c_str(),
              baseline_name.c_str(), baseline, unit.c_str(), prio, unit.c_str());
  if (target > 0) {
    std::printf("  ratio: %.3f (target >= %.2f): %s\n", ratio, target,
                ratio >= target ? "met" : "MISSED");
  } else {
    std::printf("  ratio: %.3f (no target; reported)\n", ratio);
  }
  std::fflush(stdout);
  return target <= 0 || ratio >= target;
}

}  // namespace prio::bench

#endif  // PRIO_TOOLS_BENCH_BENCH_UTIL_H_
