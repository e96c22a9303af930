#pragma once

#include "mainwindow/panel.h"
#include "session/session.h"
#include "sweep/sweeprunner.h"
#include "train/trainingevents.h"

#include <QElapsedTimer>

class QAction;
class QCheckBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QScrollArea;
class QSlider;
class QStackedWidget;

namespace latentlab {

class ErrorReporter;
class GanChartsView;
class LossChart;
class MetricsChart;
class ReconstructionFilm;
class TrainingController;
struct OpenedRunView;

// The Training tab: start / pause / stop, a progress bar with ETA, the live loss
// and quality plots, the reconstruction film and the divergence banner. It
// shows a live run from the TrainingController or a run folder opened from disk.
// A GAN run swaps the autoencoder's plots for the GAN's (GanChartsView) and its
// film shows samples instead of reconstructions.
class TrainingPanel : public Panel {
  Q_OBJECT
public:
  TrainingPanel(Session* session, TrainingController* controller, ErrorReporter* errors, QWidget* parent = nullptr);

  QString panelTitle() const override { return tr("Training"); }
  QString panelId() const override { return "training"; }
  QCustomPlot* exportablePlot() override;

  // Shared with the main window's Training menu.
  QAction* startAction() const { return mStart; }
  QAction* continueAction() const { return mResume; }
  QAction* pauseAction() const { return mPause; }
  QAction* stopAction() const { return mStop; }

  // Starts a new run (or resumes the session's run when `resume`); false with
  // the reason shown when the settings cannot train.
  bool startTraining(bool resume = false);
  // Shows a finished or interrupted run folder: curves, film, and its weights.
  // The curves, metrics and film of an opened run.
  void showRunHistory(const OpenedRunView& view);

  LossChart* lossChart() const { return mLoss; }
  MetricsChart* metricsChart() const { return mMetrics; }
  ReconstructionFilm* film() const { return mFilm; }
  GanChartsView* ganCharts() const { return mGan; }
  // Whether the GAN plots (rather than the autoencoder's) are on screen.
  bool showsGanCharts() const { return mGanMode; }
  QString progressText() const;
  QString bannerText() const;
  int progressValue() const;

Q_SIGNALS:
  void runningChanged(bool running);
  void stateTextChanged(const QString& text);

private:
  void onStarted(const QString& runDir);
  void onBatch(const BatchStats& stats);
  void onEpoch(const EpochStats& stats, const FilmFrame& film, const ModelSnapshotPtr& snapshot);
  void onFinished(const TrainingResult& result);
  void onFailed(const QString& message);
  void onPausedChanged(bool paused);
  void onSweepProgress(const SweepProgress& progress);
  void onSweepFinished(const SweepResult& result);
  void setRunning(bool running);
  void showBanner(const QString& text, bool error);
  void clearView();
  void setGanMode(bool gan);
  void onGanEpoch(const EpochStats& stats);
  void updateActions();

  Session* mSession;
  TrainingController* mController;
  ErrorReporter* mErrors;
  QAction* mStart = nullptr;
  QAction* mResume = nullptr;
  QAction* mPause = nullptr;
  QAction* mStop = nullptr;
  QLabel* mBanner = nullptr;
  QProgressBar* mProgress = nullptr;
  QLabel* mProgressText = nullptr;
  QLabel* mRunLabel = nullptr;
  QCheckBox* mLogScale = nullptr;
  QSlider* mSmoothing = nullptr;
  LossChart* mLoss = nullptr;
  MetricsChart* mMetrics = nullptr;
  GanChartsView* mGan = nullptr;
  QStackedWidget* mPlotStack = nullptr;
  QWidget* mAutoencoderPlots = nullptr;
  ReconstructionFilm* mFilm = nullptr;
  QLabel* mFilmTitle = nullptr;
  bool mGanMode = false;
  QScrollArea* mFilmScroll = nullptr;
  bool mRunning = false;
  int mEpochs = 0;
};

// The folder a new run gets under the user data folder: runs/<date-time>-<preset>-<dataset>.
QString newRunFolder(const QString& presetName, const QString& datasetName);

}  // namespace latentlab
