#pragma once

// The runs library's scan, timed on a thousand generated run folders of 20 epochs each:
// the first scan (every folder read), a rescan (all cached, as the Experiments tab does
// every two seconds) and an app start with the cache file.

namespace latentlab {

struct RunsScanBench {
  int folders = 0;
  double firstScanSeconds = 0.0;
  double rescanSeconds = 0.0;
  double cachedStartSeconds = 0.0;
};

RunsScanBench benchmarkRunsScan(int folders = 1000);

}  // namespace latentlab
