#pragma once

// The comparison of 2–8 runs: their curves overlaid, the reconstruction grid and the
// summary table, each run in the same colour in every view, and the first two runs'
// latent maps linked item by item (a tab beside the reconstructions). Before any comparison it says how to start one.

#include "experiments/runpalette.h"
#include "run/runsummary.h"

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QSplitter;
class QStackedWidget;

namespace latentlab {

class ComparisonCurves;
class ComparisonTableView;
class LinkedMapsView;
class ReconstructionGrid;
class Session;

class ComparisonView : public QWidget {
  Q_OBJECT
public:
  explicit ComparisonView(Session* session, QWidget* parent = nullptr);

  // A new comparison: colours by position, curves and grid computed afresh.
  void setRuns(const std::vector<RunSummary>& runs);
  // A rescan of the library: the compared runs' rows follow; curves are re-read for
  // runs that changed on disk (a run still training). The grid is left as computed.
  void updateRuns(const std::vector<RunSummary>& library);

  bool isEmpty() const { return mRuns.empty(); }
  const std::vector<ComparedRun>& runs() const { return mCompared; }
  ComparisonCurves* curves() const { return mCurves; }
  ComparisonTableView* table() const { return mTable; }
  ReconstructionGrid* grid() const { return mGrid; }
  LinkedMapsView* linkedMaps() const { return mLinked; }

Q_SIGNALS:
  void reportRequested(const QStringList& runDirs);  // Export report… (the compared runs)

private:
  std::vector<QColor> colors() const;
  void refreshTitle();
  void fitTable();

  std::vector<RunSummary> mRuns;
  std::vector<ComparedRun> mCompared;
  QStackedWidget* mStack = nullptr;
  QSplitter* mPanes = nullptr;
  QLabel* mTitle = nullptr;
  QPushButton* mExportReport = nullptr;
  ComparisonCurves* mCurves = nullptr;
  LinkedMapsView* mLinked = nullptr;
  ComparisonTableView* mTable = nullptr;
  ReconstructionGrid* mGrid = nullptr;
};

}  // namespace latentlab
