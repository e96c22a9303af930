#include "mainwindow/mainwindow.h"

#include "mainwindow/shortcutsdialog.h"

#include "common/asyncjob.h"
#include "common/buildinfo.h"
#include "common/errorreporter.h"
#include "common/jobprogress.h"
#include "common/paths.h"
#include "common/plotexport.h"
#include "common/resources.h"
#include "common/usermessage.h"
#include "data/datasetpanel.h"
#include "device/computedevice.h"
#include "experiments/experimentspanel.h"
#include "latent/latentpanel.h"
#include "model/modelpanel.h"
#include "playground/playgroundpanel.h"
#include "presets.h"
#include "report/reportexport.h"
#include "run/runfolder.h"
#include "run/runopening.h"
#include "session/datasetloader.h"
#include "session/session.h"
#include "settings/settingspanel.h"
#include "train/modelfit.h"
#include "training/openedrunview.h"
#include "training/trainingcontroller.h"
#include "training/trainingpanel.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolBar>
#include "common/qcustomplotinclude.h"

namespace latentlab {

namespace {
constexpr const char* kDefaultDataset = "mnist";
constexpr const char* kDefaultPreset = "mnist-conv";

QString datasetSummary(const Dataset& dataset) {
  return QObject::tr("%1 images · %2 · %3 classes")
      .arg(QLocale::system().toString(qulonglong(dataset.size())))
      .arg(QString::fromStdString(dataset.shape.toString()))
      .arg(dataset.classNames.size());
}

// The first preset that trains on these images, for a dataset the current model does not fit.
QString firstFittingPreset(const Dataset& dataset) {
  const auto names = presetsFitting(dataset.shape);
  return names.empty() ? QString() : QString::fromStdString(names.front());
}
}  // namespace

MainWindow::MainWindow(bool restoreSettings, QWidget* parent) : QMainWindow(parent), mRestoreSettings(restoreSettings) {
  initUiResources();
  setWindowTitle(tr("LatentLab"));
  setWindowIcon(QIcon(":/icons/latentlab.svg"));
  mSession = new Session(this);
  mLoader = new DatasetLoader(this);
  mController = new TrainingController(this);
  mErrors = new ErrorReporter(this);
  mReportExport = new ReportExport(mSession, mErrors, this);
  mRunOpening = new AsyncJob(JobPolicy::Replace, this);
  connect(mRunOpening, &AsyncJob::failed, this, [this](const JobFailure& failure) {
    mPendingContinue.clear();
    mErrors->report(tr("Cannot open run"), failure);
  });

  mSettings = new SettingsPanel(mSession);
  auto* settingsScroll = new QScrollArea;
  settingsScroll->setWidget(mSettings);
  settingsScroll->setWidgetResizable(true);
  settingsScroll->setFrameShape(QFrame::NoFrame);
  // Wide enough for every setting: the panel scrolls vertically, never sideways.
  settingsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  settingsScroll->setMinimumWidth(mSettings->minimumSizeHint().width() +
                                  settingsScroll->verticalScrollBar()->sizeHint().width());
  mSettingsDock = new QDockWidget(tr("Settings"), this);
  mSettingsDock->setObjectName("settingsDock");
  mSettingsDock->setWidget(settingsScroll);
  mSettingsDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
  addDockWidget(Qt::LeftDockWidgetArea, mSettingsDock);

  mTabs = new QTabWidget;
  mTabs->setDocumentMode(true);
  setCentralWidget(mTabs);
  mDataPanel = new DatasetPanel(mSession);
  mModelPanel = new ModelPanel(mSession, mErrors);
  mTrainingPanel = new TrainingPanel(mSession, mController, mErrors);
  mLatentPanel = new LatentPanel(mSession, mErrors);
  mPlaygroundPanel = new PlaygroundPanel(mSession, mErrors);
  mExperimentsPanel = new ExperimentsPanel(mSession, mController, mErrors);
  addPanel(mDataPanel, "Ctrl+1");
  addPanel(mModelPanel, "Ctrl+2");
  addPanel(mTrainingPanel, "Ctrl+3");
  addPanel(mLatentPanel, "Ctrl+4");
  addPanel(mPlaygroundPanel, "Ctrl+5");
  addPanel(mExperimentsPanel, "Ctrl+6");

  buildMenus();
  buildStatusBar();

  connect(mSettings, &SettingsPanel::datasetRequested, this,
          [this](const QString& name, std::size_t) { openDataset(name); });
  connect(mSettings, &SettingsPanel::openDatasetFolderRequested, this, &MainWindow::chooseDatasetFolder);
  connect(mLoader, &DatasetLoader::started, this, [this](const QString& name) {
    mSettings->setDatasetStatus(tr("Loading %1…").arg(name));
    mDatasetLabel->setText(tr("Dataset: loading %1…").arg(name));
  });
  connect(mLoader, &DatasetLoader::loaded, this,
          [this](DatasetPtr dataset, const QString& name, const QStringList& warnings) {
            onDatasetLoaded(std::move(dataset), name);
            if (!warnings.isEmpty()) statusBar()->showMessage(warnings.join("; "), 10000);
            startPendingContinue();
          });
  connect(mLoader, &DatasetLoader::failed, this, [this](const QString& name, const QString& message) {
    if (name == QString::fromStdString(mSession->config().dataset)) mPendingContinue.clear();
    const QString current = mSession->dataset() ? mSession->datasetName() : tr("none");
    mSettings->setDatasetStatus(tr("Could not open %1; still using %2.").arg(name, current));
    mDatasetLabel->setText(tr("Dataset: %1").arg(current));
    if (mSession->dataset()) mSettings->chooseDataset(mSession->datasetName());
    mErrors->report(tr("Cannot open dataset"), message);
  });
  connect(mTrainingPanel, &TrainingPanel::runningChanged, this, [this](bool running) {
    mSettings->setTrainingLocked(running);
    mModelPanel->setEditingLocked(running);
    mStateLabel->setText(running ? tr("Training") : tr("Idle"));
  });
  connect(mTrainingPanel, &TrainingPanel::stateTextChanged, this,
          [this](const QString& text) { mStateLabel->setText(text); });
  connect(mSession, &Session::configChanged, this, &MainWindow::refreshDeviceLabel);
  connect(mExperimentsPanel, &ExperimentsPanel::openRunRequested, this, &MainWindow::openRun);
  connect(mExperimentsPanel, &ExperimentsPanel::comparisonReportRequested, mReportExport,
          &ReportExport::exportComparison);
  connect(mExperimentsPanel, &ExperimentsPanel::continueRunRequested, this, &MainWindow::continueRun);
  connect(mExperimentsPanel, &ExperimentsPanel::showLatentMapRequested, this,
          [this] { mTabs->setCurrentWidget(mLatentPanel); });

  // 1600x1000 where the screen has room, else the screen (a 1280x800 laptop).
  const QSize screenRoom = screen() ? screen()->availableGeometry().size() : QSize(1600, 1000);
  resize(QSize(1600, 1000).boundedTo(screenRoom));
  restoreChoices();
}

MainWindow::~MainWindow() {
  mController->stop();
  mController->waitForFinished(-1);
}

void MainWindow::addPanel(Panel* panel, const QString& shortcut) {
  const int index = mTabs->addTab(panel, panel->panelTitle());
  mTabs->setTabToolTip(index, tr("%1 (%2)").arg(panel->panelTitle(), shortcut));
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("Open &dataset folder…"), QKeySequence::Open, this, &MainWindow::chooseDatasetFolder)
      ->setToolTip(
          tr("A folder of IDX files, CIFAR-10 batches, SVHN .mat files, or one sub-folder of images per class"));
  file->addAction(tr("Open dataset &file…"), this, &MainWindow::chooseDatasetFile);
  file->addAction(tr("Open &run…"), QKeySequence("Ctrl+Shift+O"), this, &MainWindow::chooseRun);
  file->addAction(tr("&Save checkpoint as…"), QKeySequence::Save, this, &MainWindow::saveCheckpointCopy);
  file->addSeparator();
  file->addAction(tr("&Export plot as PNG/PDF…"), QKeySequence("Ctrl+E"), this, &MainWindow::exportCurrentPlot);
  QAction* report =
      file->addAction(tr("Export &report…"), QKeySequence("Ctrl+Shift+R"), mReportExport, &ReportExport::exportReport);
  report->setObjectName("exportReportAction");
  report->setToolTip(tr("The run's lab report: an HTML file with every figure, and the figures and tables beside it"));
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

