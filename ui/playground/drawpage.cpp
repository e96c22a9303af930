#include "playground/drawpage.h"

#include "common/asyncjob.h"
#include "common/imageconversion.h"
#include "common/jobprogress.h"
#include "common/refreshwhenshown.h"
#include "common/usermessage.h"
#include "images/mnistnormalize.h"
#include "latent/datasetencoding.h"
#include "playground/drawpad.h"
#include "playground/imagetile.h"
#include "playground/playgroundimages.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace latentlab {

namespace {
constexpr int kNearest = 6;
constexpr std::size_t kReferenceLimit = 5000;
}  // namespace

DrawPage::DrawPage(Session* session, QWidget* parent) : QWidget(parent), mSession(session) {
  mTask = new AsyncJob(JobPolicy::Replace, this);
  mPad = new DrawPad;
  mPad->setMinimumSize(336, 336);
  mStatus = new QLabel;
  mStatus->setWordWrap(true);
  mScore = new QLabel;
  mScore->setWordWrap(true);
  mUpdateTimer.setSingleShot(true);
  mUpdateTimer.setInterval(0);
  connect(&mUpdateTimer, &QTimer::timeout, this, &DrawPage::updateFromPad);

  mBrush = new QSlider(Qt::Horizontal);
  mBrush->setRange(5, 40);
  mBrush->setValue(int(mPad->brushRadius() * 10));
  mBrush->setFixedWidth(120);
  mBrush->setToolTip(tr("Brush radius in image pixels"));
  auto* clear = new QPushButton(tr("Clear"));
  clear->setToolTip(tr("Start a new drawing (Delete on the pad)"));
  mCentre = new QCheckBox(tr("Centre like MNIST"));
  mCentre->setChecked(true);
  mCentre->setToolTip(
      tr("Before encoding, fit the drawing into 20x20 pixels and centre it by its centre of mass in 28x28, "
         "as MNIST's digits were made"));
  auto* tools = new QHBoxLayout;
  tools->addWidget(new QLabel(tr("Brush")));
  tools->addWidget(mBrush);
  tools->addWidget(clear);
  tools->addWidget(mCentre);
  tools->addStretch(1);
  auto* left = new QVBoxLayout;
  left->addWidget(mPad, 1);
  left->addLayout(tools);

  auto* result = new QGroupBox(tr("What the model makes of it"));
  auto* resultLayout = new QHBoxLayout(result);
  mInput = new ImageTile(140, tr("your drawing (model input)"));
  mReconstruction = new ImageTile(140, tr("reconstruction"));
  resultLayout->addWidget(mInput);
  resultLayout->addWidget(mReconstruction);
  resultLayout->addWidget(mScore, 1);

  auto* nearest = new QGroupBox(tr("Nearest test items in latent space"));
  auto* nearestLayout = new QHBoxLayout(nearest);
  for (int i = 0; i < kNearest; ++i) {
    auto* tile = new ImageTile(72);
    tile->setCaptionWidth(90);
    mNearest.push_back(tile);
    nearestLayout->addWidget(tile, 0, Qt::AlignTop);
  }
  nearestLayout->addStretch(1);

  auto* hint = new QLabel(tr("The drawing is also marked on the Latent map tab (compute the map there first)."));
  hint->setWordWrap(true);
  auto* right = new QVBoxLayout;
  right->addWidget(result);
  right->addWidget(nearest);
  right->addWidget(new JobProgress(mTask));
  right->addWidget(hint);
  right->addStretch(1);

  auto* columns = new QHBoxLayout;
  columns->addLayout(left, 2);
  columns->addLayout(right, 3);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(mStatus);
  layout->addLayout(columns, 1);

  connect(mPad, &DrawPad::inkChanged, &mUpdateTimer, qOverload<>(&QTimer::start));
  connect(mBrush, &QSlider::valueChanged, this, [this](int value) { mPad->setBrushRadius(value / 10.0); });
  connect(clear, &QPushButton::clicked, mPad, &DrawPad::clear);
  connect(mCentre, &QCheckBox::toggled, this, &DrawPage::updateFromPad);
  connect(mTask, &AsyncJob::finished, this, &DrawPage::updateFromPad);
  connect(mTask, &AsyncJob::failed, this, [this](const JobFailure& failure) {
    mStatus->setText(tr("The test split could not be encoded: %1").arg(userMessage(failure)));
  });
  auto* refresh = new RefreshWhenShown(this, [this] { onSnapshotChanged(); });
  connect(mSession, &Session::snapshotChanged, refresh, &RefreshWhenShown::request);
  connect(mSession, &Session::datasetChanged, this, [this] {
    mReference.reset();
    mReferenceDataset.reset();
    if (isVisible()) ensureReference();
    updateFromPad();
  });
  onSnapshotChanged();
}

