#include "training/classhistogram.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace latentlab {

namespace {
const QColor kNormal(31, 119, 180);
const QColor kWarning(214, 39, 40);
}  // namespace

std::vector<int> rareClasses(const std::vector<std::int64_t>& counts, double fraction) {
  const std::int64_t total = std::accumulate(counts.begin(), counts.end(), std::int64_t(0));
  std::vector<int> rare;
  if (total <= 0) return rare;
  for (std::size_t i = 0; i < counts.size(); ++i)
    if (double(counts[i]) < fraction * double(total)) rare.push_back(int(i));
  return rare;
}

ClassHistogram::ClassHistogram(QWidget* parent) : QWidget(parent) {
  mPlot = new QCustomPlot;
  mPlot->setMinimumHeight(100);
  mPlot->setToolTip(
      tr("How the run's domain classifier labels the generated samples of one epoch (10,000 per "
         "epoch). A healthy generator draws every class about equally often; red bars are classes "
         "under 1 % of the samples, a sign of mode collapse."));
  mPlot->xAxis->setLabel(tr("class"));
  mPlot->yAxis->setLabel(tr("generated samples"));
  mBars = new QCPBars(mPlot->xAxis, mPlot->yAxis);
  mBars->setName(tr("samples per class"));
  mBars->setPen(QPen(kNormal.darker(130)));
  mBars->setBrush(kNormal);
  mBars->setWidth(0.7);
  mRareBars = new QCPBars(mPlot->xAxis, mPlot->yAxis);
  mRareBars->setName(tr("under 1 % of the samples"));
  mRareBars->setPen(QPen(kWarning.darker(130)));
  mRareBars->setBrush(kWarning);
  mRareBars->setWidth(0.7);

  mEpoch = new QSpinBox;
  mEpoch->setPrefix(tr("epoch "));
  mEpoch->setRange(0, 0);
  mEpoch->setEnabled(false);
  mEpoch->setToolTip(
      tr("The epoch whose samples the histogram counts (it follows the newest epoch until you pick "
         "another)"));
  connect(mEpoch, &QSpinBox::valueChanged, this, [this](int epoch) {
    mFollowNewest = mCounts.empty() || epoch >= mCounts.rbegin()->first;
    redraw();
  });
  mCaption = new QLabel;
  mCaption->setWordWrap(true);
  mCaption->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mCaption->setToolTip(tr("Classes the generator (almost) never draws in this epoch"));

  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("<b>Generated classes</b>")));
  top->addStretch(1);
  top->addWidget(mEpoch);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(top);
  layout->addWidget(mPlot, 1);
  layout->addWidget(mCaption);
  redraw();
}

void ClassHistogram::clearData() {
  mCounts.clear();
  mFollowNewest = true;
  {
    const QSignalBlocker block(mEpoch);
    mEpoch->setRange(0, 0);
    mEpoch->setEnabled(false);
  }
  redraw();
}

void ClassHistogram::setClassNames(const QStringList& names) {
  mNames = names;
  redraw();
}

void ClassHistogram::addEpoch(int epoch, const std::vector<std::int64_t>& counts) {
  if (counts.empty()) return;
  mCounts[epoch] = counts;
  const QSignalBlocker block(mEpoch);
  mEpoch->setRange(mCounts.begin()->first, mCounts.rbegin()->first);
  mEpoch->setEnabled(mCounts.size() > 1);
  if (mFollowNewest) mEpoch->setValue(mCounts.rbegin()->first);
  redraw();
}

void ClassHistogram::showEpoch(int epoch) {
  mEpoch->setValue(epoch);  // redraws through valueChanged
}

int ClassHistogram::shownEpoch() const {
  return mCounts.count(mEpoch->value()) ? mEpoch->value() : 0;
}

QString ClassHistogram::className(int index, int classes) const {
  return mNames.size() == classes ? mNames[index] : QString::number(index);
}

void ClassHistogram::redraw() {
  mBars->data()->clear();
  mRareBars->data()->clear();
  const auto found = mCounts.find(mEpoch->value());
  if (found == mCounts.end()) {
    mCaption->setText(tr("The class histogram fills in after each epoch."));
    mPlot->xAxis->setRange(-0.5, 9.5);
    mPlot->yAxis->setRange(0, 1);
    mPlot->replot(QCustomPlot::rpQueuedReplot);
    return;
  }
  const std::vector<std::int64_t>& counts = found->second;
  const int classes = int(counts.size());
  const std::vector<int> rare = rareClasses(counts);
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  std::int64_t most = 1;
  for (int i = 0; i < classes; ++i) {
    const bool isRareClass = std::find(rare.begin(), rare.end(), i) != rare.end();
    (isRareClass ? mRareBars : mBars)->addData(i, double(counts[std::size_t(i)]));
    ticker->addTick(i, className(i, classes));
    most = std::max(most, counts[std::size_t(i)]);
  }
  mPlot->xAxis->setTicker(ticker);
  mPlot->xAxis->setRange(-0.5, classes - 0.5);
  mPlot->yAxis->setRange(0, double(most) * 1.1);

  QStringList never, few;
  for (int index : rare) (counts[std::size_t(index)] == 0 ? never : few) << className(index, classes);
  QStringList parts;
  if (!never.isEmpty()) parts << tr("never generated: %1").arg(never.join(", "));
  if (!few.isEmpty()) parts << tr("under 1 %: %1").arg(few.join(", "));
  const std::int64_t total = std::accumulate(counts.begin(), counts.end(), std::int64_t(0));
  mCaption->setText(parts.isEmpty()
                        ? tr("Epoch %1: every class is generated (%2 samples).").arg(found->first).arg(total)
                        : tr("Epoch %1: %2").arg(found->first).arg(parts.join(" · ")));
  mCaption->setStyleSheet(parts.isEmpty() ? QString() : QStringLiteral("color: #a31515;"));
  mPlot->replot(QCustomPlot::rpQueuedReplot);
}

double ClassHistogram::barValue(int index) const {
  for (const QCPBars* bars : {mBars, mRareBars}) {
    const auto it = bars->data()->findBegin(index, false);
    if (it != bars->data()->constEnd() && it->key == index) return it->value;
  }
  return -1.0;
}

bool ClassHistogram::isRare(int index) const {
  const auto it = mRareBars->data()->findBegin(index, false);
  return it != mRareBars->data()->constEnd() && it->key == index;
}

QString ClassHistogram::captionText() const {
  return mCaption->text();
}

}  // namespace latentlab
