#include "experiments/sweepview.h"

#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "common/usermessage.h"
#include "experiments/parallelcoordinates.h"
#include "session/datasetloader.h"
#include "session/session.h"
#include "sweep/successivehalving.h"
#include "sweep/sweepparallel.h"
#include "sweep/sweeprunner.h"
#include "training/trainingcontroller.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
constexpr int kFollowMilliseconds = 2000;

struct Metric {
  const char* key;
  const char* label;
  bool lowerIsBetter;
};
const Metric kMetrics[] = {{"best_val_loss", "Best validation loss", true},
                           {"last_val_loss", "Last validation loss", true},
                           {"psnr", "PSNR (dB)", false},
                           {"ssim", "SSIM", false},
                           {"train_seconds", "Training time", true}};

QString stateText(SweepRunState state) {
  return QString::fromStdString(sweepRunStateName(state));
}

QTableWidgetItem* item(const QString& text, bool right = false) {
  auto* cell = new QTableWidgetItem(text);
  cell->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
  if (right) cell->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return cell;
}
}  // namespace

SweepView::SweepView(Session* session, TrainingController* controller, ErrorReporter* errors, QWidget* parent)
    : QWidget(parent),
      mSession(session),
      mController(controller),
      mErrors(errors),
      mReader(new AsyncJob(JobPolicy::Latest, this)),
      mLoader(new DatasetLoader(this)),
      mFollow(new QTimer(this)) {
  setObjectName("sweepView");
  mTitle = new QLabel(this);
  mTitle->setTextFormat(Qt::RichText);
  mTitle->setWordWrap(true);
  mState = new QLabel(this);
  mState->setObjectName("sweepState");
  mState->setWordWrap(true);
  mOverall = new QProgressBar(this);
  mOverall->setObjectName("sweepProgress");
  mOverall->setRange(0, 1000);
  mOverall->setToolTip(tr("The whole sweep: epochs trained of all its scheduled epochs"));
  mOverall->hide();
  mMetric = new QComboBox(this);
  mMetric->setObjectName("sweepMetric");
  for (const auto& metric : kMetrics) mMetric->addItem(tr(metric.label), QString(metric.key));
  mMetric->setToolTip(tr("The metric the table is sorted by, the best run is picked by, and the plot's last axis"));
  mResume = new QPushButton(tr("&Resume sweep"), this);
  mResume->setObjectName("resumeSweep");
  mResume->setToolTip(
      tr("Continue the sweep on the training worker: finished runs are skipped, a partial one "
         "continues from its checkpoint"));
  mNext = new QPushButton(tr("Next"), this);
  mNext->setObjectName("trainSweepRunNext");
  mNext->setToolTip(tr("Train the selected pending run next (Alt+N)"));
  mNext->setShortcut(QKeySequence("Alt+N"));
  mUp = new QPushButton(tr("Up"), this);
  mUp->setToolTip(tr("Train the selected pending run earlier (Alt+Up)"));
  mUp->setShortcut(QKeySequence("Alt+Up"));
  mDown = new QPushButton(tr("Down"), this);
  mDown->setToolTip(tr("Train the selected pending run later (Alt+Down)"));
  mDown->setShortcut(QKeySequence("Alt+Down"));
  mRemove = new QPushButton(tr("Skip run"), this);
  mRemove->setObjectName("skipSweepRun");
  mRemove->setToolTip(tr("Take the selected pending run out of the queue (it is marked stopped; nothing is deleted)"));
  mExportReport = new QPushButton(tr("Export report…"), this);
  mExportReport->setObjectName("exportSweepReport");
  mExportReport->setToolTip(
      tr("Write the sweep's lab report (PDF and HTML): the runs ranked, their curves overlaid, the reconstruction "
         "grid, the parallel coordinates and the best run"));
  mClearBrushes = new QPushButton(tr("Clear filters"), this);
  mClearBrushes->setToolTip(tr("Remove the ranges brushed on the plot's axes"));

  mTable = new QTableWidget(this);
  mTable->setObjectName("sweepTable");
  mTable->setSelectionBehavior(QAbstractItemView::SelectRows);
  mTable->setSelectionMode(QAbstractItemView::SingleSelection);
  mTable->verticalHeader()->hide();
  mTable->setAlternatingRowColors(true);
  mTable->setToolTip(tr("The sweep's runs, best first; double-click one to open it"));
  mPlot = new ParallelCoordinates(this);
  mPlot->setObjectName("sweepPlot");

  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Metric:"), this));
  controls->addWidget(mMetric);
  controls->addStretch(1);
  controls->addWidget(mNext);
  controls->addWidget(mUp);
  controls->addWidget(mDown);
  controls->addWidget(mRemove);
  controls->addWidget(mClearBrushes);
  controls->addWidget(mExportReport);
  controls->addWidget(mResume);
  auto* split = new QSplitter(Qt::Vertical, this);
  split->addWidget(mPlot);
  split->addWidget(mTable);
  split->setStretchFactor(0, 2);
  split->setStretchFactor(1, 3);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(mTitle);
  layout->addWidget(mState);
  layout->addWidget(mOverall);
  layout->addLayout(controls);
  layout->addWidget(split, 1);

  connect(mMetric, &QComboBox::currentIndexChanged, this, [this] { rebuild(); });
  connect(mPlot, &ParallelCoordinates::brushChanged, this, [this] { applyBrushes(); });
  connect(mPlot, &ParallelCoordinates::lineClicked, this, [this](int line) {
    const QString name = mPlot->property("lineRuns").toStringList().value(line);
    for (int row = 0; row < mTable->rowCount(); ++row)
      if (mTable->item(row, 1)->text() == name) mTable->selectRow(row);
  });
  connect(mClearBrushes, &QPushButton::clicked, mPlot, &ParallelCoordinates::clearBrushes);
  connect(mTable, &QTableWidget::itemSelectionChanged, this, [this] { updateButtons(); });
  connect(mTable, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
    const QString name = mTable->item(row, 1)->text();
    Q_EMIT openRunRequested(
        QString::fromStdString((std::filesystem::path(mSweepDir.toStdString()) / name.toStdString()).string()));
  });
  connect(mNext, &QPushButton::clicked, this,
          [this] { editQueue([](SweepQueueEdits& edits, const std::string& run) { edits.moveToFront(run); }); });
  connect(mUp, &QPushButton::clicked, this,
          [this] { editQueue([](SweepQueueEdits& edits, const std::string& run) { edits.moveBy(run, -1); }); });
  connect(mDown, &QPushButton::clicked, this,
          [this] { editQueue([](SweepQueueEdits& edits, const std::string& run) { edits.moveBy(run, 1); }); });
  connect(mRemove, &QPushButton::clicked, this,
          [this] { editQueue([](SweepQueueEdits& edits, const std::string& run) { edits.remove(run); }); });
  connect(mResume, &QPushButton::clicked, this, [this] { resumeSweep(); });
  connect(mExportReport, &QPushButton::clicked, this, [this] { Q_EMIT reportRequested(mSweepDir); });

  mFollow->setInterval(kFollowMilliseconds);
  connect(mFollow, &QTimer::timeout, this, [this] { refresh(); });
  connect(mController, &TrainingController::sweepProgressed, this, [this](const SweepProgress& progress) {
    if (mController->sweepDir() != mSweepDir) return;
    mOverall->setVisible(true);
    mOverall->setValue(int(std::lround(progress.fraction * 1000)));
    mOverall->setFormat(progress.current >= 0
                            ? tr("Run %1 of %2 · %p %").arg(progress.current + 1).arg(progress.totalRuns)
                            : tr("%p %"));
    refresh();
  });
  connect(mController, &TrainingController::sweepFinished, this, [this] {
    mOverall->hide();
    refresh();
  });
  connect(mController, &TrainingController::sweepStarted, this, [this] { updateButtons(); });
  connect(mLoader, &DatasetLoader::loaded, this, [this](DatasetPtr dataset, const QString&, const QStringList&) {
    if (!mController->isRunning()) mController->startSweep(mSweepDir, std::move(dataset));
    updateButtons();
  });
  connect(mLoader, &DatasetLoader::failed, this, [this](const QString& name, const QString& message) {
    mErrors->report(tr("Cannot resume the sweep"), tr("Its dataset %1 could not be loaded: %2").arg(name, message));
    updateButtons();
  });
  updateHeader();
  updateButtons();
}

