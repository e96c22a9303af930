#pragma once

#include "data/dataset.h"

#include <QMainWindow>
#include <QStringList>

class QDockWidget;
class QLabel;
class QTabWidget;

namespace latentlab {

class AsyncJob;
class DatasetLoader;
class DatasetPanel;
class ErrorReporter;
class ReportExport;
class ExperimentsPanel;
class LatentPanel;
class ModelPanel;
class Panel;
class PlaygroundPanel;
struct OpenedRunView;
class Session;
class SettingsPanel;
class TrainingController;
class TrainingPanel;

// The main window only arranges and wires: the settings dock, one tab per
// panel, the menus, the status bar, and the saved layout and choices.
class MainWindow : public QMainWindow {
  Q_OBJECT
public:
  // `restoreSettings`: false for tests and screenshots, which start from defaults.
  explicit MainWindow(bool restoreSettings = true, QWidget* parent = nullptr);
  ~MainWindow() override;

  // Loads a dataset by catalog name or path (asynchronously; errors go to a message box).
  void openDataset(const QString& nameOrPath);
  // Opens a run folder: its spec, settings, curves, film and weights, read off the GUI
  // thread (runOpening() says when it is done). False (and a message) for a folder that is no run.
  bool openRun(const QString& runDir);
  // Opens the run, then (once its dataset is loaded) continues training it; false as openRun.
  bool continueRun(const QString& runDir);
  AsyncJob* runOpening() const { return mRunOpening; }
  // Renders every tab (or those named) into dir/<panel id>.png; returns the files written.
  QStringList saveScreenshots(const QString& dir, const QStringList& panelIds = {});
  // Renders one tab as it is now (e.g. a Playground page in use) into dir/fileName; the path, or empty.
  QString saveScreenshot(const QString& dir, const QString& panelId, const QString& fileName);
  QStringList panelIds() const;

  Session* session() const { return mSession; }
  DatasetLoader* datasetLoader() const { return mLoader; }
  TrainingController* trainingController() const { return mController; }
  ErrorReporter* errorReporter() const { return mErrors; }
  ReportExport* reportExport() const { return mReportExport; }
  SettingsPanel* settingsPanel() const { return mSettings; }
  DatasetPanel* datasetPanel() const { return mDataPanel; }
  ModelPanel* modelPanel() const { return mModelPanel; }
  TrainingPanel* trainingPanel() const { return mTrainingPanel; }
  LatentPanel* latentPanel() const { return mLatentPanel; }
  PlaygroundPanel* playgroundPanel() const { return mPlaygroundPanel; }
  ExperimentsPanel* experimentsPanel() const { return mExperimentsPanel; }
  QTabWidget* tabs() const { return mTabs; }
  QString statusText() const;

protected:
  void closeEvent(QCloseEvent* event) override;

private:
  void buildMenus();
  void buildStatusBar();
  void addPanel(Panel* panel, const QString& shortcut);
  void onDatasetLoaded(DatasetPtr dataset, const QString& nameOrPath);
  void chooseDatasetFolder();
  void chooseDatasetFile();
  void chooseRun();
  void showOpenedRun(const OpenedRunView& view);
  void startPendingContinue();
  void saveCheckpointCopy();
  void exportCurrentPlot();
  void showAbout();
  void refreshDeviceLabel();
  void restoreChoices();
  void saveChoices() const;
  bool grabTab(int index, const QString& path);

  bool mRestoreSettings;
  Session* mSession = nullptr;
  DatasetLoader* mLoader = nullptr;
  TrainingController* mController = nullptr;
  AsyncJob* mRunOpening = nullptr;
  ErrorReporter* mErrors = nullptr;
  ReportExport* mReportExport = nullptr;
  SettingsPanel* mSettings = nullptr;
  QDockWidget* mSettingsDock = nullptr;
  QTabWidget* mTabs = nullptr;
  DatasetPanel* mDataPanel = nullptr;
  ModelPanel* mModelPanel = nullptr;
  TrainingPanel* mTrainingPanel = nullptr;
  LatentPanel* mLatentPanel = nullptr;
  PlaygroundPanel* mPlaygroundPanel = nullptr;
  ExperimentsPanel* mExperimentsPanel = nullptr;
  QString mPendingContinue;  // a run to continue once it is open and its dataset loaded
  // How the current dataset was read, so a run with another limit or image size reloads it.
  std::size_t mLoadedLimit = 0;
  int mLoadedImageSize = 0;
  QLabel* mDeviceLabel = nullptr;
  QLabel* mDatasetLabel = nullptr;
  QLabel* mStateLabel = nullptr;
};

}  // namespace latentlab
