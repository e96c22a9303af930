#pragma once

// The runs library: every run folder under some roots, as summaries. A scan only stats
// the few small files of each folder and re-reads those that changed since the last
// scan (kept in memory and, optionally, in a cache file), so rescanning a thousand runs
// every couple of seconds is cheap and a run being written elsewhere updates live.

#include "jobs/jobcontext.h"
#include "run/runsummary.h"

#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace latentlab {

struct RunScanStats {
  int folders = 0;  // run folders found
  int read = 0;     // summaries read from disk this scan (the rest came from the cache)
  double seconds = 0.0;
};

class RunLibrary {
public:
  // `cacheFile` empty: keep the cache in memory only.
  explicit RunLibrary(std::filesystem::path cacheFile = {});

  // Finds run folders in each root: the root itself when it is a run, its sub-folders,
  // and (to a depth of four) folders that are not runs, such as sweep folders. Hidden
  // folders and runs' own sub-folders are skipped. Runs are sorted newest first.
  // Missing roots are skipped. Thread-safe (one scan at a time).
  std::vector<RunSummary> scan(const std::vector<std::filesystem::path>& roots, const JobContext& job = {});
  RunScanStats lastScan() const;

  // Writes the cache file (when there is one); errors are ignored: it is only a cache.
  void saveCache() const;

private:
  struct Entry {
    std::string fingerprint;
    RunSummary summary;
  };
  void loadCache();

  std::filesystem::path mCacheFile;
  mutable std::mutex mMutex;
  std::map<std::string, Entry> mEntries;  // by folder path
  RunScanStats mLastScan;
};

// What a run's files look like now (times, sizes, inodes); changes whenever any of them does.
std::string runFingerprint(const std::filesystem::path& dir);

}  // namespace latentlab
