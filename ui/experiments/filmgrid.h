#pragma once

// One epoch of several runs' reconstruction films side by side: each run's
// samples/epoch-NNNN.png split into its rows (core/run/filmstrip.h writes
// [targets, reconstructions] or [inputs, reconstructions, targets]). These are the
// run's own validation samples, so runs show the same images only when they share
// the dataset, split and seed; rows whose targets differ from the first say so.
// Reads files: call it on a worker (AsyncJob).

#include "jobs/jobcontext.h"

#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>

#include <vector>

namespace latentlab {

struct FilmGridRow {
  QVector<QImage> reconstructions;
  QString problem;            // why there are no images, in a few words
  QString details;            // the whole story (the file), for a tooltip
  bool otherSamples = false;  // its film shows other validation images than the first run's
};

struct FilmGrid {
  int epoch = 0;
  QVector<QImage> targets;  // the first run's (with a frame) validation samples
  std::vector<FilmGridRow> rows;
};

FilmGrid readFilmGrid(const QStringList& runDirs, int epoch, const JobContext& job = {});

}  // namespace latentlab
