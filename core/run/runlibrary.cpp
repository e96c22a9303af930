#include "run/runlibrary.h"

#include "common/atomicfile.h"
#include "jsonsettings.h"
#include "jsontext.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>

namespace latentlab {
namespace fs = std::filesystem;

namespace {
constexpr int kMaxDepth = 4;
constexpr int kCacheVersion = 2;
const char* const kFingerprintFiles[] = {"spec.json",   "config.json", "metrics.csv",
                                         "status.json", "probe.json",  "annotations.json"};

// JSON has no NaN: unknown numbers travel as null.
nlohmann::json number(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}
double number(const nlohmann::json& value) {
  return value.is_number() ? value.get<double>() : std::nan("");
}

nlohmann::json toJson(const RunSummary& s) {
  // The status record as status.json's own text.
  const nlohmann::json status = s.status ? nlohmann::json(runStatusJson(*s.status)) : nlohmann::json(nullptr);
  return {{"path", s.path.string()},
          {"display_name", s.annotations.displayName},
          {"tags", s.annotations.tags},
          {"note", s.annotations.note},
          {"state", runStateName(s.state)},
          {"reason", s.reason},
          {"sweep", s.sweep},
          {"created_at", s.createdAt},
          {"updated_at", s.updatedAt},
          {"status", status},
          {"dataset", s.dataset},
          {"model", s.model},
          {"kind", s.kind},
          {"parameters", s.parameters},
          {"latent", s.latent},
          {"loss", s.loss},
          {"optimizer", s.optimizer},
          {"lr", number(s.learningRate)},
          {"weight_decay", number(s.weightDecay)},
          {"batch", s.batchSize},
          {"corruption", s.corruption},
          {"beta", number(s.beta)},
          {"dropout", number(s.dropout)},
          {"batch_norm", s.batchNorm},
          {"seed", s.seed},
          {"epochs", s.epochsPlanned},
          {"epochs_done", s.epochsDone},
          {"best_epoch", s.bestEpoch},
          {"best_val_loss", number(s.bestValidationLoss)},
          {"last_val_loss", number(s.lastValidationLoss)},
          {"psnr", number(s.psnr)},
          {"ssim", number(s.ssim)},
          {"probe_accuracy", number(s.probeAccuracy)},
          {"train_seconds", number(s.trainingSeconds)},
          {"images_per_s", number(s.imagesPerSecond)}};
}

RunState stateFromName(const std::string& name) {
  for (RunState state : {RunState::Finished, RunState::Stopped, RunState::Diverged, RunState::Running,
                         RunState::Incomplete, RunState::Broken})
    if (runStateName(state) == name) return state;
  return RunState::Broken;
}

RunSummary fromJson(const nlohmann::json& j) {
  RunSummary s;
  s.path = j.at("path").get<std::string>();
  s.folderName = s.path.filename().string();
  s.annotations.displayName = j.at("display_name").get<std::string>();
  s.annotations.tags = j.at("tags").get<std::vector<std::string>>();
  s.annotations.note = j.at("note").get<std::string>();
  s.state = stateFromName(j.at("state").get<std::string>());
  s.reason = j.at("reason").get<std::string>();
  s.sweep = j.at("sweep").get<std::string>();
  s.createdAt = number(requiredSetting(j, "created_at"));
  s.updatedAt = number(requiredSetting(j, "updated_at"));
  if (const auto& status = j.at("status"); status.is_string())
    s.status = parseRunStatus(status.get<std::string>(), "the runs cache");
  s.dataset = j.at("dataset").get<std::string>();
  s.model = j.at("model").get<std::string>();
  s.kind = j.at("kind").get<std::string>();
  s.parameters = requiredWholeNumberSetting(j, "parameters");
  s.latent = requiredIntSetting(j, "latent");
  s.loss = j.at("loss").get<std::string>();
  s.optimizer = j.at("optimizer").get<std::string>();
  s.learningRate = number(j.at("lr"));
  s.weightDecay = number(j.at("weight_decay"));
  s.batchSize = requiredIntSetting(j, "batch");
  s.corruption = j.at("corruption").get<std::string>();
  s.beta = number(j.at("beta"));
  s.dropout = number(j.at("dropout"));
  s.batchNorm = j.at("batch_norm").get<bool>();
  s.seed = requiredUnsignedSetting(j, "seed");
  s.epochsPlanned = requiredIntSetting(j, "epochs");
  s.epochsDone = requiredIntSetting(j, "epochs_done");
  s.bestEpoch = requiredIntSetting(j, "best_epoch");
  s.bestValidationLoss = number(j.at("best_val_loss"));
  s.lastValidationLoss = number(j.at("last_val_loss"));
  s.psnr = number(j.at("psnr"));
  s.ssim = number(j.at("ssim"));
  s.probeAccuracy = number(j.at("probe_accuracy"));
  s.trainingSeconds = number(j.at("train_seconds"));
  s.imagesPerSecond = number(j.at("images_per_s"));
  return s;
}

bool isHidden(const fs::path& dir) {
  const std::string name = dir.filename().string();
  return !name.empty() && name[0] == '.';
}

struct FoundRun {
  fs::path path;
  std::string sweep;
};

// Depth-first, children in name order, never following a folder twice.
void findRuns(const fs::path& dir, int depth, const std::string& sweep, std::vector<FoundRun>& found,
              const JobContext& job) {
  if (found.size() % 64 == 0) job.throwIfCancelled();
  std::error_code error;
  if (looksLikeRunFolder(dir)) {
    found.push_back({dir, sweep});
    return;
  }
  if (depth >= kMaxDepth) return;
  const std::string childSweep = fs::exists(dir / "sweep.json", error) ? dir.filename().string() : std::string();
  std::vector<fs::path> children;
  for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, error), end; !error && it != end;
       it.increment(error)) {
    if (!it->is_directory(error) || it->is_symlink(error) || isHidden(it->path())) continue;
    children.push_back(it->path());
  }
  std::sort(children.begin(), children.end());
  for (const auto& child : children) findRuns(child, depth + 1, childSweep, found, job);
}
}  // namespace

