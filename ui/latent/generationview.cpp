#include "latent/generationview.h"

#include "common/asyncjob.h"
#include "latent/decodedimages.h"
#include "latent/latentstats.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace latentlab {

namespace {
constexpr int kPrior = -2;
constexpr int kAllCodes = -1;
constexpr int kColumns = 3;  // fits the side panel of a 1280-pixel window
}  // namespace

GenerationView::GenerationView(QWidget* parent) : QWidget(parent) {
  mJob = new AsyncJob(JobPolicy::Replace, this);
  auto* options = new QHBoxLayout;
  mSource = new QComboBox;
  mSource->setToolTip(
      tr("Where the codes come from: the prior N(0, I) of a VAE or GAN, or a Gaussian fitted to the map's codes"));
  mCount = new QSpinBox;
  mCount->setRange(1, 64);
  mCount->setValue(12);
  mCount->setToolTip(tr("How many images to generate"));
  mSeed = new QSpinBox;
  mSeed->setRange(0, 1 << 30);
  mSeed->setValue(1);
  mSeed->setToolTip(tr("The same seed gives the same samples"));
  auto* run = new QPushButton(tr("Generate"));
  run->setShortcut(QKeySequence("Ctrl+G"));
  run->setToolTip(tr("Sample codes and decode them (Ctrl+G); a new seed each time"));
  // The source on its own row: "Gaussian fitted to class 9" is read whole, never cut.
  mSource->setSizeAdjustPolicy(QComboBox::AdjustToContents);
  options->addWidget(new QLabel(tr("Count")));
  options->addWidget(mCount);
  options->addWidget(new QLabel(tr("Seed")));
  options->addWidget(mSeed);
  options->addWidget(run);
  options->addStretch(1);

  auto* host = new QWidget;
  mGrid = new QGridLayout(host);
  mGrid->setAlignment(Qt::AlignTop | Qt::AlignLeft);
  auto* scroll = new QScrollArea;
  scroll->setWidget(host);
  scroll->setWidgetResizable(true);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(mSource, 0, Qt::AlignLeft);
  layout->addLayout(options);
  layout->addWidget(scroll, 1);
  connect(run, &QPushButton::clicked, this, [this] {
    if (generate()) mSeed->setValue(mSeed->value() + 1);
  });
}

void GenerationView::setModel(ModelSnapshotPtr model, std::shared_ptr<const EncodedSet> codes,
                              const QStringList& classNames) {
  mModel = std::move(model);
  mEncoded = std::move(codes);
  const QVariant previous = mSource->currentData();
  mSource->clear();
  // A VAE's and a GAN's codes follow N(0, I); a plain autoencoder's have no prior.
  const bool hasPrior = mModel && (mModel->spec().isVariational() || mModel->isGan());
  mSource->addItem(tr("Prior N(0, I)"), kPrior);
  if (!hasPrior)
    if (auto* items = qobject_cast<QStandardItemModel*>(mSource->model())) {
      items->item(0)->setEnabled(false);
      items->item(0)->setToolTip(tr("Only a VAE or a GAN has a prior to sample from"));
    }
  mSource->addItem(tr("Gaussian fitted to all codes"), kAllCodes);
  for (int k = 0; k < classNames.size(); ++k) mSource->addItem(tr("Gaussian fitted to class %1").arg(classNames[k]), k);
  const int keep = mSource->findData(previous);
  mSource->setCurrentIndex(keep >= 0 ? keep : (hasPrior ? 0 : 1));
}

bool GenerationView::generate() {
  if (!mModel) return false;
  const int count = mCount->value();
  const int source = mSource->currentData().toInt();
  const auto seed = std::uint64_t(mSeed->value());
  if (source == kPrior) {
    mCodes = samplePrior(mModel->codeSize(), count, seed);
  } else {
    if (!mEncoded || mEncoded->count() < 2) return false;
    const GaussianFit fit = source == kAllCodes ? fitGaussian(*mEncoded) : fitGaussian(*mEncoded, std::int64_t(source));
    mCodes = sampleGaussian(fit, count, seed);
  }
  // The decodes (up to 64 images) run on a worker; a newer request replaces this one.
  mJob->run(
      [model = mModel, codes = mCodes, count](const JobRun&) { return decodeToImages(*model, codes.data(), count); },
      [this, codes = mCodes, count](std::vector<QImage> images) { showSamples(codes, std::move(images), count); });
  return true;
}

void GenerationView::showSamples(const std::vector<float>& codes, std::vector<QImage> images, int count) {
  mCodes = codes;
  mImages = std::move(images);
  while (QLayoutItem* item = mGrid->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  const int size = mModel->codeSize();
  for (int i = 0; i < count; ++i) {
    auto* cell = new QWidget;
    auto* cellLayout = new QVBoxLayout(cell);
    cellLayout->setContentsMargins(2, 2, 2, 2);
    auto* image = new QLabel;
    image->setPixmap(
        QPixmap::fromImage(mImages[std::size_t(i)].scaled(84, 84, Qt::KeepAspectRatio, Qt::FastTransformation)));
    // A short start of the vector under each image; all of it in the tooltip.
    auto* vector = new QLabel(formatCode(mCodes.data() + std::size_t(i) * size, size, 1, 3));
    vector->setWordWrap(true);
    vector->setMaximumWidth(90);
    vector->setStyleSheet("font-size: 8pt; color: palette(placeholder-text);");
    vector->setToolTip(formatCode(mCodes.data() + std::size_t(i) * size, size, 3, 1024));
    cellLayout->addWidget(image, 0, Qt::AlignHCenter);
    cellLayout->addWidget(vector);
    mGrid->addWidget(cell, i / kColumns, i % kColumns);
  }
  Q_EMIT samplesGenerated(mCodes, count);
}

}  // namespace latentlab
