#pragma once

// One colour per run of a comparison, the same in every view of it (curves, table,
// reconstruction grid): the run's position in the comparison picks it.

#include "run/runsummary.h"

#include <QColor>
#include <QIcon>
#include <QString>

#include <vector>

namespace latentlab {

// A run as the comparison's views show it.
struct ComparedRun {
  QString dir;
  QString name;
  QString dataset;  // config.json's dataset (a catalog name or a path)
  QString loss;     // its reconstruction loss ("mse", "bce", "l1")
  int epochsDone = 0;
  QColor color;
};

// The i-th colour of a ten-colour qualitative palette (Tableau 10); wraps around.
QColor runColor(int index);

// The runs in order, each with its colour.
std::vector<ComparedRun> comparedRuns(const std::vector<RunSummary>& runs);

// A small filled square of `color`, for table cells and labels.
QIcon colorSwatch(const QColor& color, int size = 12);

}  // namespace latentlab