void SweepView::showSweep(const QString& sweepDir) {
  if (sweepDir != mSweepDir) {
    mSweepDir = sweepDir;
    mLoaded = false;
    mPlan = SweepPlan{};
    mRuns.clear();
    mPlot->clearBrushes();
    mOverall->setVisible(false);  // until this sweep reports progress on the worker
    rebuild();
  }
  refresh();
}

void SweepView::refresh() {
  if (mSweepDir.isEmpty()) return;
  const std::filesystem::path dir = mSweepDir.toStdString();
  mReader->run(
      [dir](const JobRun&) {
        Loaded loaded;
        loaded.plan = readSweepPlan(dir);
        for (const auto& run : loaded.plan.runs) {
          RunSummary summary;
          if (looksLikeRunFolder(dir / run.name))
            summary = summarizeRun(dir / run.name);
          else
            summary.folderName = run.name;
          loaded.runs.push_back(std::move(summary));
        }
        return loaded;
      },
      [this, dir](Loaded loaded) {
        if (std::filesystem::path(mSweepDir.toStdString()) == dir) apply(std::move(loaded));
      });
}

bool SweepView::isLoading() const {
  return mReader->isBusy();
}

void SweepView::apply(Loaded loaded) {
  mPlan = std::move(loaded.plan);
  mRuns = std::move(loaded.runs);
  mLoaded = true;
  rebuild();
}

