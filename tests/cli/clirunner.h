#pragma once

#include <filesystem>
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

// The small run CLI suites share: MNIST-shaped blobs in ten clusters (200 training and
// 100 test images) in dir/digits, two epochs of mnist-conv trained into dir/run.
CliResult trainSmallRun(const std::filesystem::path& dir);

// `train` arguments for a quick mnist-conv run on `dataset` into `run`: batch 16, one CPU thread, quiet.
std::vector<std::string> quickTrainArguments(const std::filesystem::path& dataset, const std::filesystem::path& run,
                                             int epochs);

// Starts latentlab-cli without waiting (its output discarded); the caller kills or waits for it.
int startCli(const std::vector<std::string>& arguments);

}  // namespace latentlab::test
