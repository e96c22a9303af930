#include "clirunner.h"

#include "fixtures.h"
#include "tempdir.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <sstream>

extern char** environ;

namespace latentlab::test {

namespace {
std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}
}  // namespace

CliResult runCli(const std::vector<std::string>& arguments, const std::vector<std::string>& environment) {
  TempDir scratch;
  const auto outPath = scratch / "stdout";
  const auto errPath = scratch / "stderr";
  std::vector<std::string> argvStorage{LATENTLAB_CLI_PATH};
  argvStorage.insert(argvStorage.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& argument : argvStorage) argv.push_back(argument.data());
  argv.push_back(nullptr);

  std::vector<std::string> envStorage;
  for (char** entry = environ; *entry; ++entry) envStorage.emplace_back(*entry);
  envStorage.insert(envStorage.end(), environment.begin(), environment.end());
  std::vector<char*> envp;
  for (auto& entry : envStorage) envp.push_back(entry.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = 0;
  CliResult result;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) {
    posix_spawn_file_actions_destroy(&actions);
    result.err = std::string("cannot start ") + argv[0] + ": " + std::strerror(errno);
    return result;
  }
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = slurp(outPath);
  result.err = slurp(errPath);
  return result;
}

std::vector<std::string> quickTrainArguments(const std::filesystem::path& dataset, const std::filesystem::path& run,
                                             int epochs) {
  return {"train",
          "--preset",
          "mnist-conv",
          "--dataset",
          dataset.string(),
          "--out",
          run.string(),
          "--epochs",
          std::to_string(epochs),
          "--batch",
          "16",
          "--device",
          "cpu",
          "--threads",
          "1",
          "--quiet"};
}

CliResult trainSmallRun(const std::filesystem::path& dir) {
  writeIdxFolder(dir / "digits", makeBlobDataset(200, ImageShape{1, 28, 28}, 10, 1),
                 makeBlobDataset(100, ImageShape{1, 28, 28}, 10, 2), true);
  return runCli({"train", "--preset", "mnist-conv", "--dataset", (dir / "digits").string(), "--out",
                 (dir / "run").string(), "--epochs", "2", "--batch", "32", "--device", "cpu", "--threads", "1",
                 "--quiet"});
}

int startCli(const std::vector<std::string>& arguments) {
  std::vector<std::string> argvStorage{LATENTLAB_CLI_PATH};
  argvStorage.insert(argvStorage.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (auto& argument : argvStorage) argv.push_back(argument.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int error = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return error == 0 ? int(pid) : -1;
}

}  // namespace latentlab::test