bool SweepView::lowerIsBetter() const {
  return kMetrics[std::max(0, mMetric->currentIndex())].lowerIsBetter;
}

double SweepView::metricOf(std::size_t run) const {
  const std::string key = kMetrics[std::max(0, mMetric->currentIndex())].key;
  const RunSummary& summary = mRuns[run];
  if (summary.epochsDone == 0) {
    // Before its folder exists the plan's own record is all there is.
    return key == "best_val_loss" ? mPlan.runs[run].bestValidationLoss : NAN;
  }
  if (key == "best_val_loss") return summary.bestValidationLoss;
  if (key == "last_val_loss") return summary.lastValidationLoss;
  if (key == "psnr") return summary.psnr;
  if (key == "ssim") return summary.ssim;
  return summary.trainingSeconds;
}

int SweepView::bestIndex() const {
  int best = -1;
  for (std::size_t i = 0; i < mRuns.size(); ++i) {
    const SweepRunState state = mPlan.runs[i].state;
    if (state == SweepRunState::Diverged || state == SweepRunState::Failed) continue;
    const double value = metricOf(i);
    if (!std::isfinite(value)) continue;
    if (best < 0 || (lowerIsBetter() ? value < metricOf(std::size_t(best)) : value > metricOf(std::size_t(best))))
      best = int(i);
  }
  return best;
}

