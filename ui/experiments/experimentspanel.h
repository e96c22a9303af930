#pragma once

// The Experiments tab: the runs library (every run folder under the runs folders,
// rescanned off the GUI thread every two seconds while the tab is shown, so runs
// written by latentlab-cli appear and update live) and the comparison of 2–8 runs.
// and the grid searches (sweeps) with their results, and the linear probe of the
// run open (ui/probe). Its pages are tabs. Opening and continuing a run, and showing
// the latent map, go out as signals; the main window does them.

#include "mainwindow/panel.h"

#include <QStringList>
#include <QTimer>

#include <memory>

class QTabWidget;

namespace latentlab {

class AsyncJob;
class ComparisonView;
class ErrorReporter;
class ProbePage;
class RunRoots;
class RunsPage;
class Session;
class SweepsPage;
class TrainingController;

class ExperimentsPanel : public Panel {
  Q_OBJECT
public:
  ExperimentsPanel(Session* session, TrainingController* controller, ErrorReporter* errors, QWidget* parent = nullptr);
  ~ExperimentsPanel() override;

  QString panelTitle() const override { return tr("Experiments"); }
  QString panelId() const override { return "experiments"; }
  QCustomPlot* exportablePlot() override;

  // Scans the runs folders now, off the GUI thread (the table follows when it is done).
  void rescan();
  // Compares these runs (2 to 8 of the table's) on the Compare page.
  void compare(const QStringList& dirs);

  RunRoots* roots() const { return mRoots; }
  RunsPage* runsPage() const { return mRunsPage; }
  ComparisonView* comparisonView() const { return mComparison; }
  SweepsPage* sweepsPage() const { return mSweeps; }
  ProbePage* probePage() const { return mProbe; }
  // New sweep… (Ctrl+Shift+G): the dialog, then the sweep on the training worker.
  void newSweep();
  QTabWidget* pages() const { return mPages; }
  AsyncJob* scanning() const { return mScan; }
  int scansApplied() const { return mScansApplied; }
  // Milliseconds between rescans while the tab is shown (2000).
  void setRescanInterval(int milliseconds) { mTimer.setInterval(milliseconds); }

Q_SIGNALS:
  void openRunRequested(const QString& dir);
  void continueRunRequested(const QString& dir);
  void showLatentMapRequested();  // the Probe page's "Show on latent map"
  // Export report… on the Compare page (runs) or the Sweeps page (sweepDir).
  void comparisonReportRequested(const QStringList& runs, const QString& sweepDir);

protected:
  void showEvent(QShowEvent* event) override;
  void hideEvent(QHideEvent* event) override;

private:
  struct Library;

  ErrorReporter* mErrors;
  RunRoots* mRoots = nullptr;
  RunsPage* mRunsPage = nullptr;
  ComparisonView* mComparison = nullptr;
  SweepsPage* mSweeps = nullptr;
  ProbePage* mProbe = nullptr;
  QTabWidget* mPages = nullptr;
  AsyncJob* mScan = nullptr;
  std::shared_ptr<Library> mLibrary;
  QTimer mTimer;
  int mScansApplied = 0;
};

}  // namespace latentlab