  QMenu* training = menuBar()->addMenu(tr("&Training"));
  const QList<QAction*> trainingActions = {mTrainingPanel->startAction(), mTrainingPanel->continueAction(),
                                           mTrainingPanel->pauseAction(), mTrainingPanel->stopAction()};
  for (QAction* action : trainingActions) {
    training->addAction(action);
    action->setShortcutContext(Qt::ApplicationShortcut);
  }
  training->addSeparator();
  QAction* sweep = training->addAction(tr("New &sweep…"), QKeySequence("Ctrl+Shift+G"), this, [this] {
    mTabs->setCurrentWidget(mExperimentsPanel);
    mExperimentsPanel->newSweep();
  });
  sweep->setObjectName("newSweepAction");
  sweep->setToolTip(tr("A grid search over training settings, run one after another on the training worker"));
  // The first step is always in sight: Train, Continue, Pause and Stop above every tab.
  auto* toolbar = addToolBar(tr("Training"));
  toolbar->setObjectName("trainingToolbar");
  toolbar->setMovable(false);
  toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
  toolbar->addActions(trainingActions);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* toggleSettings = mSettingsDock->toggleViewAction();
  toggleSettings->setShortcut(QKeySequence("Ctrl+B"));
  view->addAction(toggleSettings);
  view->addSeparator();
  for (int index = 0; index < mTabs->count(); ++index) {
    auto* action = view->addAction(mTabs->tabText(index), this, [this, index] { mTabs->setCurrentIndex(index); });
    action->setShortcut(QKeySequence(QString("Ctrl+%1").arg(index + 1)));
  }
  view->addSeparator();
  view->addAction(tr("&Full screen"), QKeySequence::FullScreen, this,
                  [this] { setWindowState(windowState() ^ Qt::WindowFullScreen); });

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Keyboard shortcuts"), QKeySequence::HelpContents, this,
                  [this] { showShortcuts(this, menuBar()->actions()); });
  help->addAction(tr("&About LatentLab"), this, &MainWindow::showAbout);
  help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::buildStatusBar() {
  mDeviceLabel = new QLabel;
  mDatasetLabel = new QLabel(tr("Dataset: none"));
  mStateLabel = new QLabel(tr("Idle"));
  mDeviceLabel->setToolTip(tr("Where training runs; change it under Training > Device"));
  statusBar()->addPermanentWidget(mReportExport->progress());
  statusBar()->addPermanentWidget(mDatasetLabel);
  statusBar()->addPermanentWidget(mDeviceLabel);
  statusBar()->addPermanentWidget(mStateLabel);
  refreshDeviceLabel();
}

