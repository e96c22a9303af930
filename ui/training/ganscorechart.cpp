#include "training/ganscorechart.h"

#include <algorithm>
#include <cmath>

namespace latentlab {

GanScoreChart::GanScoreChart(QWidget* parent) : QCustomPlot(parent) {
  setMinimumHeight(100);
  setToolTip(
      tr("Mean discriminator output per epoch: D(x) on real images and D(G(z)) on generated ones.\n"
         "Both near 0.5: the discriminator cannot tell them apart. D(x) near 1 and D(G(z)) near 0: it wins "
         "easily and the generator learns little."));
  xAxis->setLabel(tr("epoch"));
  yAxis->setLabel(tr("mean D output"));
  legend->setVisible(true);
  legend->setFont(QFont(font().family(), 8));
  // D(x) runs near the top and D(G(z)) near the bottom: the middle band is where the legend hides least.
  axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignVCenter | Qt::AlignRight);
  mReal = addGraph();
  mReal->setName(tr("D(x), real"));
  mReal->setPen(QPen(QColor(44, 160, 44), 2));
  mReal->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
  mFake = addGraph();
  mFake->setName(tr("D(G(z)), generated"));
  mFake->setPen(QPen(QColor(255, 127, 14), 2));
  mFake->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 6));
  // Where a discriminator that is only guessing would sit.
  mReference = new QCPItemStraightLine(this);
  mReference->point1->setCoords(0, 0.5);
  mReference->point2->setCoords(1, 0.5);
  mReference->setPen(QPen(QColor(120, 120, 120), 1, Qt::DashLine));
  rescale();
}

void GanScoreChart::clearData() {
  mReal->data()->clear();
  mFake->data()->clear();
  rescale();
  replot(rpQueuedReplot);
}

void GanScoreChart::addEpoch(int epoch, double realScore, double fakeScore) {
  if (std::isfinite(realScore)) mReal->addData(epoch, realScore);
  if (std::isfinite(fakeScore)) mFake->addData(epoch, fakeScore);
  rescale();
  replot(rpQueuedReplot);
}

void GanScoreChart::rescale() {
  double last = 0.0;
  for (const QCPGraph* graph : {mReal, mFake}) {
    bool found = false;
    const QCPRange keys = graph->getKeyRange(found);
    if (found) last = std::max(last, keys.upper);
  }
  xAxis->setRange(0.5, std::max(last + 0.5, 2.0));
  yAxis->setRange(0, 1);  // the scores are probabilities: a fixed axis keeps epochs comparable
}

}  // namespace latentlab
