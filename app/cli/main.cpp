// latentlab-cli: the headless twin of the GUI. Exit codes: 0 success, 2 usage
// error, 1 runtime error; one clear message on stderr, never a crash.

#include "commands.h"
#include "common/error.h"
#include "modelspec.h"

#include <c10/util/Exception.h>

#include <iostream>
#include <new>

namespace {
int fail(int code, const std::string& message) {
  std::cerr << "latentlab-cli: " << message << "\n";
  return code;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"LatentLab command line: train autoencoders and measure them without a GUI", "latentlab-cli"};
  app.require_subcommand(1);
  app.fallthrough();
  app.set_version_flag("--version", "latentlab-cli 0.1.0");
  latentlab::cli::addDatasetsCommand(app);
  latentlab::cli::addPresetsCommand(app);
  latentlab::cli::addSummaryCommand(app);
  latentlab::cli::addTrainCommand(app);
  latentlab::cli::addEvalCommand(app);
  latentlab::cli::addBenchCommand(app);
  latentlab::cli::addEmbedCommand(app);
  latentlab::cli::addProjectCommand(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const CLI::ParseError& error) {
    // One line like every other error (CLI11's own exit() adds a second one).
    return fail(2, std::string(error.what()) + "; see latentlab-cli --help");
  } catch (const latentlab::Error& error) {
    return fail(error.kind() == latentlab::ErrorKind::Usage ? 2 : 1, error.what());
  } catch (const latentlab::ModelSpecError& error) {
    return fail(2, error.what());
  } catch (const c10::Error& error) {
    return fail(1, std::string("LibTorch failed: ") + error.what_without_backtrace());
  } catch (const std::bad_alloc&) {
    return fail(1, "out of memory; lower --batch or --limit");
  } catch (const std::exception& error) {
    return fail(1, error.what());
  }
  return 0;
}
