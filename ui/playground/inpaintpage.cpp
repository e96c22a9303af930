#include "playground/inpaintpage.h"

#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "common/refreshwhenshown.h"
#include "common/usermessage.h"
#include "images/imageconversion.h"
#include "playground/imagetile.h"
#include "playground/maskcanvas.h"
#include "playground/playgroundimages.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QShortcut>
#include <QSlider>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

namespace latentlab {

namespace {
constexpr int kTileSide = 132;
}

InpaintPage::InpaintPage(Session* session, ErrorReporter* errors, QWidget* parent)
    : QWidget(parent), mSession(session), mErrors(errors) {
  mCanvas = new MaskCanvas;
  mStatus = new QLabel;
  mStatus->setWordWrap(true);
  mUpdateTimer.setSingleShot(true);
  mUpdateTimer.setInterval(0);
  connect(&mUpdateTimer, &QTimer::timeout, this, &InpaintPage::updateResult);
  mOptimisation = new AsyncJob(JobPolicy::Replace, this);
  connect(mOptimisation, &AsyncJob::failed, this, [this](const JobFailure& failure) {
    mStatus->setText(tr("Inpainting failed: %1").arg(userMessage(failure)));
  });

  auto* left = new QVBoxLayout;
  left->addWidget(mCanvas, 1);
  left->addWidget(buildTools());
  auto* columns = new QHBoxLayout;
  columns->addLayout(left, 3);
  columns->addWidget(buildSide(), 4);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(mStatus);
  layout->addLayout(columns, 1);

  connect(mCanvas, &MaskCanvas::maskChanged, this, &InpaintPage::scheduleUpdate);
  auto* refresh = new RefreshWhenShown(this, [this] { onSessionChanged(); });
  connect(mSession, &Session::snapshotChanged, refresh, &RefreshWhenShown::request);
  connect(mSession, &Session::datasetChanged, this, [this] {
    mPhotoPath.clear();
    onSessionChanged();
  });
  onSessionChanged();
}

QWidget* InpaintPage::buildTools() {
  auto* box = new QWidget;
  auto* rows = new QVBoxLayout(box);
  rows->setContentsMargins(0, 0, 0, 0);
  auto* row = new QHBoxLayout;
  auto* holes = new QHBoxLayout;
  rows->addLayout(row);
  rows->addLayout(holes);
  mBrush = new QSlider(Qt::Horizontal);
  mBrush->setRange(1, 10);
  mBrush->setValue(mCanvas->brushSize());
  mBrush->setFixedWidth(110);
  mBrush->setToolTip(tr("Brush size in image pixels ([ and ] change it)"));
  mBrushLabel = new QLabel;
  mErase = new QToolButton;
  mErase->setText(tr("Erase"));
  mErase->setCheckable(true);
  mErase->setShortcut(QKeySequence("E"));
  mErase->setToolTip(tr("Left button erases instead of painting (E). The right button always erases."));
  mUndo = new QPushButton(tr("Undo"));
  mUndo->setToolTip(tr("Undo the last stroke, box or clear (Ctrl+Z)"));
  auto* clear = new QPushButton(tr("Clear"));
  clear->setToolTip(tr("Remove the whole mask (undoable)"));
  auto* box5 = new QPushButton(tr("Box 5×5"));
  box5->setToolTip(tr("A random 5×5 hole, as in seed 000's inpainting experiment"));
  auto* box15 = new QPushButton(tr("Box 15×15"));
  box15->setToolTip(tr("A random 15×15 hole, as in seed 000's inpainting experiment"));
  row->addWidget(new QLabel(tr("Brush")));
  row->addWidget(mBrush);
  row->addWidget(mBrushLabel);
  row->addWidget(mErase);
  row->addWidget(mUndo);
  row->addWidget(clear);
  row->addStretch(1);
  holes->addWidget(new QLabel(tr("Random hole")));
  holes->addWidget(box5);
  holes->addWidget(box15);
  holes->addStretch(1);

  auto refreshBrushLabel = [this] { mBrushLabel->setText(tr("%1 px").arg(mBrush->value())); };
  refreshBrushLabel();
  connect(mBrush, &QSlider::valueChanged, this, [this, refreshBrushLabel](int size) {
    mCanvas->setBrushSize(size);
    refreshBrushLabel();
  });
  connect(mErase, &QToolButton::toggled, mCanvas, &MaskCanvas::setErasing);
  connect(mUndo, &QPushButton::clicked, mCanvas, &MaskCanvas::undo);
  connect(clear, &QPushButton::clicked, mCanvas, &MaskCanvas::clear);
  connect(box5, &QPushButton::clicked, this, [this] { applyRandomBox(5); });
  connect(box15, &QPushButton::clicked, this, [this] { applyRandomBox(15); });
  auto* undoShortcut = new QShortcut(QKeySequence::Undo, this);
  undoShortcut->setContext(Qt::WidgetWithChildrenShortcut);
  connect(undoShortcut, &QShortcut::activated, mCanvas, &MaskCanvas::undo);
  auto* smaller = new QShortcut(QKeySequence("["), this);
  smaller->setContext(Qt::WidgetWithChildrenShortcut);
  connect(smaller, &QShortcut::activated, this, [this] { mBrush->setValue(mBrush->value() - 1); });
  auto* larger = new QShortcut(QKeySequence("]"), this);
  larger->setContext(Qt::WidgetWithChildrenShortcut);
  connect(larger, &QShortcut::activated, this, [this] { mBrush->setValue(mBrush->value() + 1); });
  return box;
}

QWidget* InpaintPage::buildSide() {
  auto* side = new QWidget;
  auto* layout = new QVBoxLayout(side);
  layout->setContentsMargins(0, 0, 0, 0);

  auto* source = new QGroupBox(tr("Image"));
  auto* sourceRow = new QHBoxLayout(source);
  mSample = new QSpinBox;
  mSample->setRange(0, 0);
  mSample->setToolTip(tr("Index of the dataset item to inpaint"));
  auto* random = new QPushButton(tr("Random sample"));
  random->setShortcut(QKeySequence("R"));
  random->setToolTip(tr("A random item of the test split (R)"));
  auto* open = new QPushButton(tr("Open image…"));
  open->setToolTip(tr("A photo or drawing of any size, converted to the model's input shape"));
  sourceRow->addWidget(new QLabel(tr("Sample #")));
  sourceRow->addWidget(mSample);
  sourceRow->addWidget(random);
  sourceRow->addWidget(open);
  sourceRow->addStretch(1);

  auto* options = new QGroupBox(tr("Fill"));
  auto* form = new QHBoxLayout(options);
  mRefinements = new QSpinBox;
  mRefinements->setRange(0, 20);
  mRefinements->setValue(2);
  mRefinements->setToolTip(tr("Feed the composite back through the model this many more times: the fill settles"));
  mLatentSteps = new QSpinBox;
  mLatentSteps->setRange(0, 500);
  mLatentSteps->setSingleStep(10);
  mLatentSteps->setValue(0);
  mLatentSteps->setToolTip(
      tr("Then optimise the code this many Adam steps so the output matches the known pixels (slower)"));
  form->addWidget(new QLabel(tr("Refinement passes")));
  form->addWidget(mRefinements);
  form->addSpacing(12);
  form->addWidget(new QLabel(tr("Latent optimisation steps")));
  form->addWidget(mLatentSteps);
  form->addStretch(1);

  auto* strip = new QGroupBox(tr("Result"));
  // Two by two: input and output above, composite and original below; fits a laptop screen.
  auto* stripLayout = new QGridLayout(strip);
  for (const QString& caption :
       {tr("masked input"), tr("model output"), tr("composite\n(known pixels kept)"), tr("original")}) {
    auto* tile = new ImageTile(kTileSide, caption);
    stripLayout->addWidget(tile, int(mTiles.size()) / 2, int(mTiles.size()) % 2);
    mTiles.push_back(tile);
  }
  stripLayout->setColumnStretch(2, 1);
  mResultText = new QLabel;
  mResultText->setWordWrap(true);

  auto* help = new QLabel(
      tr("Paint the holes on the left: the strip updates as you paint. "
         "The composite keeps every pixel you did not paint exactly and takes only the holes from the model."));
  help->setWordWrap(true);
  help->setStyleSheet("color: palette(mid);");

  layout->addWidget(source);
  layout->addWidget(options);
  layout->addWidget(strip);
  layout->addWidget(mResultText);
  layout->addWidget(help);
  layout->addStretch(1);

  connect(mSample, &QSpinBox::valueChanged, this, [this](int index) { showSample(std::size_t(index)); });
  connect(random, &QPushButton::clicked, this, [this] {
    const DatasetPtr dataset = mSession->dataset();
    if (!dataset || dataset->size() == 0) return;
    const std::vector<std::size_t> test = mSession->split().test;
    const std::size_t index = test.empty() ? QRandomGenerator::global()->bounded(quint64(dataset->size()))
                                           : test[QRandomGenerator::global()->bounded(quint64(test.size()))];
    if (int(index) == mSample->value())
      showSample(index);
    else
      mSample->setValue(int(index));
  });
  connect(open, &QPushButton::clicked, this, [this] {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open image"), QDir::homePath(),
        tr("Images (*.png *.jpg *.jpeg *.bmp *.tif *.tiff *.webp *.pgm *.ppm);;All files (*)"));
    if (!path.isEmpty()) openImage(path);
  });
  connect(mRefinements, &QSpinBox::valueChanged, this, &InpaintPage::scheduleUpdate);
  connect(mLatentSteps, &QSpinBox::valueChanged, this, &InpaintPage::scheduleUpdate);
  return side;
}

