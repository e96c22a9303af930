#include "latent/dimensionsliders.h"

#include "common/asyncjob.h"
#include "latent/decodedimages.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QVBoxLayout>

#include <cmath>

namespace latentlab {

namespace {
constexpr int kSteps = 1000;
constexpr int kTraversalSteps = 7;
}  // namespace

DimensionSliders::DimensionSliders(QWidget* parent) : QWidget(parent) {
  mTraversalJob = new AsyncJob(JobPolicy::Replace, this);
  auto* top = new QHBoxLayout;
  mImage = new QLabel;
  mImage->setFixedSize(140, 140);
  mImage->setAlignment(Qt::AlignCenter);
  mImage->setStyleSheet("QLabel { background: palette(base); border: 1px solid palette(mid); }");
  auto* buttons = new QVBoxLayout;
  auto* reset = new QPushButton(tr("Reset"));
  reset->setToolTip(tr("Back to the code the sliders started from"));
  auto* snap = new QPushButton(tr("Snap to nearest sample"));
  snap->setToolTip(tr("Jump to the encoded dataset item closest to this code"));
  mNote = new QLabel(tr("Click a point or decode on the map; then slide its dimensions."));
  mNote->setWordWrap(true);
  buttons->addWidget(reset);
  buttons->addWidget(snap);
  buttons->addWidget(mNote, 1);
  top->addWidget(mImage);
  top->addLayout(buttons, 1);

  mUsage = new QLabel;
  mUsage->setWordWrap(true);
  mUsage->hide();

  auto* slidersHost = new QWidget;
  mGrid = new QGridLayout(slidersHost);
  mGrid->setColumnStretch(1, 1);
  auto* scroll = new QScrollArea;
  scroll->setWidget(slidersHost);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);

  auto* traversalBox = new QGroupBox(tr("Traversal grid of two dimensions"));
  auto* traversalLayout = new QVBoxLayout(traversalBox);
  auto* pick = new QHBoxLayout;
  mDimA = new QComboBox;
  mDimB = new QComboBox;
  mDimA->setToolTip(tr("Dimension swept left to right"));
  mDimB->setToolTip(tr("Dimension swept top to bottom"));
  pick->addWidget(new QLabel(tr("across")));
  pick->addWidget(mDimA);
  pick->addWidget(new QLabel(tr("down")));
  pick->addWidget(mDimB);
  pick->addStretch(1);
  mTraversalLabel = new QLabel;
  mTraversalLabel->setAlignment(Qt::AlignCenter);
  traversalLayout->addLayout(pick);
  traversalLayout->addWidget(mTraversalLabel);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top);
  layout->addWidget(mUsage);
  layout->addWidget(scroll, 1);
  layout->addWidget(traversalBox);

  connect(reset, &QPushButton::clicked, this, [this] {
    setStartCode(mStart);
    Q_EMIT codeEdited(mCode);
  });
  connect(snap, &QPushButton::clicked, this, [this] { Q_EMIT snapRequested(mCode); });
  connect(mDimA, &QComboBox::currentIndexChanged, this, &DimensionSliders::refreshTraversal);
  connect(mDimB, &QComboBox::currentIndexChanged, this, &DimensionSliders::refreshTraversal);
}

void DimensionSliders::setModel(ModelSnapshotPtr model, std::vector<DimensionRange> ranges) {
  mModel = std::move(model);
  mRanges = std::move(ranges);
  rebuild();
}

