#include "run/runstatus.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "jsonsettings.h"
#include "jsontext.h"

#include <nlohmann/json.hpp>

#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <csignal>

namespace latentlab {
namespace fs = std::filesystem;

namespace {
std::string hostName() {
  char name[256] = {};
  if (gethostname(name, sizeof(name) - 1) != 0) return {};
  return name;
}

// A record from another host is alive while its heartbeat is this fresh; the trainer
// beats every few seconds and at every epoch.
constexpr double kRemoteHeartbeatSeconds = 120.0;
}  // namespace

std::string runStateName(RunState state) {
  switch (state) {
    case RunState::Finished:
      return "finished";
    case RunState::Stopped:
      return "stopped";
    case RunState::Diverged:
      return "diverged";
    case RunState::Running:
      return "running";
    case RunState::Incomplete:
      return "incomplete";
    case RunState::Broken:
      return "broken";
  }
  return "broken";
}

fs::path runStatusFile(const fs::path& runDir) {
  return runDir / "status.json";
}

std::string runStatusJson(const RunStatusRecord& record) {
  nlohmann::json root{{"state", record.state}, {"message", record.message},      {"pid", record.pid},
                      {"host", record.host},   {"started_at", record.startedAt}, {"heartbeat_at", record.heartbeatAt},
                      {"epoch", record.epoch}};
  return root.dump(2) + "\n";
}

RunStatusRecord parseRunStatus(const std::string& json, const std::string& source) {
  try {
    const auto root = parseJsonText(json);
    RunStatusRecord record;
    record.state = root.at("state").get<std::string>();
    record.message = root.value("message", std::string());
    record.pid = wholeNumberSetting(root, "pid", 0, 0, LLONG_MAX);
    record.host = root.value("host", std::string());
    record.startedAt = numberSetting(root, "started_at", 0.0);
    record.heartbeatAt = numberSetting(root, "heartbeat_at", 0.0);
    record.epoch = intSetting(root, "epoch", 0, 0, INT_MAX);
    return record;
  } catch (const std::exception& jsonError) {  // JsonTextError or nlohmann's type errors
    throw inputError(source + " is damaged (" + jsonError.what() +
                     "); delete it and the run is listed by its metrics alone");
  }
}

void writeRunStatus(const fs::path& runDir, const RunStatusRecord& record) {
  writeTextFileAtomically(runStatusFile(runDir), runStatusJson(record));
}

std::optional<RunStatusRecord> readRunStatus(const fs::path& runDir) {
  const fs::path file = runStatusFile(runDir);
  std::error_code error;
  if (!fs::exists(file, error)) return std::nullopt;
  return parseRunStatus(readTextFile(file), file.string());
}

double unixSecondsNow() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

RunStatusRecord runningStatus(int epoch) {
  RunStatusRecord record;
  record.state = "running";
  record.pid = static_cast<long long>(getpid());
  record.host = hostName();
  record.startedAt = unixSecondsNow();
  record.heartbeatAt = record.startedAt;
  record.epoch = epoch;
  return record;
}

bool isWriterAlive(const RunStatusRecord& record) {
  if (record.state != "running") return false;
  if (!record.host.empty() && record.host == hostName() && record.pid > 0) {
    // kill(pid, 0) asks without signalling; EPERM means it lives under another user.
    if (::kill(static_cast<pid_t>(record.pid), 0) == 0) return true;
    return errno == EPERM;
  }
  return unixSecondsNow() - record.heartbeatAt < kRemoteHeartbeatSeconds;
}

}  // namespace latentlab
