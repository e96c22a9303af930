#include "playground/colorizepage.h"
#include "common/refreshwhenshown.h"
#include "common/usermessage.h"
#include "data/datasetcatalog.h"

#include "common/errorreporter.h"
#include "images/imageconversion.h"
#include "playground/imagetile.h"
#include "playground/playgroundimages.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace latentlab {

namespace {
constexpr int kRows = 6;
constexpr int kTileSide = 96;
constexpr int kPhotoSide = 208;
}  // namespace

ColorizePage::ColorizePage(Session* session, ErrorReporter* errors, QWidget* parent)
    : QWidget(parent), mSession(session), mErrors(errors) {
  mHint = new QLabel;
  mHint->setWordWrap(true);
  mHint->setTextFormat(Qt::RichText);
  mContent = new QWidget;

  auto* samples = new QGroupBox(tr("Dataset samples: gray input | colorized | original"));
  auto* grid = new QGridLayout(samples);
  for (int row = 0; row < kRows; ++row) {
    std::vector<ImageTile*> tiles;
    for (int column = 0; column < 3; ++column) {
      auto* tile = new ImageTile(kTileSide);
      tiles.push_back(tile);
      grid->addWidget(tile, row % 3, (row / 3) * 4 + column, Qt::AlignTop);
    }
    mRowTiles.push_back(tiles);
  }
  grid->setColumnMinimumWidth(3, 24);
  grid->setColumnStretch(7, 1);
  auto* other = new QPushButton(tr("Other samples"));
  other->setShortcut(QKeySequence("N"));
  other->setToolTip(tr("Six other items of the test split (N)"));
  grid->addWidget(other, 3, 0, 1, 2, Qt::AlignLeft);

  auto* photo = new QGroupBox(tr("Your photo: photo | what the model sees | colorized"));
  auto* photoLayout = new QHBoxLayout(photo);
  auto* open = new QPushButton(tr("Open photo…"));
  open->setShortcut(QKeySequence("P"));
  open->setToolTip(tr("Any image file: it is turned gray and shrunk to the model's input size, then colorized (P)"));
  photoLayout->addWidget(open, 0, Qt::AlignTop);
  for (const QString& caption : {tr("photo"), tr("gray model input"), tr("colorized (scaled up)")}) {
    auto* tile = new ImageTile(kPhotoSide / 2, caption);
    tile->setSmooth(true);
    mPhotoTiles.push_back(tile);
    photoLayout->addWidget(tile, 0, Qt::AlignTop);
  }
  mPhotoTiles[0]->setSide(kPhotoSide);
  mPhotoTiles[2]->setSide(kPhotoSide);
  mPhotoTiles[1]->setSmooth(false);
  photoLayout->addStretch(1);

  auto* contentLayout = new QVBoxLayout(mContent);
  contentLayout->setContentsMargins(0, 0, 0, 0);
  contentLayout->addWidget(samples);
  contentLayout->addWidget(photo);
  contentLayout->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(mHint);
  layout->addWidget(mContent, 1);

  connect(other, &QPushButton::clicked, this, [this] {
    mSampleOffset += 7919;
    refreshSamples();
  });
  connect(open, &QPushButton::clicked, this, [this] {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open photo"), QDir::homePath(),
                                     tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp);;All files (*)"));
    if (!path.isEmpty()) openPhoto(path);
  });
  // New weights every epoch: recolorize when the page is on screen, not while it is hidden.
  auto* refresh = new RefreshWhenShown(this, [this] { onSessionChanged(); });
  connect(mSession, &Session::snapshotChanged, refresh, &RefreshWhenShown::request);
  connect(mSession, &Session::datasetChanged, this, &ColorizePage::onSessionChanged);
  onSessionChanged();
}

bool ColorizePage::isActive() const {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  return snapshot && snapshot->inputShape().channels == 1 && snapshot->outputShape().channels == 3;
}

QString ColorizePage::hintText() const {
  return mHint->text();
}

ColorizePage::ColorizeRecipe ColorizePage::colorizeRecipe() {
  // Seed 001's model on CIFAR-10 when it is installed; else colored MNIST, derived from the
  // MNIST digits the set-up installs, so the recipe always works here.
  if (DatasetCatalog().locate("cifar10"))
    return {"cifar10", "cifar-colorize-19167", tr("seed 001's 19,167-parameter model")};
  return {"colored-mnist", "colored-mnist-colorize", tr("CIFAR-10 is not installed; colored MNIST needs no download")};
}