QString MainWindow::statusText() const {
  return mDatasetLabel->text() + " | " + mDeviceLabel->text() + " | " + mStateLabel->text();
}

void MainWindow::refreshDeviceLabel() {
  try {
    mDeviceLabel->setText(QString::fromStdString(describeDevice(resolveDevice(mSession->config().device))));
  } catch (const std::exception&) {
    mDeviceLabel->setText(tr("CUDA requested but not available"));
  }
}

void MainWindow::openDataset(const QString& nameOrPath) {
  mSettings->chooseDataset(nameOrPath);
  mLoadedLimit = mSession->config().limit;
  mLoadedImageSize = mSession->config().imageSize;
  mLoader->load(nameOrPath, mLoadedLimit, mLoadedImageSize);
}

void MainWindow::onDatasetLoaded(DatasetPtr dataset, const QString& name) {
  const QString summary = datasetSummary(*dataset);
  // An unedited preset follows the data; an edited model stays, and Train explains a mismatch.
  if (whyModelDoesNotFit(mSession->spec(), *dataset)) {
    const QString fitting = mSession->specEdited() ? QString() : firstFittingPreset(*dataset);
    if (!fitting.isEmpty()) {
      mSession->setPreset(fitting);
      statusBar()->showMessage(tr("Switched the model to the preset %1, which fits %2").arg(fitting, summary), 10000);
    }
  }
  mSession->setDataset(dataset, name);
  mSettings->chooseDataset(name);
  mSettings->setDatasetStatus(summary);
  mDatasetLabel->setText(tr("Dataset: %1 (%2)")
                             .arg(QFileInfo(name).fileName().isEmpty() ? name : QFileInfo(name).fileName(),
                                  QString::fromStdString(dataset->shape.toString())));
}

