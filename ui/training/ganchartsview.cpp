#include "training/ganchartsview.h"

#include "training/classhistogram.h"
#include "training/fidchart.h"
#include "training/ganlosschart.h"
#include "training/ganscorechart.h"

#include <QSplitter>
#include <QVBoxLayout>

namespace latentlab {

GanChartsView::GanChartsView(QWidget* parent) : QWidget(parent) {
  mLoss = new GanLossChart;
  mScores = new GanScoreChart;
  mFid = new FidChart;
  mClasses = new ClassHistogram;
  // Scores and FID side by side: both are per-epoch and short.
  auto* epochRow = new QSplitter(Qt::Horizontal);
  epochRow->addWidget(mScores);
  epochRow->addWidget(mFid);
  auto* column = new QSplitter(Qt::Vertical);
  column->addWidget(mLoss);
  column->addWidget(epochRow);
  column->addWidget(mClasses);
  column->setStretchFactor(0, 3);
  column->setStretchFactor(1, 2);
  column->setStretchFactor(2, 2);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(column);
}

void GanChartsView::clearData() {
  mLoss->clearData();
  mScores->clearData();
  mFid->clearData();
  mClasses->clearData();
}

void GanChartsView::setClassNames(const QStringList& names) {
  mClasses->setClassNames(names);
}

void GanChartsView::addBatch(double epochPosition, const GanFigures& figures) {
  mLoss->addBatch(epochPosition, figures.generatorLoss, figures.discriminatorLoss);
}

void GanChartsView::addEpoch(const EpochStats& stats) {
  mLoss->addEpoch(stats.epoch, stats.gan.generatorLoss, stats.gan.discriminatorLoss);
  mScores->addEpoch(stats.epoch, stats.gan.realScore, stats.gan.fakeScore);
  mFid->addEpoch(stats.epoch, stats.fid);
  mClasses->addEpoch(stats.epoch, stats.classCounts);
}

void GanChartsView::rescaleToData() {
  mLoss->rescaleToData();
  mLoss->replot();
}

}  // namespace latentlab