void DimensionSliders::rebuild() {
  while (QLayoutItem* item = mGrid->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  mSliders.clear();
  mValues.clear();
  mNames.clear();
  mUsage->hide();
  const int dims = mModel ? std::min<int>(mModel->codeSize(), kMaxSliders) : 0;
  mUpdating = true;
  mDimA->clear();
  mDimB->clear();
  for (int d = 0; d < dims; ++d) {
    auto* name = new QLabel(QString("z%1").arg(d));
    auto* slider = new QSlider(Qt::Horizontal);
    slider->setRange(0, kSteps);
    const DimensionRange range = d < int(mRanges.size()) ? mRanges[std::size_t(d)] : DimensionRange{-3, 3, 0};
    slider->setToolTip(tr("z%1 from %2 to %3 (the data's 1st to 99th percentile)")
                           .arg(d)
                           .arg(range.low, 0, 'g', 3)
                           .arg(range.high, 0, 'g', 3));
    auto* value = new QLabel;
    value->setMinimumWidth(52);
    mGrid->addWidget(name, d, 0);
    mGrid->addWidget(slider, d, 1);
    mGrid->addWidget(value, d, 2);
    mSliders.push_back(slider);
    mValues.push_back(value);
    mNames.push_back(name);
    connect(slider, &QSlider::valueChanged, this, [this, d](int position) { onSlider(d, position); });
    mDimA->addItem(QString("z%1").arg(d), d);
    mDimB->addItem(QString("z%1").arg(d), d);
  }
  if (mModel && mModel->codeSize() > kMaxSliders)
    mNote->setText(tr("Showing the first %1 of %2 dimensions.").arg(kMaxSliders).arg(mModel->codeSize()));
  if (dims > 1) mDimB->setCurrentIndex(1);
  mUpdating = false;
  std::vector<float> start(std::size_t(mModel ? mModel->codeSize() : 0), 0.0f);
  for (std::size_t d = 0; d < start.size() && d < mRanges.size(); ++d) start[d] = mRanges[d].median;
  setStartCode(start);
}

float DimensionSliders::valueAt(int dimension, int position) const {
  const DimensionRange range =
      dimension < int(mRanges.size()) ? mRanges[std::size_t(dimension)] : DimensionRange{-3, 3, 0};
  return range.low + (range.high - range.low) * float(position) / kSteps;
}

int DimensionSliders::positionOf(int dimension, float value) const {
  const DimensionRange range =
      dimension < int(mRanges.size()) ? mRanges[std::size_t(dimension)] : DimensionRange{-3, 3, 0};
  if (range.high <= range.low) return kSteps / 2;
  return std::clamp(int(std::lround((value - range.low) / (range.high - range.low) * kSteps)), 0, kSteps);
}

void DimensionSliders::setStartCode(const std::vector<float>& code) {
  if (!mModel || int(code.size()) != mModel->codeSize()) return;
  mStart = code;
  mCode = code;
  mUpdating = true;
  for (int d = 0; d < int(mSliders.size()); ++d) {
    mSliders[std::size_t(d)]->setValue(positionOf(d, code[std::size_t(d)]));
    mValues[std::size_t(d)]->setText(QString::number(code[std::size_t(d)], 'f', 2));
  }
  mUpdating = false;
  refreshImage();
  refreshTraversal();
}

void DimensionSliders::onSlider(int dimension, int position) {
  if (mUpdating || std::size_t(dimension) >= mCode.size()) return;
  mCode[std::size_t(dimension)] = valueAt(dimension, position);
  mValues[std::size_t(dimension)]->setText(QString::number(mCode[std::size_t(dimension)], 'f', 2));
  refreshImage();
  refreshTraversal();  // the grid sweeps two dimensions around the code the sliders show now
  Q_EMIT codeEdited(mCode);
}

void DimensionSliders::refreshImage() {
  if (!mModel || mCode.empty()) return;
  mDecoded = decodeToImage(*mModel, mCode);
  mImage->setPixmap(QPixmap::fromImage(mDecoded.scaled(138, 138, Qt::KeepAspectRatio, Qt::FastTransformation)));
}

void DimensionSliders::refreshTraversal() {
  if (mUpdating || !mModel || mCode.empty() || mDimA->count() == 0) return;
  const int a = mDimA->currentData().toInt();
  const int b = mDimB->currentData().toInt();
  std::vector<float> codes;
  for (int row = 0; row < kTraversalSteps; ++row)
    for (int column = 0; column < kTraversalSteps; ++column) {
      std::vector<float> code = mCode;
      code[std::size_t(a)] = valueAt(a, column * kSteps / (kTraversalSteps - 1));
      if (b != a) code[std::size_t(b)] = valueAt(b, row * kSteps / (kTraversalSteps - 1));
      codes.insert(codes.end(), code.begin(), code.end());
    }
  // The grid's decodes run on a worker; a newer slider position replaces an older request.
  mTraversalJob->run(
      [model = mModel, codes = std::move(codes)](const JobRun&) {
        const std::vector<QImage> images = decodeToImages(*model, codes.data(), kTraversalSteps * kTraversalSteps);
        const int side = 40;
        QImage grid(kTraversalSteps * side, kTraversalSteps * side, QImage::Format_RGB32);
        QPainter painter(&grid);
        for (int i = 0; i < int(images.size()); ++i)
          painter.drawImage(QRect((i % kTraversalSteps) * side, (i / kTraversalSteps) * side, side, side),
                            images[std::size_t(i)]);
        painter.end();
        return grid;
      },
      [this](QImage grid) {
        mTraversal = std::move(grid);
        mTraversalLabel->setPixmap(QPixmap::fromImage(mTraversal));
      });
}

void DimensionSliders::setUsage(const std::optional<DimensionUsage>& usage) {
  if (!usage || usage->kl.size() < mNames.size()) {
    mUsage->hide();
    for (std::size_t d = 0; d < mNames.size(); ++d) {
      mNames[d]->setText(QString("z%1").arg(d));
      mNames[d]->setToolTip(QString());
      mNames[d]->setStyleSheet(QString());
    }
    return;
  }
  for (std::size_t d = 0; d < mNames.size(); ++d) {
    const bool active = usage->activity[d] > DimensionUsage::kActiveThreshold;
    mNames[d]->setText(QString("z%1  %2").arg(d).arg(usage->kl[d], 0, 'f', 2));
    mNames[d]->setToolTip(tr("z%1: KL from the prior %2 nats; its mean varies by %3 over the data (%4)")
                              .arg(d)
                              .arg(usage->kl[d], 0, 'f', 3)
                              .arg(usage->activity[d], 0, 'g', 3)
                              .arg(active ? tr("active") : tr("inactive: the decoder ignores it")));
    mNames[d]->setStyleSheet(active ? QString() : QStringLiteral("color: palette(placeholder-text);"));
  }
  mUsage->setText(tr("VAE: %1 of %2 dimensions active. Beside each name its KL from the prior (nats); "
                     "greyed dimensions barely vary over the data and change little when slid.")
                      .arg(usage->activeCount)
                      .arg(usage->kl.size()));
  mUsage->show();
}

QString DimensionSliders::usageText() const {
  return mUsage->isHidden() ? QString() : mUsage->text();
}

QString DimensionSliders::dimensionLabel(int dimension) const {
  return dimension >= 0 && dimension < int(mNames.size()) ? mNames[std::size_t(dimension)]->text() : QString();
}

}  // namespace latentlab