ImageShape InpaintPage::targetShape() const {
  if (const ModelSnapshotPtr snapshot = mSession->snapshot()) return snapshot->inputShape();
  if (const DatasetPtr dataset = mSession->dataset()) return dataset->shape;
  return {};
}

void InpaintPage::onSessionChanged() {
  const DatasetPtr dataset = mSession->dataset();
  {
    const QSignalBlocker block(mSample);
    mSample->setRange(0, dataset && dataset->size() > 0 ? int(dataset->size()) - 1 : 0);
  }
  reloadSource();
}

void InpaintPage::showSample(std::size_t index) {
  mPhotoPath.clear();
  if (mSample->value() != int(index)) {
    const QSignalBlocker block(mSample);
    mSample->setValue(int(index));
  }
  reloadSource();
}

bool InpaintPage::openImage(const QString& path) {
  const ImageShape shape = targetShape();
  if (shape.pixelCount() == 0) {
    mErrors->report(tr("Open image"),
                    tr("Load a dataset or train a model first: the image is converted to the model's input shape."));
    return false;
  }
  try {
    const std::vector<std::uint8_t> pixels = loadImageFile(path.toStdString(), shape);
    mPhotoPath = path;
    mOriginal = toUnitFloats(pixels.data(), pixels.size());
    mShape = shape;
  } catch (...) {
    mErrors->report(tr("Cannot open image"), currentErrorMessage());
    return false;
  }
  mCanvas->setImage(floatImage(mOriginal, mShape));
  updateResult();
  return true;
}

