#pragma once

#include <CLI/CLI.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace latentlab::cli {

// Each adds one subcommand to `app`; its callback does the work when chosen.
void addDatasetsCommand(CLI::App& app);
void addPresetsCommand(CLI::App& app);
void addSummaryCommand(CLI::App& app);
void addTrainCommand(CLI::App& app);
void addSweepCommand(CLI::App& app);
void addEvalCommand(CLI::App& app);
void addBenchCommand(CLI::App& app);
void addEmbedCommand(CLI::App& app);
void addProjectCommand(CLI::App& app);
void addRunsCommand(CLI::App& app);
void addCompareCommand(CLI::App& app);
void addProbeCommand(CLI::App& app);
void addReportCommand(CLI::App& app);
void addSampleCommand(CLI::App& app);

// Shared by embed and project (defined in embedcommand.cpp): the options that pick
// a run's items, and a check that --out can be written without touching the run.
struct RunItemOptions {
  std::string run;
  std::string dataset;
  std::string split = "test";
  std::size_t limit = 0;
  std::string dataDir;
  int imageSize = 0;  // 0 = as the run was trained
  void addOptions(CLI::App& command);
};
// Prints what loading a dataset skipped ("warning: ..." on stderr, so --json output stays clean).
void printLoadWarnings(const std::vector<std::string>& warnings);
void checkOutputFile(const std::filesystem::path& out, const std::filesystem::path& runDir);

}  // namespace latentlab::cli