void MainWindow::chooseDatasetFolder() {
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open dataset folder"),
                                                        QString::fromStdString((userDataDir() / "datasets").string()));
  if (!dir.isEmpty()) openDataset(dir);
}

void MainWindow::chooseDatasetFile() {
  const QString file = QFileDialog::getOpenFileName(this, tr("Open dataset file"), QDir::homePath(),
                                                    tr("Datasets (*-idx3-ubyte *-idx3-ubyte.gz *.mat);;All files (*)"));
  if (!file.isEmpty()) openDataset(file);
}

void MainWindow::chooseRun() {
  const QString runs = QString::fromStdString(defaultRunsDir().string());
  QDir().mkpath(runs);
  const QString dir = QFileDialog::getExistingDirectory(this, tr("Open run folder"), runs);
  if (!dir.isEmpty()) openRun(dir);
}

bool MainWindow::openRun(const QString& runDir) {
  if (mController->isRunning()) {
    mErrors->report(tr("Training in progress"), tr("Stop the current training before opening another run."));
    return false;
  }
  // A quick answer for a folder that is no run; the rest is read off the GUI thread.
  if (const auto reason = whyNotARunFolder(runDir.toStdString())) {
    mErrors->report(tr("Cannot open run"), QString::fromStdString(*reason));
    return false;
  }
  statusBar()->showMessage(tr("Opening run %1…").arg(runDir));
  const std::filesystem::path dir = runDir.toStdString();
  mRunOpening->run([dir](const JobRun& run) { return OpenedRunView::read(dir, run.context()); },
                   [this](const OpenedRunView& view) { showOpenedRun(view); });
  return true;
}

bool MainWindow::continueRun(const QString& runDir) {
  mPendingContinue = runDir;
  if (openRun(runDir)) return true;
  mPendingContinue.clear();
  return false;
}

// Continue waits for the run to be open and its dataset loaded, then resumes it.
void MainWindow::startPendingContinue() {
  if (mPendingContinue.isEmpty() || mSession->runDir() != mPendingContinue || mRunOpening->isBusy()) return;
  const QString dataset = QString::fromStdString(mSession->config().dataset);
  if (!mSession->dataset() || (!dataset.isEmpty() && mSession->datasetName() != dataset)) return;
  mPendingContinue.clear();
  mTrainingPanel->startTraining(/*resume=*/true);
}

