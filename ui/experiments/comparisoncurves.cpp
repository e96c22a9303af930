#include "experiments/comparisoncurves.h"

#include "common/asyncjob.h"
#include "common/qcustomplotinclude.h"
#include "common/usermessage.h"
#include "jobs/jobfailure.h"
#include "run/runfolder.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>
#include <memory>

namespace latentlab {

namespace {
constexpr int kSmoothingSteps = 95;  // the slider's 0..95 is a factor of 0..0.95

struct LoadedMetrics {
  QStringList dirs;
  std::vector<std::vector<EpochStats>> epochs;
  QStringList problems;
};
}  // namespace

ComparisonCurves::ComparisonCurves(QWidget* parent) : QWidget(parent) {
  mLoading = new AsyncJob(JobPolicy::Latest, this);
  mMetric = new QComboBox;
  for (CurveMetric metric : {CurveMetric::ValidationLoss, CurveMetric::TrainLoss, CurveMetric::Psnr, CurveMetric::Ssim})
    mMetric->addItem(curveMetricLabel(metric), int(metric));
  mMetric->setToolTip(tr("The metric of each run's metrics.csv to draw, per epoch"));
  mAxis = new QComboBox;
  mAxis->addItem(tr("Epoch"), int(CurveAxis::Epoch));
  mAxis->addItem(tr("Training time"), int(CurveAxis::WallTime));
  mAxis->setToolTip(tr("X axis: the epoch, or the training time up to the end of each epoch (pauses excluded)"));
  mLog = new QCheckBox(tr("Log"));
  mLog->setToolTip(tr("Logarithmic y axis"));
  mSmoothing = new QSlider(Qt::Horizontal);
  mSmoothing->setRange(0, kSmoothingSteps);
  mSmoothing->setValue(0);
  mSmoothing->setMinimumWidth(60);
  mSmoothing->setToolTip(tr("Smoothing: an exponential moving average over the epochs (left: none, right: 0.95)"));
  auto* smoothingLabel = new QLabel(tr("Smooth"));
  smoothingLabel->setToolTip(mSmoothing->toolTip());

  mPlot = new QCustomPlot;
  mPlot->setObjectName("comparisonPlot");
  mPlot->setMinimumHeight(180);
  mPlot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
  mPlot->legend->setVisible(true);
  mPlot->legend->setFont(QFont(font().family(), 8));
  mPlot->legend->setBrush(QColor(255, 255, 255, 210));
  // Below the axes, not over them: with up to eight runs an inset legend hides curves.
  auto* legendRow = new QCPLayoutGrid;
  mPlot->plotLayout()->addElement(1, 0, legendRow);
  mPlot->axisRect()->insetLayout()->take(mPlot->legend);
  legendRow->addElement(0, 0, mPlot->legend);
  legendRow->setMargins(QMargins(0, 0, 0, 4));
  mPlot->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
  mPlot->legend->setWrap(1);  // one run per row: names are long
  mPlot->plotLayout()->setRowStretchFactor(1, 0.001);
  mPlot->setToolTip(tr("Click a legend entry to hide or show that run; wheel zooms, drag pans, double-click resets"));
  mNote = new QLabel;
  mNote->setWordWrap(true);
  mNote->setVisible(false);

  auto* controls = new QHBoxLayout;
  controls->setContentsMargins(0, 0, 0, 0);
  controls->addWidget(mMetric);
  controls->addWidget(new QLabel(tr("vs")));
  controls->addWidget(mAxis);
  controls->addWidget(mLog);
  controls->addWidget(smoothingLabel);
  controls->addWidget(mSmoothing, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(controls);
  layout->addWidget(mPlot, 1);
  layout->addWidget(mNote);

  connect(mMetric, &QComboBox::currentIndexChanged, this, &ComparisonCurves::redraw);
  connect(mAxis, &QComboBox::currentIndexChanged, this, &ComparisonCurves::redraw);
  connect(mLog, &QCheckBox::toggled, this, &ComparisonCurves::setLogScale);
  connect(mSmoothing, &QSlider::valueChanged, this, &ComparisonCurves::redraw);
  connect(mPlot, &QCustomPlot::legendClick, this,
          [this](QCPLegend* legend, QCPAbstractLegendItem* item, QMouseEvent*) { onLegendClick(legend, item); });
  connect(mPlot, &QCustomPlot::mouseMove, this, &ComparisonCurves::onMouseMove);
  connect(mPlot, &QCustomPlot::mouseDoubleClick, this, [this] {
    rescale();
    mPlot->replot();
  });
  connect(mLoading, &AsyncJob::failed, this, [this](const JobFailure& failure) {
    mNote->setText(tr("Could not read the runs' metrics: %1").arg(userMessage(failure)));
    mNote->setVisible(true);
  });
  redraw();
}

void ComparisonCurves::setRuns(const std::vector<ComparedRun>& runs) {
  mRuns = runs;
  mMetrics.assign(runs.size(), {});
  mVisible.assign(runs.size(), true);
  redraw();
  load();
}

void ComparisonCurves::reload() {
  if (!mRuns.empty()) load();
}

void ComparisonCurves::renameRuns(const std::vector<ComparedRun>& runs) {
  if (runs.size() != mRuns.size()) return;
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (runs[i].dir == mRuns[i].dir) mRuns[i].name = runs[i].name;
  redraw();
}

void ComparisonCurves::load() {
  QStringList dirs;
  for (const ComparedRun& run : mRuns) dirs << run.dir;
  mLoading->run(
      [dirs](const JobRun& job) {
        LoadedMetrics loaded;
        loaded.dirs = dirs;
        for (int i = 0; i < dirs.size(); ++i) {
          job.context().throwIfCancelled();
          std::vector<EpochStats> epochs;
          QString problem;
          try {
            epochs = RunFolder(dirs[i].toStdString()).readMetrics();
          } catch (...) {
            problem = userMessage(describeFailure(std::current_exception()));
          }
          loaded.epochs.push_back(std::move(epochs));
          loaded.problems << problem;
          job.context().report(double(i + 1) / double(dirs.size()), "Reading metrics");
        }
        return loaded;
      },
      [this](LoadedMetrics loaded) {
        QStringList current;
        for (const ComparedRun& run : mRuns) current << run.dir;
        if (loaded.dirs != current) return;  // another comparison was chosen meanwhile
        for (std::size_t i = 0; i < mRuns.size(); ++i) {
          mMetrics[i].epochs = std::move(loaded.epochs[i]);
          mMetrics[i].problem = loaded.problems[int(i)];
        }
        redraw();
      });
}

CurveMetric ComparisonCurves::metric() const {
  return CurveMetric(mMetric->currentData().toInt());
}

CurveAxis ComparisonCurves::axis() const {
  return CurveAxis(mAxis->currentData().toInt());
}

void ComparisonCurves::setMetric(CurveMetric metric) {
  mMetric->setCurrentIndex(mMetric->findData(int(metric)));
}

void ComparisonCurves::setAxis(CurveAxis axis) {
  mAxis->setCurrentIndex(mAxis->findData(int(axis)));
}

void ComparisonCurves::setLogScale(bool on) {
  if (mLog->isChecked() != on) {
    mLog->setChecked(on);  // toggled() comes back here
    return;
  }
  mPlot->yAxis->setScaleType(on ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
  mPlot->yAxis->setTicker(on ? QSharedPointer<QCPAxisTicker>(new QCPAxisTickerLog)
                             : QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
  redraw();
}

void ComparisonCurves::setSmoothing(double factor) {
  mSmoothing->setValue(int(std::lround(std::clamp(factor, 0.0, 0.95) * 100.0)));
}

void ComparisonCurves::setRunVisible(int run, bool visible) {
  if (run < 0 || run >= int(mVisible.size())) return;
  mVisible[std::size_t(run)] = visible;
  redraw();
}

bool ComparisonCurves::isRunVisible(int run) const {
  return run >= 0 && run < int(mVisible.size()) && mVisible[std::size_t(run)];
}

int ComparisonCurves::curveCount() const {
  int count = 0;
  for (int i = 0; i < mPlot->graphCount(); ++i)
    if (mPlot->graph(i)->visible() && mPlot->graph(i)->dataCount() > 0) ++count;
  return count;
}

QString ComparisonCurves::noteText() const {
  return mNote->isHidden() ? QString() : mNote->text();
}

void ComparisonCurves::redraw() {
  mPlot->clearGraphs();
  const double smoothing = mSmoothing->value() / 100.0;
  QStringList notes;
  for (std::size_t i = 0; i < mRuns.size(); ++i) {
    const ComparedRun& run = mRuns[i];
    const CurveSeries series = curveSeries(mMetrics[i].epochs, metric(), axis(), smoothing);
    QCPGraph* graph = mPlot->addGraph();
    graph->setPen(QPen(run.color, 2));
    graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, run.color, run.color, 5));
    graph->setData(series.x, series.y, true);
    graph->setVisible(mVisible[i]);
    graph->setName(series.x.isEmpty() ? tr("%1 (no %2 yet)").arg(run.name, curveMetricLabel(metric()).toLower())
                                      : run.name);
    if (auto* item = mPlot->legend->itemWithPlottable(graph))
      item->setTextColor(mVisible[i] ? Qt::black : QColor(160, 160, 160));
    if (!mMetrics[i].problem.isEmpty()) notes << tr("%1: %2").arg(run.name, mMetrics[i].problem);
  }
  QStringList losses;
  for (const ComparedRun& run : mRuns)
    if (!run.loss.isEmpty() && !losses.contains(run.loss)) losses << run.loss;
  if (losses.size() > 1 && (metric() == CurveMetric::TrainLoss || metric() == CurveMetric::ValidationLoss))
    notes << tr("The runs use different losses (%1): their loss values do not compare; PSNR and SSIM do.")
                 .arg(losses.join(", "));
  mNote->setText(notes.join("\n"));
  mNote->setVisible(!notes.isEmpty());
  mPlot->xAxis->setLabel(curveAxisLabel(axis()));
  if (axis() == CurveAxis::Epoch) {
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();  // whole epochs
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    mPlot->xAxis->setTicker(ticker);
  } else {
    mPlot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
  }
  mPlot->yAxis->setLabel(curveMetricLabel(metric()));
  rescale();
  mPlot->replot(QCustomPlot::rpQueuedReplot);
}

void ComparisonCurves::rescale() {
  bool any = false;
  for (int i = 0; i < mPlot->graphCount(); ++i)
    any = any || (mPlot->graph(i)->visible() && mPlot->graph(i)->dataCount() > 0);
  if (!any) {
    mPlot->xAxis->setRange(axis() == CurveAxis::Epoch ? 0.5 : 0.0, axis() == CurveAxis::Epoch ? 2.0 : 60.0);
    mPlot->yAxis->setRange(mLog->isChecked() ? 1e-3 : 0.0, 1.0);
    return;
  }
  mPlot->rescaleAxes(true);
  const QCPRange x = mPlot->xAxis->range();
  const double xPad = std::max(0.5, 0.03 * x.size());
  mPlot->xAxis->setRange(std::max(0.0, x.lower - xPad), x.upper + xPad);
  const QCPRange y = mPlot->yAxis->range();
  if (mLog->isChecked())
    mPlot->yAxis->setRange(y.lower / 1.3, y.upper * 1.3);
  else
    mPlot->yAxis->setRange(y.lower - 0.06 * y.size() - 1e-9, y.upper + 0.06 * y.size() + 1e-9);
}

void ComparisonCurves::onLegendClick(QCPLegend*, QCPAbstractLegendItem* item) {
  auto* plottableItem = qobject_cast<QCPPlottableLegendItem*>(item);
  if (!plottableItem) return;
  for (int i = 0; i < mPlot->graphCount(); ++i)
    if (mPlot->graph(i) == plottableItem->plottable()) {
      setRunVisible(i, !isRunVisible(i));
      return;
    }
}

void ComparisonCurves::onMouseMove(QMouseEvent* event) {
  const QPointF pixel = event->position();
  double bestDistance = 16.0;
  QString text;
  for (int i = 0; i < mPlot->graphCount(); ++i) {
    const QCPGraph* graph = mPlot->graph(i);
    if (!graph->visible()) continue;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it) {
      const double distance = std::hypot(mPlot->xAxis->coordToPixel(it->key) - pixel.x(),
                                         mPlot->yAxis->coordToPixel(it->value) - pixel.y());
      if (distance >= bestDistance) continue;
      bestDistance = distance;
      text = tr("%1\n%2 %3: %4")
                 .arg(mRuns[std::size_t(i)].name, curveAxisLabel(axis()))
                 .arg(it->key, 0, 'g', 5)
                 .arg(it->value, 0, 'g', 5);
    }
  }
  if (!text.isEmpty())
    QToolTip::showText(mPlot->mapToGlobal(pixel.toPoint()), text, mPlot);
  else if (mReadoutShown)
    QToolTip::hideText();
  mReadoutShown = !text.isEmpty();
}

}  // namespace latentlab
