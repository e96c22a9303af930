#pragma once

#include <string>
#include <vector>

namespace latentlab::test {

struct CliResult {
  int exitCode = -1;  // the process's exit status; 128+N when killed by signal N
  std::string out;
  std::string err;
};

// Runs the built latentlab-cli with `arguments` (no shell), capturing both streams.
// `environment` adds NAME=VALUE pairs (e.g. HOME, LATENTLAB_DATA) to the child's.
CliResult runCli(const std::vector<std::string>& arguments, const std::vector<std::string>& environment = {});

// Starts latentlab-cli without waiting (its output discarded); the caller kills or waits for it.
int startCli(const std::vector<std::string>& arguments);

}  // namespace latentlab::test
