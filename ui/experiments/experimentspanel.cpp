#include "experiments/experimentspanel.h"

#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "common/paths.h"
#include "common/usermessage.h"
#include "experiments/comparisoncurves.h"
#include "experiments/comparisonview.h"
#include "experiments/runroots.h"
#include "experiments/runspage.h"
#include "experiments/runstablemodel.h"
#include "experiments/sweepspage.h"
#include "probe/probecurves.h"
#include "probe/probepage.h"
#include "run/runlibrary.h"

#include <QTabWidget>
#include <QVBoxLayout>

namespace latentlab {

namespace {
constexpr int kRescanMilliseconds = 2000;

struct ScanResult {
  std::vector<RunSummary> runs;
  RunScanStats stats;
};
}  // namespace

// The library lives with the scans on the worker: made (reading its cache file) by the
// first scan, used by one scan at a time (the job runs one request at a time).
struct ExperimentsPanel::Library {
  std::filesystem::path cacheFile;
  std::unique_ptr<RunLibrary> library;
  int savedFolders = -1;
};

ExperimentsPanel::ExperimentsPanel(Session* session, TrainingController* controller, ErrorReporter* errors,
                                   QWidget* parent)
    : Panel(parent), mErrors(errors) {
  mLibrary = std::make_shared<Library>();
  mLibrary->cacheFile = userDataDir() / "cache" / "runs-index.json";
  mScan = new AsyncJob(JobPolicy::Latest, this);
  mRoots = new RunRoots(this);
  mRunsPage = new RunsPage(mRoots, errors);
  mComparison = new ComparisonView(session);
  mSweeps = new SweepsPage(session, controller, errors);
  mProbe = new ProbePage(session, errors);

  mPages = new QTabWidget;
  mPages->setObjectName("experimentsPages");
  mPages->addTab(mRunsPage, tr("Runs"));
  mPages->addTab(mComparison, tr("Compare"));
  mPages->addTab(mSweeps, tr("Sweeps"));
  mPages->addTab(mProbe, tr("Probe"));
  mPages->setTabToolTip(0, tr("Every run folder: sort, filter, annotate, open, continue, delete"));
  mPages->setTabToolTip(1, tr("The runs chosen with Compare (Ctrl+D): curves, settings, reconstructions and "
                              "linked latent maps"));
  mPages->setTabToolTip(2, tr("Grid searches: their runs ranked, a parallel-coordinates plot, the queue "
                              "(New sweep: Ctrl+Shift+G)"));
  mPages->setTabToolTip(3, tr("Linear probe of the run open (seed 002): test and kNN accuracy, accuracy per class, "
                              "the confusion matrix and its items on the latent map"));
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(mPages);

  mTimer.setInterval(kRescanMilliseconds);
  connect(&mTimer, &QTimer::timeout, this, [this] {
    if (!mScan->isBusy()) rescan();
  });
  connect(mRoots, &RunRoots::changed, this, &ExperimentsPanel::rescan);
  connect(mRunsPage, &RunsPage::runsChanged, this, &ExperimentsPanel::rescan);
  connect(mRunsPage, &RunsPage::openRequested, this, &ExperimentsPanel::openRunRequested);
  connect(mRunsPage, &RunsPage::continueRequested, this, &ExperimentsPanel::continueRunRequested);
  connect(mRunsPage, &RunsPage::compareRequested, this, &ExperimentsPanel::compare);
  connect(mSweeps, &SweepsPage::openRunRequested, this, &ExperimentsPanel::openRunRequested);
  connect(mComparison, &ComparisonView::reportRequested, this,
          [this](const QStringList& runs) { Q_EMIT comparisonReportRequested(runs, {}); });
  connect(mSweeps, &SweepsPage::reportRequested, this,
          [this](const QString& sweepDir) { Q_EMIT comparisonReportRequested({}, sweepDir); });
  connect(mProbe, &ProbePage::showOnMapRequested, this, &ExperimentsPanel::showLatentMapRequested);
  connect(mScan, &AsyncJob::failed, this,
          [this](const JobFailure& failure) { mRunsPage->setScanProblem(userMessage(failure)); });
}

ExperimentsPanel::~ExperimentsPanel() = default;

QCustomPlot* ExperimentsPanel::exportablePlot() {
  if (mPages->currentWidget() == mProbe) return mProbe->curves();
  return mPages->currentWidget() == mComparison && !mComparison->isEmpty() ? mComparison->curves()->plot() : nullptr;
}

void ExperimentsPanel::rescan() {
  const std::shared_ptr<Library> library = mLibrary;
  const std::vector<std::filesystem::path> roots = mRoots->all();
  mScan->run(
      [library, roots](const JobRun& job) {
        if (!library->library) library->library = std::make_unique<RunLibrary>(library->cacheFile);
        ScanResult result;
        result.runs = library->library->scan(roots, job.context());
        result.stats = library->library->lastScan();
        if (result.stats.read > 0 || result.stats.folders != library->savedFolders) {
          library->library->saveCache();
          library->savedFolders = result.stats.folders;
        }
        return result;
      },
      [this](ScanResult result) {
        ++mScansApplied;
        const QString scanText = tr("scanned in %1 ms").arg(qRound(result.stats.seconds * 1000.0)) +
                                 (result.stats.read > 0 ? tr(" (%1 read)").arg(result.stats.read) : QString());
        mComparison->updateRuns(result.runs);
        QStringList sweeps;
        for (const RunSummary& run : result.runs)
          if (!run.sweep.empty()) sweeps << QString::fromStdString(run.path.parent_path().string());
        sweeps.removeDuplicates();
        mSweeps->addSweepFolders(sweeps);
        mRunsPage->setRuns(std::move(result.runs), scanText);
      });
}

void ExperimentsPanel::compare(const QStringList& dirs) {
  std::vector<RunSummary> runs;
  for (const QString& dir : dirs)
    if (const RunSummary* run = mRunsPage->model()->run(dir)) runs.push_back(*run);
  if (int(runs.size()) < kMinComparedRuns || int(runs.size()) > kMaxComparedRuns) {
    mErrors->report(tr("Select 2 to 8 runs"),
                    tr("Compare needs 2 to 8 runs of the table; %1 of those asked for are listed.").arg(runs.size()));
    return;
  }
  mComparison->setRuns(runs);
  mPages->setCurrentWidget(mComparison);
}

void ExperimentsPanel::newSweep() {
  mPages->setCurrentWidget(mSweeps);
  mSweeps->newSweep();
}

void ExperimentsPanel::showEvent(QShowEvent* event) {
  Panel::showEvent(event);
  rescan();
  mTimer.start();
}

void ExperimentsPanel::hideEvent(QHideEvent* event) {
  Panel::hideEvent(event);
  mTimer.stop();
}

}  // namespace latentlab
