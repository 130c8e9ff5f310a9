// Progress: a progress bar for long CLI operations, drawn on stderr only when stderr
// is a terminal (piped or redirected output stays clean).
//
//   Progress p("import", 3);
//   ...; p.Step("reading services");  ...; p.Step("sending");  // then p.Done()
#ifndef PRIO_CLIENT_PROGRESS_H_
#define PRIO_CLIENT_PROGRESS_H_

#include <cstdint>
#include <string>

namespace prio::client {

class Progress {
 public:
  Progress(std::string label, uint64_t total);
  ~Progress();  // Done() if not yet

  // One step further; `what` says what happens now.
  void Step(const std::string& what);
  // Clears the bar.
  void Done();

 private:
  void Draw(const std::string& what) const;

  const std::string label_;
  const uint64_t total_;
  uint64_t done_ = 0;
  const bool tty_;
  bool finished_ = false;
};

}  // namespace prio::client

#endif  // PRIO_CLIENT_PROGRESS_H_