std::string runFingerprint(const fs::path& dir) {
  std::string print;
  for (const char* name : kFingerprintFiles) {
    struct stat info {};
    if (::stat((dir / name).c_str(), &info) != 0) {
      print += "-;";
      continue;
    }
    // The inode too: files are replaced by renaming a new one over them, and two writes within
    // one clock tick can leave the same time and size.
    print += std::to_string(info.st_mtim.tv_sec) + "." + std::to_string(info.st_mtim.tv_nsec) + ":" +
             std::to_string(info.st_size) + ":" + std::to_string(info.st_ino) + ";";
  }
  return print;
}

RunLibrary::RunLibrary(fs::path cacheFile) : mCacheFile(std::move(cacheFile)) {
  loadCache();
}

void RunLibrary::loadCache() {
  if (mCacheFile.empty()) return;
  std::error_code error;
  if (!fs::exists(mCacheFile, error)) return;
  try {
    const auto root = parseJsonText(readTextFile(mCacheFile));
    if (!root.is_object() || !root.contains("version") || !root.at("version").is_number_integer() ||
        root.at("version") != kCacheVersion || !root.contains("runs") || !root.at("runs").is_array())
      return;
    for (const auto& item : root.at("runs")) {
      // An entry with a bad value (1e99 where a count belongs, a missing key) is only dropped:
      // that run is scanned again, the rest of the cache stays good.
      try {
        Entry entry{item.at("fingerprint").get<std::string>(), fromJson(item.at("summary"))};
        mEntries[entry.summary.path.string()] = std::move(entry);
      } catch (const std::exception&) {
      }
    }
  } catch (const std::exception&) {
    mEntries.clear();  // a damaged cache is only a slower first scan
  }
}

void RunLibrary::saveCache() const {
  if (mCacheFile.empty()) return;
  nlohmann::json root{{"version", kCacheVersion}, {"runs", nlohmann::json::array()}};
  {
    std::lock_guard lock(mMutex);
    for (const auto& [path, entry] : mEntries)
      root["runs"].push_back({{"fingerprint", entry.fingerprint}, {"summary", toJson(entry.summary)}});
  }
  try {
    std::error_code error;
    fs::create_directories(mCacheFile.parent_path(), error);
    writeTextFileAtomically(mCacheFile, root.dump());
  } catch (const std::exception&) {
    // Only a cache: the next start reads the folders again.
  }
}

std::vector<RunSummary> RunLibrary::scan(const std::vector<fs::path>& roots, const JobContext& job) {
  const auto start = std::chrono::steady_clock::now();
  std::lock_guard lock(mMutex);
  std::vector<FoundRun> found;
  for (const auto& root : roots) {
    std::error_code error;
    if (!fs::is_directory(root, error)) continue;
    const fs::path parent = root.parent_path();
    const std::string sweep = fs::exists(parent / "sweep.json", error) ? parent.filename().string() : std::string();
    findRuns(root, 0, sweep, found, job);
  }
  // A folder reachable from two roots is listed once.
  std::sort(found.begin(), found.end(), [](const FoundRun& a, const FoundRun& b) { return a.path < b.path; });
  found.erase(
      std::unique(found.begin(), found.end(), [](const FoundRun& a, const FoundRun& b) { return a.path == b.path; }),
      found.end());

  RunScanStats stats;
  std::vector<RunSummary> runs;
  runs.reserve(found.size());
  std::map<std::string, Entry> kept;
  for (std::size_t i = 0; i < found.size(); ++i) {
    if (i % 64 == 0) {
      job.throwIfCancelled();
      job.report(double(i) / double(found.size()), "reading runs");
    }
    const std::string key = found[i].path.string();
    const std::string print = runFingerprint(found[i].path);
    auto cached = mEntries.find(key);
    Entry entry;
    if (cached != mEntries.end() && cached->second.fingerprint == print) {
      entry = std::move(cached->second);
      // A running run's files may not change when its writer dies: ask again every scan.
      if (entry.summary.state == RunState::Running || entry.summary.state == RunState::Incomplete ||
          entry.summary.state == RunState::Stopped)
        if (entry.summary.status) entry.summary.state = resolveRunState(entry.summary, entry.summary.status);
    } else {
      entry = Entry{print, summarizeRun(found[i].path)};
      ++stats.read;
    }
    entry.summary.sweep = found[i].sweep;
    runs.push_back(entry.summary);
    kept[key] = std::move(entry);
  }
  mEntries = std::move(kept);
  std::stable_sort(runs.begin(), runs.end(),
                   [](const RunSummary& a, const RunSummary& b) { return a.createdAt > b.createdAt; });
  stats.folders = int(runs.size());
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  mLastScan = stats;
  return runs;
}

RunScanStats RunLibrary::lastScan() const {
  std::lock_guard lock(mMutex);
  return mLastScan;
}

}  // namespace latentlab
