#include "playground/denoisepage.h"

#include "common/asyncjob.h"
#include "common/imageconversion.h"
#include "common/jobprogress.h"
#include "common/refreshwhenshown.h"
#include "common/usermessage.h"
#include "corrupt/corruptimages.h"
#include "images/imageconversion.h"
#include "playground/imagetile.h"
#include "playground/playgroundimages.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace latentlab {

namespace {
constexpr int kRows = 6;
constexpr int kTileSide = 84;

QSlider* levelSlider(int low, int high, int value, const QString& tip) {
  auto* slider = new QSlider(Qt::Horizontal);
  slider->setRange(low, high);
  slider->setValue(value);
  slider->setMinimumWidth(120);
  slider->setToolTip(tip);
  return slider;
}
}  // namespace

DenoisePage::DenoisePage(Session* session, QWidget* parent) : QWidget(parent), mSession(session) {
  mTask = new AsyncJob(JobPolicy::Replace, this);
  mStatus = new QLabel;
  mStatus->setWordWrap(true);

  auto* samples = new QGroupBox(tr("Test samples: noisy | denoised | clean"));
  mGrid = new QGridLayout(samples);
  mGrid->setHorizontalSpacing(6);
  for (int row = 0; row < kRows; ++row) {
    std::vector<ImageTile*> tiles;
    for (int column = 0; column < 3; ++column) {
      auto* tile = new ImageTile(kTileSide);
      tile->setCaptionWidth(column == 2 ? 100 : 175);
      tiles.push_back(tile);
      // Two blocks of three rows side by side, so six rows fit without scrolling.
      mGrid->addWidget(tile, row % 3, (row / 3) * 4 + column, Qt::AlignTop);
    }
    mRowTiles.push_back(tiles);
  }
  mGrid->setColumnMinimumWidth(3, 24);
  mGrid->setColumnStretch(7, 1);
  auto* other = new QPushButton(tr("Other samples"));
  other->setToolTip(tr("Show six other items of the test split (N)"));
  other->setShortcut(QKeySequence("N"));
  mGrid->addWidget(other, 3, 0, 1, 2, Qt::AlignLeft);

  auto* evaluation = new QGroupBox(tr("Whole test split"));
  auto* evaluationLayout = new QVBoxLayout(evaluation);
  mEvaluate = new QPushButton(tr("Evaluate test split"));
  mEvaluate->setShortcut(QKeySequence("Ctrl+Return"));
  mEvaluate->setToolTip(
      tr("Corrupt every test image (seeded as in training), denoise it, and average the quality (Ctrl+Enter)"));
  mEvaluationStatus = new QLabel(tr("Averages over the session's test split appear here."));
  mEvaluationStatus->setWordWrap(true);
  mAverages = new QTableWidget(2, 4);
  mAverages->setHorizontalHeaderLabels({tr("MSE"), tr("PSNR (dB)"), tr("SNR (dB)"), tr("SSIM")});
  mAverages->setVerticalHeaderLabels({tr("denoised output"), tr("noisy input")});
  mAverages->setEditTriggers(QAbstractItemView::NoEditTriggers);
  mAverages->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  mAverages->setMinimumWidth(420);
  mAverages->setMaximumWidth(760);
  mAverages->setFixedHeight(mAverages->horizontalHeader()->sizeHint().height() +
                            2 * mAverages->verticalHeader()->defaultSectionSize() + 6);
  mAverages->setToolTip(tr("Means over the images: PSNR and SNR are averaged per image in dB"));
  auto* run = new QHBoxLayout;
  run->addWidget(mEvaluate);
  run->addWidget(new JobProgress(mTask), 1);
  run->addStretch(0);
  evaluationLayout->addLayout(run);
  evaluationLayout->addWidget(mAverages);
  evaluationLayout->addWidget(mEvaluationStatus);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildControls());
  layout->addWidget(mStatus);
  layout->addWidget(samples);
  layout->addWidget(evaluation);
  layout->addStretch(1);

  connect(other, &QPushButton::clicked, this, [this] {
    mSampleOffset += 7919;  // a prime stride walks through the whole split
    refreshSamples();
  });
  connect(mEvaluate, &QPushButton::clicked, this, &DenoisePage::evaluateTestSplit);
  connect(mTask, &AsyncJob::busyChanged, this, [this](bool busy) { mEvaluate->setEnabled(!busy); });
  connect(mTask, &AsyncJob::cancelled, this, [this] { mEvaluationStatus->setText(tr("Evaluation cancelled.")); });
  connect(mTask, &AsyncJob::failed, this, [this](const JobFailure& failure) {
    mEvaluationStatus->setText(tr("Evaluation failed: %1").arg(userMessage(failure)));
  });
  auto invalidate = [this] {
    mTask->cancel();
    mEvaluation.reset();
    showEvaluation();
    refreshSamples();
  };
  // A new epoch refreshes the samples (once the page is on screen); an evaluation under way
  // finishes on the weights it started with.
  auto* refresh = new RefreshWhenShown(this, [this] { refreshSamples(); });
  connect(mSession, &Session::snapshotChanged, refresh, &RefreshWhenShown::request);
  connect(mSession, &Session::datasetChanged, this, invalidate);
  refreshControls();
  refreshSamples();
  showEvaluation();
}