void ColorizePage::onSessionChanged() {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  const bool active = isActive();
  mContent->setEnabled(active);
  // Without a colorization model the hint is what matters: framed, so it reads as the page's message.
  mHint->setStyleSheet(active ? QString()
                              : QString("QLabel { background: palette(alternate-base); border: 1px solid palette(mid); "
                                        "border-radius: 4px; padding: 10px; }"));
  const ColorizeRecipe recipe = colorizeRecipe();
  const QString why =
      tr("Colorization needs a model that takes <b>gray</b> images (1 channel) and outputs <b>color</b> "
         "(3 channels), trained on color pictures. Choose the dataset <b>%1</b> and the preset <b>%2</b> "
         "(%3) and train it: it learns each picture's colors from its luminance.")
          .arg(recipe.dataset, recipe.preset, recipe.about);
  if (!snapshot) {
    mHint->setText(noModelMessage().toHtmlEscaped() + "<br>" + why);
  } else if (!active) {
    mHint->setText(tr("This model maps %1 to %2, so it does not colorize. ")
                       .arg(QString::fromStdString(snapshot->inputShape().toString()),
                            QString::fromStdString(snapshot->outputShape().toString())) +
                   why);
  } else {
    mHint->setText(
        tr("Epoch %1 weights: gray %2 in, color %3 out. The gray input is the luminance (ITU-R 601), as in training.")
            .arg(snapshot->epoch())
            .arg(QString::fromStdString(snapshot->inputShape().toString()),
                 QString::fromStdString(snapshot->outputShape().toString())));
  }
  refreshSamples();
}

void ColorizePage::refreshSamples() {
  for (auto& row : mRowTiles)
    for (ImageTile* tile : row) tile->setImage({}, QString(""));
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  const DatasetPtr dataset = mSession->dataset();
  if (!isActive() || !dataset || dataset->size() == 0) return;
  const ImageShape in = snapshot->inputShape(), out = snapshot->outputShape();
  const std::vector<std::size_t> indices = spreadItems(mSession->split().test, dataset->size(), kRows, mSampleOffset);
  try {
    std::vector<float> gray;
    for (std::size_t index : indices) {
      const std::vector<float> item = itemInShape(*dataset, index, in);
      gray.insert(gray.end(), item.begin(), item.end());
    }
    const std::vector<float> colorized = reconstruct(*snapshot, gray.data(), int(indices.size()));
    for (std::size_t row = 0; row < indices.size(); ++row) {
      const std::vector<float> original = itemInShape(*dataset, indices[row], out);
      const float* output = colorized.data() + row * out.pixelCount();
      mRowTiles[row][0]->setImage(floatImage(gray, in, row * in.pixelCount()), tr("gray #%1").arg(indices[row]));
      mRowTiles[row][1]->setImage(
          floatImage(colorized, out, row * out.pixelCount()),
          tr("MSE %1").arg(meanSquaredError(output, original.data(), out.pixelCount()), 0, 'f', 4));
      mRowTiles[row][2]->setImage(floatImage(original, out), tr("original"));
    }
  } catch (...) {
    mHint->setText(tr("Cannot colorize these images: %1").arg(currentErrorMessage().toHtmlEscaped()));
  }
}

bool ColorizePage::openPhoto(const QString& path) {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (!isActive()) {
    mErrors->report(tr("Colorize photo"), tr("The current model does not colorize: train %1 on %2 first.")
                                              .arg(colorizeRecipe().preset, colorizeRecipe().dataset));
    return false;
  }
  try {
    const std::vector<std::uint8_t> pixels = loadImageFile(path.toStdString(), snapshot->inputShape());
    const std::vector<float> gray = toUnitFloats(pixels.data(), pixels.size());
    const std::vector<float> colorized = reconstruct(*snapshot, gray.data(), 1);
    QImageReader reader(path);
    reader.setAutoTransform(true);
    const QImage photo = reader.read();
    mPhotoTiles[0]->setImage(photo,
                             tr("%1 (%2×%3)").arg(QFileInfo(path).fileName()).arg(photo.width()).arg(photo.height()));
    mPhotoTiles[1]->setImage(floatImage(gray, snapshot->inputShape()),
                             tr("gray %1").arg(QString::fromStdString(snapshot->inputShape().toString())));
    mPhotoTiles[2]->setImage(
        floatImage(colorized, snapshot->outputShape()),
        tr("colorized %1, scaled up").arg(QString::fromStdString(snapshot->outputShape().toString())));
  } catch (...) {
    mErrors->report(tr("Cannot open photo"), currentErrorMessage());
    return false;
  }
  return true;
}

}  // namespace latentlab