DrawPage::~DrawPage() = default;

void DrawPage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  ensureReference();
}

bool DrawPage::referenceReady() const {
  return mReference && mReferenceSnapshot == mSession->snapshot() && mReferenceDataset == mSession->dataset();
}

void DrawPage::ensureReference() {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  const DatasetPtr dataset = mSession->dataset();
  if (!snapshot || snapshot->isGan() || !dataset || referenceReady() ||
      snapshot->outputShape() != snapshot->inputShape())
    return;
  if (mTask->isBusy() && mReferenceSnapshot == snapshot && mReferenceDataset == dataset) return;
  std::vector<std::size_t> indices = mSession->split().test;
  if (indices.empty()) {
    indices.resize(dataset->size());
    std::iota(indices.begin(), indices.end(), std::size_t(0));
  }
  indices = spreadSubset(indices, kReferenceLimit);
  mReference.reset();
  mReferenceSnapshot = snapshot;
  mReferenceDataset = dataset;
  mTask->start([this, snapshot, dataset, indices](const JobRun& run) -> AsyncJob::Apply {
    EncodeOptions options;
    options.reconstructionErrors = true;
    auto reference =
        std::make_shared<const EncodedSet>(encodeDataset(*snapshot, *dataset, indices, options, run.context()));
    std::vector<float> sorted = reference->errors;
    std::sort(sorted.begin(), sorted.end());
    return [this, reference, sorted = std::move(sorted)]() mutable {
      mReference = reference;
      mSortedErrors = std::move(sorted);
    };
  });
}

void DrawPage::onSnapshotChanged() {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (snapshot)
    mPad->setCanvasSize(snapshot->inputShape().width, snapshot->inputShape().height);
  else if (const DatasetPtr dataset = mSession->dataset())
    mPad->setCanvasSize(dataset->shape.width, dataset->shape.height);
  mReference.reset();
  if (isVisible()) ensureReference();
  updateFromPad();
}

void DrawPage::clearOutputs() {
  mInput->setImage({});
  mReconstruction->setImage({});
  for (ImageTile* tile : mNearest) tile->setImage({}, QString(""));
  mScore->clear();
  mError = -1;
  mPercentile = -1;
}