void InpaintPage::reloadSource() {
  const ImageShape shape = targetShape();
  if (!mPhotoPath.isEmpty() && shape != mShape) {
    if (openImage(mPhotoPath)) return;
    mPhotoPath.clear();
  }
  if (mPhotoPath.isEmpty()) {
    const DatasetPtr dataset = mSession->dataset();
    const std::size_t index = std::size_t(mSample->value());
    if (!dataset || index >= dataset->size() || shape.pixelCount() == 0) {
      mOriginal.clear();
      mShape = {};
      mCanvas->setImage({});
    } else {
      mShape = shape;
      mOriginal = itemInShape(*dataset, index, shape);
      mCanvas->setImage(floatImage(mOriginal, mShape));
    }
  }
  updateResult();
}

void InpaintPage::applyRandomBox(int size) {
  if (mShape.pixelCount() == 0) return;
  // Seeded from the session so a session replays the same boxes; each click a new one.
  const std::uint64_t seed = mSession->config().seed * 1000003ULL + mBoxCount++;
  mCanvas->setMask(randomBoxMask(mShape, std::min({size, mShape.height, mShape.width}), seed));
}

void InpaintPage::updateResult() {
  mUpdateTimer.stop();
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  const bool haveImage =
      !mOriginal.empty() && mCanvas->mask().size() == std::size_t(mShape.height) * std::size_t(mShape.width);
  const bool optimise = mLatentSteps->value() > 0;
  mTiles[3]->setImage(haveImage ? floatImage(mOriginal, mShape) : QImage());
  mTiles[0]->setImage(haveImage ? floatImage(applyMask(mOriginal.data(), mShape, mCanvas->mask()), mShape) : QImage());
  if (!optimise || !haveImage || !snapshot) {
    // Keep the last fill on screen while an optimisation runs; clear it otherwise.
    mResult = {};
    mTiles[1]->setImage({});
    mTiles[2]->setImage({});
    mResultText->clear();
  }
  if (!mSession->dataset() && mPhotoPath.isEmpty()) {
    mStatus->setText(tr("Load a dataset (Data tab) or open an image."));
    return;
  }
  if (!snapshot) {
    mStatus->setText(noModelMessage() + tr(" You can already paint the mask."));
    return;
  }
  if (snapshot->isGan()) {
    mStatus->setText(ganModelMessage());
    return;
  }
  if (snapshot->outputShape() != snapshot->inputShape()) {
    mStatus->setText(
        tr("This model outputs %1 images from %2 inputs (colorization): inpainting needs a model whose output has "
           "its input's shape. Use the Colorize page, or train e.g. mnist-conv.")
            .arg(QString::fromStdString(snapshot->outputShape().toString()),
                 QString::fromStdString(snapshot->inputShape().toString())));
    return;
  }
  if (!haveImage) return;
  InpaintOptions options;
  options.refinements = mRefinements->value();
  options.latentSteps = mLatentSteps->value();
  if (optimise) {
    startOptimisation(snapshot, options);
    return;
  }
  try {
    mResult = inpaint(*snapshot, mOriginal.data(), mCanvas->mask(), options);
  } catch (...) {
    mStatus->setText(tr("Inpainting failed: %1").arg(currentErrorMessage()));
    return;
  }
  showResult(mCanvas->mask(), snapshot->epoch());
}

