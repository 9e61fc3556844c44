// Test support: run the built `govaudit` binary (or any program) and capture what it printed, so CLI
// behaviour is tested end to end, exit status included; and scratch directories that clean up.
#pragma once

#include <string>
#include <vector>

namespace govaudit::testing {

struct CommandResult {
  int exit_code = -1;  ///< the exit status, or 128+signal when killed by a signal
  std::string out;     ///< stdout
  std::string err;     ///< stderr
};

/// Runs GOVAUDIT_BIN with `args` (and `env` entries "K=V" added to the environment), waits for it.
CommandResult run_govaudit(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

/// Runs `argv[0]` (looked up on PATH) with the rest as arguments.
CommandResult run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env = {});

/// A fresh directory under $TMPDIR, removed with everything in it when the object dies.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

/// Whole contents of a file ("" if missing); and writing one.
std::string read_file(const std::string& path);
void write_file(const std::string& path, const std::string& contents);

/// Paths fixed at build time.
std::string source_dir();  ///< the repository root
std::string shared_dir();  ///< ../shared beside the repository
std::string govaudit_bin();

}  // namespace govaudit::testing
