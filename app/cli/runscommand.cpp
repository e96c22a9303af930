// `latentlab-cli runs` (the runs library) and `latentlab-cli compare` (the comparison
// table of chosen runs): the same summaries and table the Experiments tab shows.

#include "commands.h"
#include "common/error.h"
#include "common/paths.h"
#include "common/settingtext.h"
#include "run/runcomparison.h"
#include "run/runlibrary.h"
#include "runtable.h"

#include <iostream>

namespace latentlab::cli {

namespace {
const std::vector<std::string> kListColumns = {"name",        "status", "dataset",       "model", "latent", "lr",
                                               "epochs_done", "epochs", "best_val_loss", "psnr",  "date"};

void listRuns(const std::vector<std::string>& rootTexts, bool json) {
  std::vector<std::filesystem::path> roots;
  for (const auto& root : rootTexts) {
    std::error_code error;
    if (!std::filesystem::is_directory(root, error))
      throw usageError("--root " + root + " is not a folder; give the folder that holds your run folders");
    roots.emplace_back(root);
  }
  if (roots.empty()) roots.push_back(defaultRunsDir());
  RunLibrary library;
  const auto runs = library.scan(roots);
  if (json) {
    nlohmann::json root{{"runs", nlohmann::json::array()}};
    for (const auto& run : runs) root["runs"].push_back(runToJson(run));
    std::cout << root.dump(2) << "\n";
    return;
  }
  if (runs.empty()) {
    std::cout << "no runs under";
    for (const auto& root : roots) std::cout << " " << root.string();
    std::cout << "; train one with latentlab-cli train --out DIR\n";
    return;
  }
  std::vector<std::string> header;
  for (const auto& key : kListColumns) header.push_back(findRunColumn(key)->label);
  std::vector<std::vector<std::string>> rows;
  for (const auto& run : runs) {
    std::vector<std::string> row;
    for (const auto& key : kListColumns) row.push_back(runValue(run, key).text);
    rows.push_back(row);
  }
  std::cout << formatRunTable(rows, header);
  for (const auto& run : runs)
    if (run.state == RunState::Broken)
      std::cout << "broken: " << run.path.string() << ": " << renderForCli(run.reason) << "\n";
}

void compare(const std::vector<std::string>& dirs, bool json, bool csv) {
  if (dirs.size() < 2) throw usageError("compare needs at least two run folders");
  std::vector<RunSummary> runs;
  for (const auto& dir : dirs) {
    std::error_code error;
    if (!std::filesystem::is_directory(dir, error))
      throw usageError(dir + " is not a folder; give run folders (see latentlab-cli runs)");
    RunSummary run = summarizeRun(dir);
    if (run.state == RunState::Broken) throw inputError("cannot compare " + dir + ": " + renderForCli(run.reason));
    runs.push_back(std::move(run));
  }
  const ComparisonTable table = compareRuns(runs);
  if (csv) {
    std::cout << comparisonToCsv(table);
    return;
  }
  if (json) {
    nlohmann::json root{{"runs", nlohmann::json::array()},
                        {"differing", nlohmann::json::array()},
                        {"shared", nlohmann::json::object()}};
    for (const auto& run : runs) root["runs"].push_back(runToJson(run));
    for (std::size_t c = 0; c < table.columns.size(); ++c)
      if (table.differs[c]) root["differing"].push_back(table.columns[c].key);
    for (const auto& [label, value] : table.shared) root["shared"][label] = value;
    root["best"] =
        table.bestRow >= 0 ? nlohmann::json(runs[std::size_t(table.bestRow)].name()) : nlohmann::json(nullptr);
    std::cout << root.dump(2) << "\n";
    return;
  }
  std::cout << comparisonToMarkdown(table);
}
}  // namespace

void addRunsCommand(CLI::App& app) {
  struct Options {
    std::vector<std::string> roots;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand("runs", "List the run folders under the runs root: settings, status, results");
  command->add_option("--root", options->roots, "Folder holding run folders (repeatable; default: the user's runs)");
  command->add_flag("--json", options->json, "Print JSON: {\"runs\": [...]}");
  command->callback([options] { listRuns(options->roots, options->json); });
}

void addCompareCommand(CLI::App& app) {
  struct Options {
    std::vector<std::string> runs;
    bool json = false;
    bool csv = false;
  };
  auto options = std::make_shared<Options>();
  auto* command = app.add_subcommand(
      "compare", "Compare runs: the settings that differ (equal ones folded into 'Shared') and their results");
  command->add_option("runs", options->runs, "Two or more run folders")->required();
  auto* json = command->add_flag("--json", options->json, "Print JSON");
  auto* csv = command->add_flag("--csv", options->csv, "Print CSV");
  json->excludes(csv);
  command->callback([options] { compare(options->runs, options->json, options->csv); });
}

}  // namespace latentlab::cli
