#pragma once

// How a run folder's training ended, or that it is still going: status.json, written by
// the trainer when a run starts, every few seconds while it trains (a heartbeat) and when
// it ends. A run whose writer was killed keeps "running" in the file; readers tell it
// apart by the writer's process and heartbeat (see isWriterAlive).

#include <filesystem>
#include <optional>
#include <string>

namespace latentlab {

// What the runs library shows; Broken and Incomplete come from the folder, not the file.
enum class RunState { Finished, Stopped, Diverged, Running, Incomplete, Broken };

std::string runStateName(RunState state);  // "finished", "stopped", …

struct RunStatusRecord {
  std::string
      state;  // "running", then how it ended: statusName() of the result ("finished", "cancelled", …) or "failed"
  std::string message;  // how it ended, settings named as {key}
  long long pid = 0;
  std::string host;
  double startedAt = 0.0;    // Unix seconds when this process started (or resumed) the run
  double heartbeatAt = 0.0;  // Unix seconds of the writer's last sign of life
  int epoch = 0;             // the epoch it is in (running) or stopped at
};

std::filesystem::path runStatusFile(const std::filesystem::path& runDir);
// status.json's text, and the record from such a text (an input Error naming `source` when damaged).
std::string runStatusJson(const RunStatusRecord& record);
RunStatusRecord parseRunStatus(const std::string& json, const std::string& source);
void writeRunStatus(const std::filesystem::path& runDir, const RunStatusRecord& record);
// Nothing when there is no status.json (runs from before it was written); an input Error
// naming the file when it is damaged.
std::optional<RunStatusRecord> readRunStatus(const std::filesystem::path& runDir);

// A record for this process, now.
RunStatusRecord runningStatus(int epoch);
double unixSecondsNow();

// True while the process that wrote a "running" record is alive: the same host and a
// live pid, or (another host, e.g. a shared disk) a heartbeat younger than two minutes.
bool isWriterAlive(const RunStatusRecord& record);

}  // namespace latentlab