void SweepView::rebuild() {
  const QString selected = selectedRun();
  const int best = bestIndex();
  // Rows: runs with a value first, best to worst; then the rest in queue order.
  std::vector<std::size_t> order(mRuns.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const double x = metricOf(a), y = metricOf(b);
    if (std::isfinite(x) != std::isfinite(y)) return std::isfinite(x);
    if (!std::isfinite(x)) return false;
    return lowerIsBetter() ? x < y : x > y;
  });

  QStringList headers{tr("#"), tr("Run")};
  for (const auto& axis : mPlan.axes) headers << QString::fromStdString(axis.key);
  headers << tr("State") << tr("Epochs") << tr("Best val loss") << tr("PSNR") << tr("SSIM") << tr("Time");
  mTable->clear();
  mTable->setColumnCount(int(headers.size()));
  mTable->setHorizontalHeaderLabels(headers);
  mTable->setRowCount(int(order.size()));
  const QColor bestBackground(214, 240, 220);
  for (int row = 0; row < int(order.size()); ++row) {
    const std::size_t index = order[std::size_t(row)];
    const SweepRun& run = mPlan.runs[index];
    const RunSummary& summary = mRuns[index];
    int column = 0;
    mTable->setItem(row, column++, item(QString::number(index + 1), true));
    mTable->setItem(row, column++, item(QString::fromStdString(run.name)));
    for (const auto& axis : mPlan.axes) {
      QString value;
      for (const auto& [key, text] : run.settings)
        if (key == axis.key) value = QString::fromStdString(text);
      mTable->setItem(row, column++, item(value, true));
    }
    // A run the sweep.json calls running whose writer is gone was interrupted (the app or the CLI was killed).
    const bool interrupted =
        run.state == SweepRunState::Running && !runningHere() && summary.state != RunState::Running;
    auto* state = item(interrupted ? tr("interrupted") : stateText(run.state));
    if (interrupted)
      state->setToolTip(tr("Its process stopped mid-run; Resume sweep continues it from its last epoch"));
    if (!run.message.empty()) state->setToolTip(userText(run.message));
    if (run.state == SweepRunState::Diverged || run.state == SweepRunState::Failed)
      state->setForeground(QColor(164, 22, 26));
    mTable->setItem(row, column++, state);
    mTable->setItem(
        row, column++,
        item(QString("%1 / %2").arg(std::max(run.epochsDone, summary.epochsDone)).arg(run.targetEpochs), true));
    const double loss = summary.epochsDone > 0 ? summary.bestValidationLoss : run.bestValidationLoss;
    mTable->setItem(row, column++, item(std::isfinite(loss) ? QString::number(loss, 'g', 5) : QString(), true));
    mTable->setItem(
        row, column++,
        item(std::isfinite(summary.psnr) && summary.epochsDone ? QString::number(summary.psnr, 'f', 2) : QString(),
             true));
    mTable->setItem(
        row, column++,
        item(std::isfinite(summary.ssim) && summary.epochsDone ? QString::number(summary.ssim, 'f', 3) : QString(),
             true));
    mTable->setItem(
        row, column++,
        item(summary.trainingSeconds > 0 ? QString::number(summary.trainingSeconds, 'f', 0) + " s" : QString(), true));
    if (int(index) == best) {
      for (int c = 0; c < mTable->columnCount(); ++c) {
        QFont font = mTable->item(row, c)->font();
        font.setBold(true);
        mTable->item(row, c)->setFont(font);
        mTable->item(row, c)->setBackground(bestBackground);
      }
      mTable->item(row, 1)->setToolTip(tr("The best run by %1").arg(mMetric->currentText()));
    }
    if (QString::fromStdString(run.name) == selected) mTable->selectRow(row);
  }
  mTable->resizeColumnsToContents();

  // The plot: one axis per setting, then the metric; runs without a value yet are left out.
  std::vector<double> metric;
  for (std::size_t i = 0; i < mRuns.size(); ++i) metric.push_back(metricOf(i));
  const ParallelData data = sweepParallelData(mPlan, metric, mMetric->currentText().toStdString(), best);
  std::vector<ParallelAxis> axes;
  for (const auto& axis : data.axes) {
    ParallelAxis plotAxis;
    plotAxis.title = QString::fromStdString(axis.title);
    for (const auto& category : axis.categories) plotAxis.categories << QString::fromStdString(category);
    plotAxis.logScale = axis.logScale;
    plotAxis.fixedRange = axis.fixedRange;
    plotAxis.min = axis.min;
    plotAxis.max = axis.max;
    axes.push_back(plotAxis);
  }
  std::vector<ParallelLine> lines;
  QStringList lineRuns;
  for (const auto& line : data.lines) {
    lines.push_back({QString::fromStdString(line.name), line.values});
    lineRuns << QString::fromStdString(line.name);
  }
  const int bestLine = data.bestLine;
  mPlot->setProperty("lineRuns", lineRuns);
  mPlot->setData(std::move(axes), std::move(lines), bestLine);
  applyBrushes();
  updateHeader();
  updateButtons();
}