void MainWindow::showOpenedRun(const OpenedRunView& view) {
  const OpenedRun& run = view.run;
  const QString runDir = QString::fromStdString(run.dir.string());
  // A run of an edited or hand-written spec starts from the default preset's training
  // settings; its own spec and config replace them just below.
  const std::vector<std::string> presets = presetNames();  // one copy: find needs one vector's iterators
  const bool fromPreset = std::find(presets.begin(), presets.end(), run.spec.name) != presets.end();
  mSession->setPreset(fromPreset ? QString::fromStdString(run.spec.name) : kDefaultPreset);
  mSession->setSpec(run.spec);
  mSession->setConfig(run.config);
  mSession->setRunDir(runDir);
  mTrainingPanel->showRunHistory(view);
  mTabs->setCurrentWidget(mTrainingPanel);
  if (run.snapshot)
    mSession->setSnapshot(run.snapshot);
  else
    statusBar()->showMessage(tr("The run's weights could not be read: %1").arg(userText(run.weightsProblem)), 10000);
  const QString dataset = QString::fromStdString(run.config.dataset);
  // The run's items: the same set read with the run's limit and image size.
  if (!dataset.isEmpty() && (dataset != mSession->datasetName() || run.config.limit != mLoadedLimit ||
                             run.config.imageSize != mLoadedImageSize))
    openDataset(dataset);
  if (run.snapshot) statusBar()->showMessage(tr("Opened run %1").arg(runDir), 5000);
  if (mPendingContinue == runDir) {
    // The job is still finishing (this runs as its result); start once it is idle.
    QMetaObject::invokeMethod(this, &MainWindow::startPendingContinue, Qt::QueuedConnection);
  }
}

void MainWindow::saveCheckpointCopy() {
  const QString runDir = mSession->runDir();
  const QString checkpoint = QDir(runDir).filePath("checkpoint.pt");
  if (runDir.isEmpty() || !QFileInfo::exists(checkpoint)) {
    mErrors->report(
        tr("No checkpoint yet"),
        tr("Train at least one epoch or open a run first: every epoch autosaves checkpoint.pt in the run folder."));
    return;
  }
  QString target = QFileDialog::getSaveFileName(this, tr("Save checkpoint as"),
                                                QDir::home().filePath(QFileInfo(runDir).fileName() + ".pt"),
                                                tr("LibTorch checkpoint (*.pt)"));
  if (target.isEmpty()) return;
  if (!target.endsWith(".pt")) target += ".pt";
  QFile::remove(target);
  if (!QFile::copy(checkpoint, target))
    mErrors->report(tr("Cannot save checkpoint"),
                    tr("Could not write %1: check that the folder exists and is writable.").arg(target));
  else
    statusBar()->showMessage(tr("Saved %1").arg(target), 5000);
}

void MainWindow::exportCurrentPlot() {
  auto* panel = qobject_cast<Panel*>(mTabs->currentWidget());
  QCustomPlot* plot = panel ? panel->exportablePlot() : nullptr;
  if (!plot) {
    mErrors->report(
        tr("Nothing to export"),
        tr("The %1 tab has no plot; switch to the Data or Training tab.").arg(mTabs->tabText(mTabs->currentIndex())));
    return;
  }
  const QString written = exportPlotInteractively(plot, this, panel->panelId() + "-plot.png");
  if (!written.isEmpty()) statusBar()->showMessage(tr("Saved %1").arg(written), 5000);
}

void MainWindow::showAbout() {
  QString device;
  try {
    device = QString::fromStdString(describeDevice(resolveDevice(mSession->config().device)));
  } catch (const std::exception&) {
    device = tr("CPU (CUDA requested but not available)");
  }
  QMessageBox::about(this, tr("About LatentLab"),
                     tr("<h3>LatentLab %1</h3><p>Train autoencoders and explore what they learned.</p>"
                        "<table><tr><td>Qt</td><td>%2</td></tr><tr><td>LibTorch</td><td>%3</td></tr>"
                        "<tr><td>OpenCV</td><td>%4</td></tr><tr><td>Device</td><td>%5</td></tr>"
                        "<tr><td>Runs</td><td>%6</td></tr></table>")
                         .arg(QString::fromStdString(latentlabVersion()), qVersion(),
                              QString::fromStdString(libtorchVersion()), QString::fromStdString(opencvVersion()),
                              device, QString::fromStdString(defaultRunsDir().string()).toHtmlEscaped()));
}