QWidget* DenoisePage::buildControls() {
  auto* bar = new QWidget;
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  mType = new QComboBox;
  mType->addItem(tr("Gaussian"), Gaussian);
  mType->addItem(tr("Salt-and-pepper"), SaltPepper);
  mType->addItem(tr("Occlusion"), Occlusion);
  mType->addItem(tr("Gaussian + occlusion"), GaussianOcclusion);
  mType->setToolTip(tr("How the inputs are damaged before the model sees them"));
  mSigma = levelSlider(1, 100, 30, tr("Gaussian noise: standard deviation, on images in [0, 1]"));
  mProbability = levelSlider(1, 60, 10, tr("Salt-and-pepper: the share of pixels set to black or white"));
  mBox = levelSlider(1, 28, 8, tr("Occlusion: side of the black box, in pixels"));
  mSigmaLabel = new QLabel;
  mProbabilityLabel = new QLabel;
  mBoxLabel = new QLabel;
  for (QLabel* label : {mSigmaLabel, mProbabilityLabel, mBoxLabel}) label->setMinimumWidth(64);
  mCorruptionLabel = new QLabel;
  mCorruptionLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mCorruptionLabel->setToolTip(
      tr("The same text works as --corruption for latentlab-cli train and in Training settings"));
  row->addWidget(new QLabel(tr("Noise")));
  row->addWidget(mType);
  row->addWidget(mSigma);
  row->addWidget(mSigmaLabel);
  row->addWidget(mProbability);
  row->addWidget(mProbabilityLabel);
  row->addWidget(mBox);
  row->addWidget(mBoxLabel);
  row->addWidget(mCorruptionLabel);
  row->addStretch(1);
  auto changed = [this] {
    refreshControls();
    mTask->cancel();
    mEvaluation.reset();
    showEvaluation();
    refreshSamples();
  };
  connect(mType, &QComboBox::currentIndexChanged, this, changed);
  for (QSlider* slider : {mSigma, mProbability, mBox}) connect(slider, &QSlider::valueChanged, this, changed);
  return bar;
}

void DenoisePage::setNoise(NoiseType type, double sigma, double probability, int box) {
  const QSignalBlocker a(mType), b(mSigma), c(mProbability), d(mBox);
  mType->setCurrentIndex(mType->findData(type));
  mSigma->setValue(int(std::lround(sigma * 100)));
  mProbability->setValue(int(std::lround(probability * 100)));
  mBox->setValue(box);
  refreshControls();
  mTask->cancel();
  mEvaluation.reset();
  showEvaluation();
  refreshSamples();
}

