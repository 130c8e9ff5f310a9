#include "client/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace prio::client {

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)), total_(std::max<uint64_t>(total, 1)), tty_(isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() { Done(); }

void Progress::Step(const std::string& what) {
  Draw(what);
  done_ = std::min(done_ + 1, total_);
}

void Progress::Done() {
  if (finished_) return;
  finished_ = true;
  if (tty_) std::fprintf(stderr, "\r\x1b[2K");
}

void Progress::Draw(const std::string& what) const {
  if (!tty_) return;
  constexpr int kWidth = 24;
  const int filled = static_cast<int>(kWidth * done_ / total_);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r\x1b[2K%s [%s] %3d%% %s", label_.c_str(), bar.c_str(),
               static_cast<int>(100 * done_ / total_), what.c_str());
  std::fflush(stderr);
}

}  // namespace prio::client