void DrawPage::updateFromPad() {
  mUpdateTimer.stop();
  clearOutputs();
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (!snapshot) {
    mStatus->setText(noModelMessage() + tr(" You can already draw."));
    mSession->clearProbe();
    return;
  }
  if (snapshot->isGan()) {
    mStatus->setText(ganModelMessage());
    mSession->clearProbe();
    return;
  }
  const ImageShape in = snapshot->inputShape(), out = snapshot->outputShape();
  if (in.width != mPad->canvasWidth() || in.height != mPad->canvasHeight()) mPad->setCanvasSize(in.width, in.height);
  if (mPad->isEmpty()) {
    mStatus->setText(tr("Draw a digit (or anything) on the pad: it is encoded with the epoch %1 weights as you draw.")
                         .arg(snapshot->epoch()));
    mSession->clearProbe();
    return;
  }
  // The gray drawing in every input channel (white ink on black, as in MNIST), normalized as
  // MNIST's digits were (a square pad only) so a digit drawn anywhere, at any size, meets its class.
  const bool centre = mCentre->isChecked() && in.width == in.height;
  const std::vector<float> ink = centre ? normalizeLikeMnist(mPad->ink(), in.width) : mPad->ink();
  std::vector<float> input;
  input.reserve(in.pixelCount());
  for (int c = 0; c < in.channels; ++c) input.insert(input.end(), ink.begin(), ink.end());
  std::vector<float> code, output;
  try {
    code = snapshot->encode(input.data(), 1);
    output = snapshot->decode(code.data(), 1);
  } catch (...) {
    mStatus->setText(tr("The model cannot encode the drawing: %1").arg(currentErrorMessage()));
    return;
  }
  const QImage drawn = floatImage(input, in);
  mInput->setImage(drawn);
  mReconstruction->setImage(floatImage(output, out));
  mSession->setProbe(code, drawn);
  if (in != out) {
    mStatus->setText(tr("This model outputs %1 from %2 inputs: no reconstruction error to score.")
                         .arg(QString::fromStdString(out.toString()), QString::fromStdString(in.toString())));
    return;
  }
  mError = meanSquaredError(input.data(), output.data(), input.size());
  mStatus->setText(tr("Encoded with the epoch %1 weights into %2 values; marked on the latent map.")
                       .arg(snapshot->epoch())
                       .arg(code.size()));
  if (!referenceReady()) {
    mScore->setText(
        tr("Reconstruction MSE %1\n(comparing with the test split once it is encoded…)").arg(mError, 0, 'f', 4));
    if (!mTask->isBusy()) ensureReference();
    return;
  }
  mPercentile = mSortedErrors.empty()
                    ? -1.0
                    : double(std::lower_bound(mSortedErrors.begin(), mSortedErrors.end(), float(mError)) -
                             mSortedErrors.begin()) /
                          double(mSortedErrors.size());
  const QString verdict = mPercentile >= 0.99  ? tr("very unusual for this model: it has not seen inputs like this")
                          : mPercentile >= 0.9 ? tr("unusual")
                                               : tr("typical of the test split");
  mScore->setText(tr("Reconstruction MSE %1\nworse than %2% of %3 test items: %4")
                      .arg(mError, 0, 'f', 4)
                      .arg(mPercentile * 100, 0, 'f', 1)
                      .arg(mSortedErrors.size())
                      .arg(verdict));
  // The nearest codes among the encoded test items (brute force: at most 5,000).
  const EncodedSet& reference = *mReference;
  if (reference.codeSize != int(code.size())) return;
  std::vector<std::pair<double, std::size_t>> distances;
  distances.reserve(reference.count());
  for (std::size_t i = 0; i < reference.count(); ++i) {
    const float* other = reference.code(i);
    double sum = 0;
    for (int d = 0; d < reference.codeSize; ++d)
      sum += double(other[d] - code[std::size_t(d)]) * double(other[d] - code[std::size_t(d)]);
    distances.emplace_back(sum, i);
  }
  const std::size_t shown = std::min<std::size_t>(kNearest, distances.size());
  std::partial_sort(distances.begin(), distances.begin() + std::ptrdiff_t(shown), distances.end());
  const DatasetPtr dataset = mReferenceDataset;
  for (std::size_t k = 0; k < shown; ++k) {
    const std::size_t row = distances[k].second;
    const std::size_t index = reference.indices[row];
    const std::int64_t label = reference.labels[row];
    const QString name = label >= 0 && std::size_t(label) < dataset->classNames.size()
                             ? QString::fromStdString(dataset->classNames[std::size_t(label)])
                             : QString::number(label);
    mNearest[k]->setImage(
        datasetImage(*dataset, index),
        tr("%1 (#%2)\ndistance %3").arg(name).arg(index).arg(std::sqrt(distances[k].first), 0, 'f', 2));
  }
}

int DrawPage::nearestCount() const {
  int count = 0;
  for (ImageTile* tile : mNearest) count += tile->image().isNull() ? 0 : 1;
  return count;
}

QString DrawPage::nearestCaption(int i) const {
  return mNearest[std::size_t(i)]->caption();
}
QString DrawPage::scoreText() const {
  return mScore->text();
}
QString DrawPage::statusText() const {
  return mStatus->text();
}

}  // namespace latentlab