void DenoisePage::refreshControls() {
  const int type = mType->currentData().toInt();
  const bool gaussian = type == Gaussian || type == GaussianOcclusion;
  const bool box = type == Occlusion || type == GaussianOcclusion;
  mSigma->setVisible(gaussian);
  mSigmaLabel->setVisible(gaussian);
  mProbability->setVisible(type == SaltPepper);
  mProbabilityLabel->setVisible(type == SaltPepper);
  mBox->setVisible(box);
  mBoxLabel->setVisible(box);
  mSigmaLabel->setText(tr("σ %1").arg(mSigma->value() / 100.0, 0, 'f', 2));
  mProbabilityLabel->setText(tr("p %1").arg(mProbability->value() / 100.0, 0, 'f', 2));
  mBoxLabel->setText(tr("%1×%1 px").arg(mBox->value()));
  mCorruptionLabel->setText(tr("= %1").arg(QString::fromStdString(corruption().toString())));
}

Corruption DenoisePage::corruption() const {
  const QString sigma = QString::number(mSigma->value() / 100.0, 'f', 2);
  const QString probability = QString::number(mProbability->value() / 100.0, 'f', 2);
  const QString box = QString::number(mBox->value());
  QString text;
  switch (mType->currentData().toInt()) {
    case Gaussian:
      text = "gaussian:" + sigma;
      break;
    case SaltPepper:
      text = "saltpepper:" + probability;
      break;
    case Occlusion:
      text = "occlude:" + box;
      break;
    default:
      text = "gaussian:" + sigma + "+occlude:" + box;
      break;
  }
  return Corruption::parse(text.toStdString());
}

void DenoisePage::refreshSamples() {
  for (auto& row : mRowTiles)
    for (ImageTile* tile : row) tile->setImage({}, QString(""));
  const DatasetPtr dataset = mSession->dataset();
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (!dataset || dataset->size() == 0) {
    mStatus->setText(tr("Load a dataset first (Data tab)."));
    return;
  }
  const std::vector<std::size_t> indices = spreadItems(mSession->split().test, dataset->size(), kRows, mSampleOffset);
  Corruption noise;
  try {
    noise = corruption();
  } catch (...) {
    mStatus->setText(currentErrorMessage());
    return;
  }
  const std::uint64_t seed = mSession->config().seed;
  const ImageBatchBytes noisy = corruptDatasetImages(*dataset, indices, noise, seed);
  if (!snapshot || snapshot->isGan()) {
    mStatus->setText((snapshot ? ganModelMessage() : noModelMessage()) +
                     tr(" Meanwhile: the noisy inputs it would get."));
    for (std::size_t row = 0; row < indices.size(); ++row) {
      mRowTiles[row][0]->setImage(toQImage(noisy.pixels.data() + row * noisy.shape.pixelCount(), noisy.shape),
                                  tr("#%1 noisy").arg(indices[row]));
      mRowTiles[row][2]->setImage(floatImage(itemInShape(*dataset, indices[row], dataset->shape), dataset->shape),
                                  tr("clean"));
    }
    return;
  }
  const ImageShape in = snapshot->inputShape(), out = snapshot->outputShape();
  try {
    std::vector<float> inputs;
    inputs.reserve(indices.size() * in.pixelCount());
    for (std::size_t row = 0; row < indices.size(); ++row) {
      const std::uint8_t* bytes = noisy.pixels.data() + row * noisy.shape.pixelCount();
      const std::vector<std::uint8_t> converted = noisy.shape == in
                                                      ? std::vector<std::uint8_t>(bytes, bytes + in.pixelCount())
                                                      : convertImage(bytes, noisy.shape, in);
      for (std::uint8_t value : converted) inputs.push_back(float(value) / 255.0f);
    }
    const std::vector<float> outputs = reconstruct(*snapshot, inputs.data(), int(indices.size()));
    for (std::size_t row = 0; row < indices.size(); ++row) {
      const std::vector<float> clean = itemInShape(*dataset, indices[row], out);
      const float* input = inputs.data() + row * in.pixelCount();
      const float* output = outputs.data() + row * out.pixelCount();
      mRowTiles[row][0]->setImage(floatImage(inputs, in, row * in.pixelCount()),
                                  in == out ? qualityCaption(input, clean.data(), out) : tr("model input"));
      mRowTiles[row][1]->setImage(floatImage(outputs, out, row * out.pixelCount()),
                                  qualityCaption(output, clean.data(), out));
      mRowTiles[row][2]->setImage(floatImage(clean, out), tr("clean #%1").arg(indices[row]));
    }
  } catch (...) {
    mStatus->setText(tr("The model cannot denoise these images: %1").arg(currentErrorMessage()));
    return;
  }
  // Say what the model learned to undo: a denoising run's own corruption, or none at all.
  const std::string trained = mSession->config().corruption;
  const QString training = trained.empty() || trained == "none"
                               ? tr("this model was trained on clean inputs, so it was never taught to denoise")
                               : tr("this model was trained with %1").arg(QString::fromStdString(trained));
  mStatus->setText(tr("Epoch %1 weights on %2 test items, corrupted with %3 (seed %4); %5. "
                      "Captions compare each image with the clean one.")
                       .arg(snapshot->epoch())
                       .arg(indices.size())
                       .arg(QString::fromStdString(noise.toString()))
                       .arg(seed)
                       .arg(training));
}

