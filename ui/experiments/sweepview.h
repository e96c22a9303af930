#pragma once

// One sweep's results, live: a table of its runs sorted by the chosen metric with the
// best highlighted, a parallel-coordinates plot whose brushes filter the table, and the
// queue's controls (move / remove pending runs, resume an interrupted sweep).

#include "run/runsummary.h"
#include "sweep/sweepplan.h"

#include <QWidget>

#include <functional>
#include <map>
#include <vector>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;

namespace latentlab {

class AsyncJob;
class DatasetLoader;
class ErrorReporter;
class ParallelCoordinates;
class SweepQueueEdits;
class Session;
class TrainingController;

class SweepView : public QWidget {
  Q_OBJECT
public:
  SweepView(Session* session, TrainingController* controller, ErrorReporter* errors, QWidget* parent = nullptr);

  // Shows the sweep in `sweepDir` (read off the GUI thread) and follows it while shown.
  void showSweep(const QString& sweepDir);
  QString sweepDir() const { return mSweepDir; }
  // Re-reads sweep.json and the runs' metrics.
  void refresh();

  const SweepPlan& plan() const { return mPlan; }
  QTableWidget* table() const { return mTable; }
  ParallelCoordinates* plot() const { return mPlot; }
  QComboBox* metricChoice() const { return mMetric; }
  QPushButton* resumeButton() const { return mResume; }
  QProgressBar* overallProgress() const { return mOverall; }
  // Rows of the table shown (not filtered out by a brush), in table order: run names.
  QStringList shownRuns() const;
  QString bestRun() const;
  bool isLoading() const;

Q_SIGNALS:
  void openRunRequested(const QString& runDir);
  void reportRequested(const QString& sweepDir);  // Export report… (the whole sweep)

protected:
  void showEvent(QShowEvent* event) override;
  void hideEvent(QHideEvent* event) override;

private:
  struct Loaded {
    SweepPlan plan;
    std::vector<RunSummary> runs;  // per plan run; Incomplete for runs without a folder yet
  };
  void apply(Loaded loaded);
  void rebuild();
  void applyBrushes();
  void updateHeader();
  void updateButtons();
  double metricOf(std::size_t run) const;
  bool lowerIsBetter() const;
  int bestIndex() const;
  QString selectedRun() const;
  // Applies `edit` to the selected run's place in the queue.
  void editQueue(const std::function<void(SweepQueueEdits&, const std::string&)>& edit);
  void resumeSweep();
  bool runningHere() const;
  bool runningElsewhere() const;

  Session* mSession;
  TrainingController* mController;
  ErrorReporter* mErrors;
  AsyncJob* mReader;
  DatasetLoader* mLoader;
  QTimer* mFollow;
  QString mSweepDir;
  SweepPlan mPlan;
  std::vector<RunSummary> mRuns;
  bool mLoaded = false;

  QLabel* mTitle = nullptr;
  QLabel* mState = nullptr;
  QProgressBar* mOverall = nullptr;
  QComboBox* mMetric = nullptr;
  QPushButton* mResume = nullptr;
  QPushButton* mNext = nullptr;
  QPushButton* mUp = nullptr;
  QPushButton* mDown = nullptr;
  QPushButton* mRemove = nullptr;
  QPushButton* mClearBrushes = nullptr;
  QPushButton* mExportReport = nullptr;
  QTableWidget* mTable = nullptr;
  ParallelCoordinates* mPlot = nullptr;
};

}  // namespace latentlab
