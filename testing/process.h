// Child processes for end-to-end tests: start a binary, wait for its ready file,
// kill it, run a command and capture its output.
#ifndef PRIO_TESTING_PROCESS_H_
#define PRIO_TESTING_PROCESS_H_

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace prio::testing {

// Starts argv[0] with the given arguments (stdout/stderr inherited). Returns the pid.
inline pid_t Spawn(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return -1;
  return pid;
}

// Waits for the child to exit; returns its exit code, or 128 + signal.
inline int WaitExit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// Waits until `path` exists and returns its first line ("" on timeout).
inline std::string WaitForFile(const std::string& path,
                               std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(path);
    std::string line;
    if (in && std::getline(in, line) && !line.empty()) return line;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return "";
}

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line and captures what it prints.
inline CommandResult RunCommand(const std::string& command) {
  CommandResult r;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf;
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Resident memory of process `pid` in KiB (VmRSS; 0 if unknown).
inline int64_t ResidentKiB(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return 0;
}

// A priod child process on a free loopback port.
class PriodProcess {
 public:
  PriodProcess(std::string binary, std::string data_dir, std::vector<std::string> extra_args = {})
      : binary_(std::move(binary)), data_dir_(std::move(data_dir)),
        extra_args_(std::move(extra_args)) {}
  ~PriodProcess() { Kill(SIGKILL); }

  // Starts priod and waits until it serves; returns its address ("" on failure).
  std::string Start() {
    const std::string ready = data_dir_ + ".ready";
    std::filesystem::remove(ready);
    std::vector<std::string> args = {binary_,       "--data-dir",   data_dir_, "--listen",
                                     "127.0.0.1:0", "--ready-file", ready};
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    pid_ = Spawn(args);
    address_ = WaitForFile(ready);
    return address_;
  }

  // Sends `sig` and waits for the process; returns its exit code (or 128 + signal).
  int Kill(int sig) {
    if (pid_ <= 0) return -1;
    kill(pid_, sig);
    const int code = WaitExit(pid_);
    pid_ = -1;
    return code;
  }

  const std::string& address() const { return address_; }
  pid_t pid() const { return pid_; }

 private:
  std::string binary_;
  std::string data_dir_;
  std::vector<std::string> extra_args_;
  std::string address_;
  pid_t pid_ = -1;
};

}  // namespace prio::testing

#endif  // PRIO_TESTING_PROCESS_H_