bool DenoisePage::evaluateTestSplit() {
  const DatasetPtr dataset = mSession->dataset();
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (!dataset || !snapshot) {
    mEvaluationStatus->setText(noModelMessage());
    return false;
  }
  if (snapshot->isGan()) {
    mEvaluationStatus->setText(ganModelMessage());
    return false;
  }
  std::vector<std::size_t> indices = mSession->split().test;
  if (indices.empty())
    for (std::size_t i = 0; i < dataset->size(); ++i) indices.push_back(i);
  Corruption noise;
  try {
    noise = corruption();
  } catch (...) {
    mEvaluationStatus->setText(currentErrorMessage());
    return false;
  }
  const std::uint64_t seed = mSession->config().seed;
  mEvaluation.reset();
  showEvaluation();
  mEvaluationStatus->setText(
      tr("Evaluating %1 test images with %2…").arg(indices.size()).arg(QString::fromStdString(noise.toString())));
  mTask->start([this, dataset, snapshot, indices, noise, seed](const JobRun& run) -> AsyncJob::Apply {
    const SnapshotEvaluation result = evaluateSnapshot(*snapshot, *dataset, indices, noise, seed, run.context());
    const int epoch = snapshot->epoch();
    return [this, result, epoch] {
      mEvaluation = result;
      mEvaluationEpoch = epoch;
      showEvaluation();
    };
  });
  return true;
}

void DenoisePage::showEvaluation() {
  auto setRow = [this](int row, const ImageQuality* q) {
    const QStringList values = q ? QStringList{QString::number(q->mse, 'f', 5), QString::number(q->psnr, 'f', 2),
                                               QString::number(q->snrDb, 'f', 2), QString::number(q->ssim, 'f', 3)}
                                 : QStringList{"–", "–", "–", "–"};
    for (int column = 0; column < 4; ++column) {
      auto* item = new QTableWidgetItem(values[column]);
      item->setTextAlignment(Qt::AlignCenter);
      mAverages->setItem(row, column, item);
    }
  };
  setRow(0, mEvaluation ? &mEvaluation->output : nullptr);
  setRow(1, mEvaluation ? &mEvaluation->corrupted : nullptr);
  if (mEvaluation)
    mEvaluationStatus->setText(tr("Averages over %1 test images with %2, epoch %3 weights: the denoised output against "
                                  "the noisy input it was given.")
                                   .arg(mEvaluation->count)
                                   .arg(mCorruptionLabel->text().mid(2))
                                   .arg(mEvaluationEpoch));
  else if (!mTask->isBusy())
    mEvaluationStatus->setText(tr("Press Evaluate to average over the session's test split (%1).")
                                   .arg(mCorruptionLabel ? mCorruptionLabel->text().mid(2) : QString()));
}

QString DenoisePage::caption(int row, int column) const {
  return mRowTiles[std::size_t(row)][std::size_t(column)]->caption();
}

QString DenoisePage::statusText() const {
  return mStatus->text();
}

}  // namespace latentlab
