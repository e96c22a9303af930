#pragma once

#include <functional>
#include <string>

namespace latentlab {

struct BenchOptions {
  std::string dataDir;
  std::string preset = "mnist-conv";
  std::string dataset = "fashion-mnist";  // falls back to random images when not installed
  int batchSize = 128;
  int warmupSteps = 10;
  int trainSteps = 100;
  int encodeImages = 5000;
  int decodeRepeats = 1000;
  int threads = 0;  // training threads; 0 = the default (all cores but one)
  std::string device = "auto";
  bool tsne = true;         // t-SNE of 10,000 codes (a few seconds)
  bool full = false;        // also t-SNE of 70,000 codes (under a minute)
  bool runsScan = true;     // the runs library's scan of 1,000 run folders
  std::string tsneCodes;    // CSV of codes (index,label,z0,..., as `embed` writes) instead of synthetic ones
  std::string tsneLayouts;  // write the maps to PREFIX-10k.f32 / PREFIX-70k.f32 (raw float32, count x 2)
  std::string tsneExport;   // write the synthetic codes here (same CSV), for tools/bench/sklearn_tsne_peer.py
};

struct BenchResult {
  std::string preset;
  std::string dataset;  // what was actually used ("synthetic" when the set is missing)
  std::string device;
  int threads = 0;  // training threads
  int encodeThreads = 0;
  int batchSize = 0;
  long long parameters = 0;
  double trainImagesPerSecond = 0.0;  // the product's training step: loader, forward, backward, Adam
  double encodeImagesPerSecond = 0.0;
  double decodeMsP50 = 0.0;  // one code decoded through a weight snapshot, as a click on the map does
  double decodeMsP99 = 0.0;
  double pca70kSeconds = 0.0;  // PCA fit + transform of 70,000 codes of 10 values (the latent map)
  // t-SNE with default options on all cores, from the codes to the map (neighbours included),
  // and its trustworthiness@10 (exact at 10k; over 5,000 seeded points at 70k). Negative: not run.
  std::string tsneCodes;  // "synthetic" or the codes file
  double tsne10kSeconds = -1.0;
  double tsne10kTrustworthiness = -1.0;
  double tsne70kSeconds = -1.0;
  double tsne70kTrustworthiness = -1.0;
  // The runs library over 1,000 run folders: first scan, cached rescan, start with the cache file.
  int runsScanFolders = 0;
  double runsFirstScanSeconds = -1.0;
  double runsRescanSeconds = -1.0;
  double runsCachedStartSeconds = -1.0;
};

// Runs the benchmark suite; `progress` gets one line per stage.
BenchResult runBenchmarks(const BenchOptions& options, const std::function<void(const std::string&)>& progress = {});

}  // namespace latentlab
