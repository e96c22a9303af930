#pragma once

#include "run/runopening.h"

#include <QImage>

#include <vector>

namespace latentlab {

// A run folder as the Training tab shows it: core's OpenedRun plus its film
// strips decoded into images, all read on a worker (MainWindow::openRun).
struct OpenedRunView {
  OpenedRun run;
  std::vector<std::pair<int, QImage>> strips;  // (epoch, samples/epoch-NNNN.png) for the epochs that have one

  // Runs on a worker thread.
  static OpenedRunView read(const std::filesystem::path& dir, const JobContext& job);
};

}  // namespace latentlab