void SweepView::applyBrushes() {
  const QStringList lineRuns = mPlot->property("lineRuns").toStringList();
  bool anyBrush = false;
  for (int a = 0; a < int(mPlot->axes().size()); ++a) anyBrush = anyBrush || mPlot->hasBrush(a);
  QSet<QString> passing;
  for (int line : mPlot->passingLines()) passing.insert(lineRuns.value(line));
  for (int row = 0; row < mTable->rowCount(); ++row)
    mTable->setRowHidden(row, anyBrush && !passing.contains(mTable->item(row, 1)->text()));
  mClearBrushes->setEnabled(anyBrush);
}

QStringList SweepView::shownRuns() const {
  QStringList names;
  for (int row = 0; row < mTable->rowCount(); ++row)
    if (!mTable->isRowHidden(row)) names << mTable->item(row, 1)->text();
  return names;
}

QString SweepView::bestRun() const {
  const int best = bestIndex();
  return best < 0 ? QString() : QString::fromStdString(mPlan.runs[std::size_t(best)].name);
}

bool SweepView::runningHere() const {
  return mController->isSweeping() && mController->sweepDir() == mSweepDir;
}

bool SweepView::runningElsewhere() const {
  if (runningHere()) return false;
  return std::any_of(mRuns.begin(), mRuns.end(), [](const RunSummary& run) { return run.state == RunState::Running; });
}

void SweepView::updateHeader() {
  if (mSweepDir.isEmpty()) {
    mTitle->setText(tr("<b>No sweep chosen.</b> Start one with <b>New sweep…</b> (Ctrl+Shift+G)."));
    mState->clear();
    return;
  }
  const TrainConfig& config = mPlan.baseConfig;
  mTitle->setText(
      tr("<b>%1</b> · %2 on %3 · %4 runs × %5 epochs · %6")
          .arg(QString::fromStdString(mPlan.name).toHtmlEscaped())
          .arg(QString::fromStdString(mPlan.preset.empty() ? mPlan.baseSpec.name : mPlan.preset).toHtmlEscaped())
          .arg(QString::fromStdString(config.dataset).toHtmlEscaped())
          .arg(mPlan.runs.size())
          .arg(config.epochs)
          .arg(mSweepDir.toHtmlEscaped()));
  std::map<SweepRunState, int> counts;
  for (const auto& run : mPlan.runs) ++counts[run.state];
  const int done = counts[SweepRunState::Finished] + counts[SweepRunState::Diverged] + counts[SweepRunState::Failed] +
                   counts[SweepRunState::Pruned] + counts[SweepRunState::Stopped];
  QString where;
  if (!mLoaded)
    where = tr("Reading the sweep…");
  else if (runningHere())
    where = tr("Running on the training worker (pause or stop it from the toolbar).");
  else if (runningElsewhere())
    where = tr("Running in another process (latentlab-cli?); following it.");
  else if (done < int(mPlan.runs.size()))
    where = tr("Interrupted: press Resume sweep to finish it.");
  else
    where = tr("Finished.");
  QString text = tr("%1 of %2 runs done: %3 finished, %4 diverged, %5 failed, %6 pruned, %7 pending. %8")
                     .arg(done)
                     .arg(mPlan.runs.size())
                     .arg(counts[SweepRunState::Finished])
                     .arg(counts[SweepRunState::Diverged])
                     .arg(counts[SweepRunState::Failed])
                     .arg(counts[SweepRunState::Pruned])
                     .arg(counts[SweepRunState::Pending] + counts[SweepRunState::Running])
                     .arg(where);
  if (mPlan.halvingRungEpochs > 0) {
    const auto schedule = halvingSchedule(int(mPlan.runs.size()), mPlan.halvingRungEpochs, config.epochs);
    const long long full = (long long)mPlan.runs.size() * config.epochs;
    text += tr(" Successive halving every %1 epochs: %2 epochs instead of %3 (saves %4).")
                .arg(mPlan.halvingRungEpochs)
                .arg(scheduleEpochs(schedule))
                .arg(full)
                .arg(full - scheduleEpochs(schedule));
  }
  mState->setText(text);
}

