// latentlab-cli: the headless twin of the GUI. Exit codes: 0 success, 2 usage
// error, 1 runtime error; one clear message on stderr, never a crash.

#include "commands.h"
#include "common/buildinfo.h"
#include "common/error.h"
#include "common/settingtext.h"
#include "jobs/jobfailure.h"
#include "modelspec.h"

#include <iostream>

namespace {
int fail(int code, const std::string& message) {
  std::cerr << "latentlab-cli: " << latentlab::renderForCli(message) << "\n";
  return code;
}

// Exit codes by kind: 2 for what the user typed, 1 for everything else.
int exitCode(latentlab::FailureKind kind) {
  return kind == latentlab::FailureKind::Usage ? 2 : 1;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"LatentLab command line: train autoencoders and measure them without a GUI", "latentlab-cli"};
  app.require_subcommand(1);
  app.fallthrough();
  app.set_version_flag("--version", "latentlab-cli " + latentlab::latentlabVersion());
  latentlab::cli::addDatasetsCommand(app);
  latentlab::cli::addPresetsCommand(app);
  latentlab::cli::addSummaryCommand(app);
  latentlab::cli::addTrainCommand(app);
  latentlab::cli::addSweepCommand(app);
  latentlab::cli::addEvalCommand(app);
  latentlab::cli::addBenchCommand(app);
  latentlab::cli::addEmbedCommand(app);
  latentlab::cli::addProjectCommand(app);
  latentlab::cli::addRunsCommand(app);
  latentlab::cli::addCompareCommand(app);
  latentlab::cli::addProbeCommand(app);
  latentlab::cli::addReportCommand(app);
  latentlab::cli::addSampleCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    // One line like every other error (CLI11's own exit() adds a second one).
    return fail(2, std::string(error.what()) + "; see latentlab-cli --help");
  } catch (const latentlab::ModelSpecError& error) {
    return fail(2, error.what());
  } catch (...) {
    // LibTorch's errors become one sentence (no backtrace); out-of-memory says so.
    const latentlab::JobFailure failure = latentlab::describeFailure(std::current_exception());
    return fail(exitCode(failure.kind), failure.message);
  }
  return 0;
}