QStringList MainWindow::saveScreenshots(const QString& dir, const QStringList& panelIds) {
  QStringList written;
  QDir().mkpath(dir);
  const int current = mTabs->currentIndex();
  for (int index = 0; index < mTabs->count(); ++index) {
    auto* panel = qobject_cast<Panel*>(mTabs->widget(index));
    if (!panel || (!panelIds.isEmpty() && !panelIds.contains(panel->panelId()))) continue;
    const QString path = QDir(dir).filePath(panel->panelId() + ".png");
    if (grabTab(index, path)) written << path;
  }
  mTabs->setCurrentIndex(current);
  return written;
}

QString MainWindow::saveScreenshot(const QString& dir, const QString& panelId, const QString& fileName) {
  int index = 0;
  for (; index < mTabs->count(); ++index) {
    auto* panel = qobject_cast<Panel*>(mTabs->widget(index));
    if (panel && panel->panelId() == panelId) break;
  }
  if (index == mTabs->count()) return {};
  QDir().mkpath(dir);
  const int current = mTabs->currentIndex();
  const QString path = QDir(dir).filePath(fileName);
  const bool saved = grabTab(index, path);
  mTabs->setCurrentIndex(current);
  return saved ? path : QString();
}

// The whole window with the tab shown, its plots redrawn at their laid-out size.
bool MainWindow::grabTab(int index, const QString& path) {
  mTabs->setCurrentIndex(index);
  QApplication::processEvents();
  for (auto* plot : mTabs->widget(index)->findChildren<QCustomPlot*>()) plot->replot(QCustomPlot::rpImmediateRefresh);
  QApplication::processEvents();
  return grab().save(path);
}

QStringList MainWindow::panelIds() const {
  QStringList ids;
  for (int index = 0; index < mTabs->count(); ++index)
    if (auto* panel = qobject_cast<Panel*>(mTabs->widget(index))) ids << panel->panelId();
  return ids;
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (mController->isRunning()) {
    const auto answer = QMessageBox::question(
        this, tr("Training in progress"),
        tr("Stop training and quit? The finished epochs are saved in the run folder and can be continued later."));
    if (answer != QMessageBox::Yes) {
      event->ignore();
      return;
    }
    mController->stop();
    mController->waitForFinished(-1);
  }
  if (mRestoreSettings) saveChoices();
  event->accept();
}

void MainWindow::restoreChoices() {
  QString dataset = kDefaultDataset;
  mSession->setPreset(kDefaultPreset);
  if (mRestoreSettings) {
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    const QString preset = settings.value("model/preset", kDefaultPreset).toString();
    try {
      mSession->setPreset(preset);
      const QString specJson = settings.value("model/editedSpec").toString();
      if (!specJson.isEmpty()) mSession->setSpec(parseModelSpec(specJson.toStdString(), "the saved model"));
      const QString configJson = settings.value("training/config").toString();
      if (!configJson.isEmpty())
        mSession->setConfig(trainConfigFromJson(configJson.toStdString(), "the saved settings"));
    } catch (const std::exception&) {
      mSession->setPreset(kDefaultPreset);  // settings from another version: start fresh
    }
    dataset = settings.value("data/dataset", kDefaultDataset).toString();
    mTabs->setCurrentIndex(settings.value("window/tab", 0).toInt());
  }
  openDataset(dataset);
}

void MainWindow::saveChoices() const {
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  settings.setValue("window/tab", mTabs->currentIndex());
  settings.setValue("data/dataset",
                    mSession->datasetName().isEmpty() ? QString(kDefaultDataset) : mSession->datasetName());
  settings.setValue("model/preset", mSession->presetName());
  settings.setValue("model/editedSpec",
                    mSession->specEdited() ? QString::fromStdString(toJson(mSession->spec())) : QString());
  settings.setValue("training/config", QString::fromStdString(trainConfigToJson(mSession->config())));
}

}  // namespace latentlab