QString SweepView::selectedRun() const {
  const auto rows = mTable->selectionModel() ? mTable->selectionModel()->selectedRows() : QModelIndexList{};
  if (rows.isEmpty() || !mTable->item(rows.first().row(), 1)) return {};
  return mTable->item(rows.first().row(), 1)->text();
}

void SweepView::updateButtons() {
  const QString selected = selectedRun();
  bool pending = false;
  for (const auto& run : mPlan.runs)
    if (QString::fromStdString(run.name) == selected) pending = run.state == SweepRunState::Pending;
  const bool editable = pending && !runningElsewhere();
  mNext->setEnabled(editable);
  mUp->setEnabled(editable);
  mDown->setEnabled(editable);
  mRemove->setEnabled(editable);
  bool unfinished = false;
  for (const auto& run : mPlan.runs)
    unfinished = unfinished || run.state == SweepRunState::Pending || run.state == SweepRunState::Running;
  const bool canResume =
      mLoaded && unfinished && !mController->isRunning() && !runningElsewhere() && !mLoader->isLoading();
  mResume->setEnabled(canResume);
  mResume->setToolTip(canResume ? tr("Continue the sweep: finished runs are skipped, a partial one continues from its "
                                     "checkpoint")
                      : mController->isRunning() ? tr("The training worker is busy; stop the current training first")
                      : runningElsewhere()       ? tr("Another process is running this sweep")
                                                 : tr("Nothing left to train in this sweep"));
}

void SweepView::editQueue(const std::function<void(SweepQueueEdits&, const std::string&)>& edit) {
  const QString name = selectedRun();
  if (name.isEmpty()) return;
  // A sweep on the worker applies it between runs; a stopped one's sweep.json is edited here.
  if (runningHere()) {
    mController->editSweepQueue([edit, name = name.toStdString()](SweepQueueEdits& edits) { edit(edits, name); });
    return;
  }
  SweepQueueEdits edits;
  edit(edits, name.toStdString());
  try {
    if (edits.applyTo(mPlan)) writeSweepPlan(mSweepDir.toStdString(), mPlan);
  } catch (...) {
    mErrors->report(tr("Cannot change the queue"), currentErrorMessage());
  }
  rebuild();
}

void SweepView::resumeSweep() {
  if (mController->isRunning() || mSweepDir.isEmpty()) return;
  const TrainConfig& config = mPlan.baseConfig;
  const QString dataset = QString::fromStdString(config.dataset);
  // The loaded dataset when it is the sweep's; otherwise its own, read off the GUI thread.
  if (mSession->dataset() && mSession->datasetName() == dataset && mSession->config().limit == config.limit &&
      mSession->config().imageSize == config.imageSize) {
    mController->startSweep(mSweepDir, mSession->dataset());
  } else {
    mLoader->load(dataset, config.limit, config.imageSize);
  }
  updateButtons();
}

void SweepView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  mFollow->start();
  refresh();
}

void SweepView::hideEvent(QHideEvent* event) {
  QWidget::hideEvent(event);
  mFollow->stop();
}

}  // namespace latentlab