bool InpaintPage::isBusy() const {
  return mOptimisation->isBusy();
}

void InpaintPage::startOptimisation(ModelSnapshotPtr snapshot, const InpaintOptions& options) {
  mStatus->setText(tr("Optimising the code: %1 steps…").arg(options.latentSteps));
  const InpaintMask mask = mCanvas->mask();
  // Each new mask, image or setting replaces the optimisation running (it stops within a step).
  mOptimisation->run([snapshot, image = mOriginal, mask, options](
                         const JobRun& run) { return inpaint(*snapshot, image.data(), mask, options, run.context()); },
                     [this, mask, snapshot](InpaintResult result) {
                       if (mask.size() != std::size_t(mShape.height) * std::size_t(mShape.width)) return;
                       mResult = std::move(result);
                       showResult(mask, snapshot->epoch());
                     });
}

void InpaintPage::showResult(const InpaintMask& mask, int epoch) {
  mTiles[1]->setImage(floatImage(mResult.output, mShape));
  mTiles[2]->setImage(floatImage(mResult.composite, mShape));
  // How well the holes were filled: the composite against the original there.
  const std::size_t plane = std::size_t(mShape.height) * std::size_t(mShape.width);
  double holeError = 0;
  std::size_t holeValues = 0;
  int holes = 0;
  for (std::size_t p = 0; p < plane; ++p) holes += mask[p] ? 1 : 0;
  for (std::size_t c = 0; c < std::size_t(mShape.channels); ++c)
    for (std::size_t p = 0; p < plane; ++p)
      if (mask[p]) {
        const double d = double(mResult.composite[c * plane + p]) - mOriginal[c * plane + p];
        holeError += d * d;
        ++holeValues;
      }
  const QString source =
      mPhotoPath.isEmpty() ? tr("sample #%1").arg(mSample->value()) : QFileInfo(mPhotoPath).fileName();
  mStatus->setText(tr("%1 · epoch %2 weights · %3 of %4 pixels masked").arg(source).arg(epoch).arg(holes).arg(plane));
  mResultText->setText(
      holes == 0 ? tr("Paint a hole (or press Box 5×5) to see the fill.")
                 : tr("Fill error in the holes (MSE against the original): %1 · output error on the known pixels: %2")
                       .arg(holeValues ? holeError / double(holeValues) : 0.0, 0, 'f', 4)
                       .arg(mResult.knownMse, 0, 'f', 4));
}

QString InpaintPage::statusText() const {
  return mStatus->text();
}
QString InpaintPage::resultText() const {
  return mResultText->text();
}

}  // namespace latentlab
