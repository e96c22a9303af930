#include "latent/latentpanel.h"

#include "common/errorreporter.h"
#include "common/imageconversion.h"
#include "latent/decodedimages.h"
#include "latent/dimensionsliders.h"
#include "latent/generationview.h"
#include "latent/inspectorview.h"
#include "latent/interpolationview.h"
#include "latent/latentmapview.h"
#include "latent/latentstats.h"
#include "latent/pointcloud.h"
#include "latent/projectorexport.h"
#include "train/modelfit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
constexpr int kNeighbours = 8;
constexpr int kAtlasSide = 14;

// A perceptually ordered blue-to-yellow ramp (viridis-like) for continuous coloring.
QRgb rampColor(double t) {
  static const QColor stops[] = {QColor(68, 1, 84), QColor(59, 82, 139), QColor(33, 145, 140), QColor(94, 201, 98),
                                 QColor(253, 231, 37)};
  t = std::clamp(t, 0.0, 1.0) * 4.0;
  const int i = std::min(3, int(t));
  const double f = t - i;
  const QColor& a = stops[i];
  const QColor& b = stops[i + 1];
  return qRgb(int(a.red() + (b.red() - a.red()) * f), int(a.green() + (b.green() - a.green()) * f),
              int(a.blue() + (b.blue() - a.blue()) * f));
}

std::vector<QRgb> rampColors(const std::vector<float>& values) {
  if (values.empty()) return {};
  std::vector<float> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  // Percentile limits keep a few outliers from washing out the ramp.
  const float low = sorted[sorted.size() / 50], high = sorted[sorted.size() - 1 - sorted.size() / 50];
  std::vector<QRgb> colors;
  colors.reserve(values.size());
  for (float value : values) colors.push_back(rampColor(high > low ? (value - low) / (high - low) : 0.5));
  return colors;
}
}  // namespace

LatentPanel::LatentPanel(Session* session, ErrorReporter* errors, QWidget* parent)
    : Panel(parent), mSession(session), mErrors(errors) {
  mComputation = new MapComputation(this);
  mMap = new LatentMapView;
  mLegend = new QListWidget;
  mLegend->setMaximumWidth(120);
  mLegend->setToolTip(tr("Untick a class to hide its points"));
  mEpochSlider = new QSlider(Qt::Horizontal);
  mEpochSlider->setEnabled(false);
  mEpochSlider->setToolTip(tr("Replay the map after each epoch of the run"));
  mEpochLabel = new QLabel(tr("epoch –"));

  auto* mapRow = new QHBoxLayout;
  mapRow->addWidget(mMap, 1);
  mapRow->addWidget(mLegend);
  auto* replayRow = new QHBoxLayout;
  replayRow->addWidget(new QLabel(tr("Replay")));
  replayRow->addWidget(mEpochSlider, 1);
  replayRow->addWidget(mEpochLabel);
  auto* mapBox = new QWidget;
  auto* mapLayout = new QVBoxLayout(mapBox);
  mapLayout->setContentsMargins(0, 0, 0, 0);
  mapLayout->addWidget(buildControls());
  mapLayout->addLayout(mapRow, 1);
  mapLayout->addLayout(replayRow);

  mInspector = new InspectorView;
  mSliders = new DimensionSliders;
  mInterpolation = new InterpolationView;
  mGeneration = new GenerationView;
  mTools = new QTabWidget;
  mTools->addTab(mInspector, tr("Inspect"));
  mTools->addTab(mSliders, tr("Sliders"));
  mTools->addTab(mInterpolation, tr("Interpolate"));
  mTools->addTab(mGeneration, tr("Generate"));

  auto* splitter = new QSplitter;
  splitter->addWidget(mapBox);
  splitter->addWidget(mTools);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);

  connect(mComputation, &MapComputation::progress, this, &LatentPanel::onProgress);
  connect(mComputation, &MapComputation::layoutUpdated, this, &LatentPanel::onLayout);
  connect(mComputation, &MapComputation::finished, this, &LatentPanel::onFinished);
  connect(mComputation, &MapComputation::failed, this, [this](const QString& message) {
    mProgress->hide();
    mCancel->setEnabled(false);
    mStatus->setText(tr("The map could not be computed."));
    mErrors->report(tr("Latent map"), message);
  });
  connect(mMap, &LatentMapView::pointHovered, this, &LatentPanel::onHover);
  connect(mMap, &LatentMapView::pointClicked, this, &LatentPanel::selectItem);
  connect(mMap, &LatentMapView::positionPicked, this, [this](double x, double y, bool) { decodeAt(x, y); });
  connect(mLegend, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    if (mUpdating) return;
    mMap->cloud()->setGroupVisible(item->data(Qt::UserRole).toInt(), item->checkState() == Qt::Checked);
    mMap->replot(QCustomPlot::rpQueuedReplot);
  });
  connect(mEpochSlider, &QSlider::valueChanged, this, [this](int position) {
    if (mUpdating || position < 0 || position >= int(mHistory.size())) return;
    showResult(mHistory[std::size_t(position)], true);
  });
  connect(mSliders, &DimensionSliders::codeEdited, this, [this](const std::vector<float>& code) {
    placeMarkerForCode(code);
    mCurrentCode = code;
    mCurrentImage = mSliders->decodedImage();
    mCurrentCaption = tr("slider code");
  });
  connect(mSliders, &DimensionSliders::snapRequested, this, [this](const std::vector<float>& code) {
    if (!mResult) return;
    const auto nearest = mResult->map->nearestInLatent(code.data(), 1);
    if (!nearest.empty()) selectItem(long(nearest.front()));
  });
  connect(mInterpolation, &InterpolationView::endpointRequested, this, &LatentPanel::useCurrentAsEndpoint);
  connect(mInterpolation, &InterpolationView::pathComputed, this,
          [this](const std::vector<float>& codes, int steps) { mMap->setPath(placeCodes(codes, steps)); });
  connect(mGeneration, &GenerationView::samplesGenerated, this,
          [this](const std::vector<float>& codes, int count) { mMap->setExtraPoints(placeCodes(codes, count)); });
  connect(mMap->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
    if (mAtlas->isChecked()) refreshAtlas();
  });
  connect(mSession, &Session::snapshotChanged, this, &LatentPanel::onSnapshotChanged);
  connect(mSession, &Session::datasetChanged, this, &LatentPanel::onDatasetChanged);
  connect(mSession, &Session::probeChanged, this, &LatentPanel::onProbeChanged);
  onSnapshotChanged();
}

LatentPanel::~LatentPanel() {
  mComputation->cancel();
}

QWidget* LatentPanel::buildControls() {
  auto* bar = new QWidget;
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  mMethod = new QComboBox;
  mMethod->addItem(tr("PCA"), int(MapMethod::Pca));
  mMethod->addItem(tr("t-SNE"), int(MapMethod::Tsne));
  mMethod->addItem(tr("2-D code"), int(MapMethod::Direct));
  mMethod->setCurrentIndex(1);
  mMethod->setToolTip(
      tr("PCA: fast and linear. t-SNE: keeps neighbours together. 2-D code: the code itself, for a 2-D latent"));
  mPointsFrom = new QComboBox;
  mPointsFrom->addItem(tr("validation"), 0);
  mPointsFrom->addItem(tr("test"), 1);
  mPointsFrom->addItem(tr("train"), 2);
  mPointsFrom->addItem(tr("all"), 3);
  mPointsFrom->setToolTip(tr("Which split to encode"));
  mPointsFrom->setCurrentIndex(3);  // all: the densest map; the splits are there to compare
  mPoints = new QSpinBox;
  mPoints->setRange(100, 70000);
  mPoints->setSingleStep(1000);
  mPoints->setValue(5000);
  mPoints->setToolTip(tr("At most this many points (up to 70,000)"));
  mPerplexity = new QDoubleSpinBox;
  mPerplexity->setRange(2, 100);
  mPerplexity->setValue(30);
  mPerplexity->setToolTip(tr("t-SNE perplexity: about how many neighbours each point keeps close"));
  mCompute = new QPushButton(tr("Compute map"));
  mCompute->setShortcut(QKeySequence("Ctrl+M"));
  mCompute->setToolTip(tr("Encode the points with the current weights and project them (Ctrl+M)"));
  mCancel = new QPushButton(tr("Cancel"));
  mCancel->setEnabled(false);
  mProgress = new QProgressBar;
  mProgress->setRange(0, 100);
  mProgress->setMaximumWidth(140);
  mProgress->hide();
  mColorBy = new QComboBox;
  mColorBy->setToolTip(
      tr("Color the points by class, by how badly they are reconstructed, or by one latent dimension"));
  mColorBy->addItem(tr("Color: class"), -2);
  mColorBy->addItem(tr("Color: reconstruction error"), -1);
  mFollow = new QCheckBox(tr("Follow training"));
  mFollow->setChecked(true);
  mFollow->setToolTip(
      tr("Re-encode and re-project after every epoch (PCA stays aligned, t-SNE starts from the last map)"));
  mAtlas = new QCheckBox(tr("Atlas"));
  mAtlas->setToolTip(tr("Show images decoded on a grid behind the points"));
  auto* reset = new QPushButton(tr("Reset view"));
  reset->setToolTip(tr("Fit the map to all points (or double-click it)"));
  auto* exportButton = new QToolButton;
  exportButton->setText(tr("Export"));
  exportButton->setPopupMode(QToolButton::InstantPopup);
  auto* exportMenu = new QMenu(exportButton);
  exportMenu->addAction(tr("Codes as CSV…"), this, [this] {
    const QString file = QFileDialog::getSaveFileName(this, tr("Export codes"), "codes.csv", tr("CSV (*.csv)"));
    QString error;
    if (!file.isEmpty() && !exportCodes(file, &error)) mErrors->report(tr("Export codes"), error);
  });
  exportMenu->addAction(tr("Embedding Projector files…"), this, [this] {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Folder for tensors.tsv, metadata.tsv and sprite.png"));
    QString error;
    if (!folder.isEmpty() && !exportProjectorFiles(folder, &error))
      mErrors->report(tr("Export projector files"), error);
  });
  exportButton->setMenu(exportMenu);
  mStatus = new QLabel(tr("Train a model or open a run; then compute the map."));
  mStatus->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

  // Two rows: what to compute, then how to show it; one row would widen the window.
  row->addWidget(mMethod);
  row->addWidget(new QLabel(tr("of")));
  row->addWidget(mPoints);
  row->addWidget(mPointsFrom);
  row->addWidget(new QLabel(tr("points · perplexity")));
  row->addWidget(mPerplexity);
  row->addWidget(mCompute);
  row->addWidget(mCancel);
  row->addWidget(mProgress);
  row->addStretch(1);
  auto* second = new QHBoxLayout;
  second->setContentsMargins(0, 0, 0, 0);
  second->addWidget(mColorBy);
  second->addWidget(mFollow);
  second->addWidget(mAtlas);
  second->addWidget(reset);
  second->addWidget(exportButton);
  second->addStretch(1);
  auto* box = new QWidget;
  auto* layout = new QVBoxLayout(box);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(bar);
  layout->addLayout(second);
  layout->addWidget(mStatus);

  connect(mCompute, &QPushButton::clicked, this, &LatentPanel::computeMap);
  connect(mCancel, &QPushButton::clicked, this, [this] {
    mComputation->cancel();
    mCancel->setEnabled(false);
    mProgress->hide();
    mStatus->setText(tr("Cancelled."));
  });
  connect(mMethod, &QComboBox::currentIndexChanged, this,
          [this] { mPerplexity->setEnabled(MapMethod(mMethod->currentData().toInt()) == MapMethod::Tsne); });
  connect(mColorBy, &QComboBox::currentIndexChanged, this, &LatentPanel::refreshColors);
  connect(mAtlas, &QCheckBox::toggled, this, &LatentPanel::refreshAtlas);
  connect(reset, &QPushButton::clicked, mMap, &LatentMapView::resetView);
  return box;
}

QCustomPlot* LatentPanel::exportablePlot() {
  return mMap;
}

QString LatentPanel::statusText() const {
  return mStatus->text();
}

void LatentPanel::setMethod(MapMethod method) {
  mMethod->setCurrentIndex(mMethod->findData(int(method)));
}
void LatentPanel::setPointLimit(int points) {
  mPoints->setValue(points);
}

std::vector<std::size_t> LatentPanel::mapIndices() const {
  const DatasetSplit split = mSession->split();
  std::vector<std::size_t> indices;
  switch (mPointsFrom->currentData().toInt()) {
    case 0:
      indices = split.validation;
      break;
    case 1:
      indices = split.test;
      break;
    case 2:
      indices = split.train;
      break;
    default:
      indices.resize(mSession->dataset() ? mSession->dataset()->size() : 0);
      for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = i;
  }
  if (indices.empty() && mSession->dataset()) {  // a tiny set without that split: use everything
    indices.resize(mSession->dataset()->size());
    for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = i;
  }
  const std::size_t limit = std::size_t(mPoints->value());
  if (indices.size() > limit) {
    // An even stride keeps every class and the set's order.
    std::vector<std::size_t> thinned;
    for (std::size_t k = 0; k < limit; ++k) thinned.push_back(indices[k * indices.size() / limit]);
    indices.swap(thinned);
  }
  return indices;
}

bool LatentPanel::computeMap() {
  return requestMap(/*supersede=*/true);
}

bool LatentPanel::requestMap(bool supersede) {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  const DatasetPtr dataset = mSession->dataset();
  if (!snapshot || !dataset) {
    mStatus->setText(
        tr("Needs a trained model and a dataset: train in the Training tab or open a run (File > Open run)."));
    return false;
  }
  MapRequest request;
  request.snapshot = snapshot;
  request.dataset = dataset;
  request.indices = mapIndices();
  request.method = MapMethod(mMethod->currentData().toInt());
  if (request.method == MapMethod::Direct && snapshot->codeSize() != 2) {
    mErrors->report(tr("Latent map"),
                    tr("“2-D code” needs a model with a 2-dimensional code; this one has %1. Choose PCA or t-SNE.")
                        .arg(snapshot->codeSize()));
    return false;
  }
  request.perplexity = mPerplexity->value();
  request.seed = mSession->config().seed;
  // Re-projections that follow training share the machine with it: one t-SNE thread,
  // since OpenMP threads on an oversubscribed core wait for each other at every step
  // (10k points: 4 s alone, 11 s with 2 threads beside one busy core).
  request.threads = supersede ? 0 : 1;
  if (mResult && mResult->codes && mResult->codes->indices == request.indices && mResult->method == request.method)
    request.previous = mResult;
  mPendingIndices = request.indices;
  mProgress->setValue(0);
  mProgress->show();
  mCancel->setEnabled(true);
  mStatus->setText(
      tr("Encoding %1 points with the epoch %2 weights…").arg(request.indices.size()).arg(snapshot->epoch()));
  mComputation->start(std::move(request), supersede);
  return true;
}

void LatentPanel::onProgress(const QString& stage, double fraction) {
  mProgress->setValue(int(std::lround(fraction * 100)));
  mProgress->setFormat(stage + " %p%");
  mProgress->setTextVisible(true);
}

void LatentPanel::onLayout(const std::vector<float>& xy) {
  // The t-SNE layout as it forms: the same points, moving.
  const DatasetPtr dataset = mSession->dataset();
  if (!dataset || xy.size() != mPendingIndices.size() * 2) return;
  std::vector<std::uint16_t> groups;
  groups.reserve(mPendingIndices.size());
  for (std::size_t index : mPendingIndices) groups.push_back(std::uint16_t(dataset->labels[index]));
  mMap->setPoints(xy, std::move(groups), /*keepView=*/false);
}

void LatentPanel::onFinished(MapResultPtr result) {
  mProgress->hide();
  mCancel->setEnabled(false);
  // One map per epoch: a recomputation of the same epoch replaces it.
  auto same =
      std::find_if(mHistory.begin(), mHistory.end(), [&](const MapResultPtr& r) { return r->epoch == result->epoch; });
  if (same != mHistory.end())
    *same = result;
  else
    mHistory.push_back(result);
  std::sort(mHistory.begin(), mHistory.end(),
            [](const MapResultPtr& a, const MapResultPtr& b) { return a->epoch < b->epoch; });
  const bool keepView = mResult && mResult->method == result->method && result->method != MapMethod::Tsne;
  mResult = result;
  mUpdating = true;
  mEpochSlider->setRange(0, int(mHistory.size()) - 1);
  mEpochSlider->setValue(int(std::find(mHistory.begin(), mHistory.end(), result) - mHistory.begin()));
  mEpochSlider->setEnabled(mHistory.size() > 1);
  mUpdating = false;
  showResult(result, keepView);
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (snapshot) {
    mSliders->setModel(snapshot, dimensionRanges(*result->codes));
    mSliders->setUsage(dimensionUsage(*result->codes));
    QStringList classes;
    if (mSession->dataset())
      for (const auto& name : mSession->dataset()->classNames) classes << QString::fromStdString(name);
    mGeneration->setModel(snapshot, result->codes, classes);
    mInterpolation->setModel(snapshot);
  }
  // Color by a latent dimension: one entry per dimension of this model.
  mUpdating = true;
  const int keep = mColorBy->currentIndex();
  while (mColorBy->count() > 2) mColorBy->removeItem(2);
  for (int d = 0; d < std::min(result->codes->codeSize, 64); ++d) mColorBy->addItem(tr("Color: z%1").arg(d), d);
  mColorBy->setCurrentIndex(keep < mColorBy->count() ? keep : 0);
  mUpdating = false;
  refreshColors();
  mStatus->setText(tr("%1 of %2 points, epoch %3, %4 s. Click or drag anywhere to decode; click a point to inspect it.")
                       .arg(methodName(result->method))
                       .arg(QLocale().toString(qulonglong(result->codes->count())))
                       .arg(result->epoch)
                       .arg(result->seconds, 0, 'f', 1));
}

void LatentPanel::showResult(const MapResultPtr& result, bool keepView) {
  const DatasetPtr dataset = mSession->dataset();
  std::vector<std::uint16_t> groups;
  groups.reserve(result->codes->count());
  for (std::int64_t label : result->codes->labels) groups.push_back(std::uint16_t(std::max<std::int64_t>(0, label)));
  mMap->setPoints(result->map->positions(), std::move(groups), keepView);
  mEpochLabel->setText(tr("epoch %1").arg(result->epoch));
  mMap->xAxis->setLabel(result->method == MapMethod::Pca    ? tr("principal component 1")
                        : result->method == MapMethod::Tsne ? tr("t-SNE x")
                                                            : tr("z0"));
  mMap->yAxis->setLabel(result->method == MapMethod::Pca    ? tr("principal component 2")
                        : result->method == MapMethod::Tsne ? tr("t-SNE y")
                                                            : tr("z1"));
  refreshLegend();
  refreshColors();
  if (mAtlas->isChecked()) refreshAtlas();
  if (!mCurrentCode.empty() && result->map && int(mCurrentCode.size()) == result->codes->codeSize)
    placeMarkerForCode(mCurrentCode);
}

void LatentPanel::refreshLegend() {
  const DatasetPtr dataset = mSession->dataset();
  if (!dataset) return;
  const int classes = int(dataset->classNames.size());
  if (mLegend->count() == classes) return;
  mUpdating = true;
  mLegend->clear();
  const std::vector<QRgb> palette = classPalette(classes);
  mMap->cloud()->setPalette(palette);
  for (int k = 0; k < classes; ++k) {
    QPixmap swatch(12, 12);
    swatch.fill(QColor::fromRgb(palette[std::size_t(k)]));
    auto* item = new QListWidgetItem(QIcon(swatch), QString::fromStdString(dataset->classNames[std::size_t(k)]));
    item->setData(Qt::UserRole, k);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
    mLegend->addItem(item);
  }
  mUpdating = false;
}

void LatentPanel::refreshColors() {
  if (mUpdating || !mResult) return;
  const int mode = mColorBy->currentData().toInt();
  const EncodedSet& codes = *mResult->codes;
  if (mode == -2) {
    mMap->cloud()->clearPointColors();
  } else if (mode == -1) {
    if (codes.errors.size() == codes.count()) mMap->cloud()->setPointColors(rampColors(codes.errors));
  } else if (mode < codes.codeSize) {
    std::vector<float> values(codes.count());
    for (std::size_t i = 0; i < codes.count(); ++i) values[i] = codes.code(i)[mode];
    mMap->cloud()->setPointColors(rampColors(values));
  }
  mMap->replot(QCustomPlot::rpQueuedReplot);
}

void LatentPanel::refreshAtlas() {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (!mAtlas->isChecked() || !mResult || !snapshot) {
    mMap->setAtlas({}, 0, {}, {});
    return;
  }
  const QCPRange keys = mMap->xAxis->range(), values = mMap->yAxis->range();
  std::vector<float> codes;
  for (int row = 0; row < kAtlasSide; ++row)
    for (int column = 0; column < kAtlasSide; ++column) {
      const double x = keys.lower + (column + 0.5) * keys.size() / kAtlasSide;
      const double y = values.upper - (row + 0.5) * values.size() / kAtlasSide;
      const MapQuery query = mResult->map->codeAt(x, y);
      codes.insert(codes.end(), query.code.begin(), query.code.end());
    }
  std::vector<QImage> images = decodeToImages(*snapshot, codes.data(), kAtlasSide * kAtlasSide);
  for (QImage& image : images) {  // faint, so the points stay readable
    image = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < image.height(); ++y) {
      auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
      for (int x = 0; x < image.width(); ++x) line[x] = qRgba(qRed(line[x]), qGreen(line[x]), qBlue(line[x]), 110);
    }
  }
  mMap->setAtlas(images, kAtlasSide, keys, values);
}

void LatentPanel::onSnapshotChanged() {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  mCompute->setEnabled(snapshot != nullptr);
  if (!snapshot) return;
  if (mResult && mResult->codes->codeSize != snapshot->codeSize()) {
    mHistory.clear();
    mResult.reset();
  }
  mInterpolation->setModel(snapshot);
  // Follow training: a new epoch's weights re-project the map.
  const bool newEpoch = !mResult || mResult->epoch != snapshot->epoch();
  if (mFollow->isChecked() && newEpoch) followWithMap();
}

void LatentPanel::followWithMap() {
  const DatasetPtr dataset = mSession->dataset();
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (!dataset || !snapshot) return;
  // Opening a run loads its weights and its dataset side by side: weights that do not fit
  // the dataset still shown wait quietly for theirs instead of failing with an error.
  try {
    checkModelFitsDataset(snapshot->spec(), *dataset);
  } catch (const std::exception&) {
    mStatus->setText(
        tr("The model does not fit the dataset %1; the map waits for one it fits.").arg(mSession->datasetName()));
    return;
  }
  requestMap(/*supersede=*/false);
}

void LatentPanel::onDatasetChanged() {
  mComputation->cancel();
  mHistory.clear();
  mResult.reset();
  mLegend->clear();
  mMap->setPoints({}, {}, false);
  mMap->setPath({});
  mMap->setExtraPoints({});
  mEpochSlider->setEnabled(false);
  if (mFollow->isChecked()) followWithMap();
}

QImage LatentPanel::itemImage(std::size_t datasetIndex) const {
  const DatasetPtr dataset = mSession->dataset();
  return dataset && datasetIndex < dataset->size() ? datasetImage(*dataset, datasetIndex) : QImage();
}

QString LatentPanel::itemCaption(std::size_t datasetIndex) const {
  const DatasetPtr dataset = mSession->dataset();
  if (!dataset || datasetIndex >= dataset->size()) return {};
  const auto label = dataset->labels[datasetIndex];
  const QString name = label >= 0 && std::size_t(label) < dataset->classNames.size()
                           ? QString::fromStdString(dataset->classNames[std::size_t(label)])
                           : QString::number(label);
  return tr("#%1 · %2").arg(datasetIndex).arg(name);
}

void LatentPanel::onHover(long row) {
  if (!mResult || row < 0 || std::size_t(row) >= mResult->codes->count()) {
    mInspector->showHover({}, tr("Hover a point."));
    return;
  }
  const std::size_t index = mResult->codes->indices[std::size_t(row)];
  QString caption = itemCaption(index);
  if (mResult->codes->errors.size() == mResult->codes->count())
    caption += tr(" · reconstruction MSE %1").arg(mResult->codes->errors[std::size_t(row)], 0, 'g', 3);
  mInspector->showHover(itemImage(index), caption);
}

void LatentPanel::selectItem(long row) {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (!mResult || !snapshot || row < 0 || std::size_t(row) >= mResult->codes->count()) return;
  const EncodedSet& codes = *mResult->codes;
  const std::size_t index = codes.indices[std::size_t(row)];
  const std::vector<float> code(codes.code(std::size_t(row)), codes.code(std::size_t(row)) + codes.codeSize);
  const QImage reconstruction = decodeToImage(*snapshot, code);
  std::vector<QImage> neighbours;
  QStringList captions;
  for (std::size_t neighbour : mResult->map->nearestInLatent(code.data(), kNeighbours + 1)) {
    if (neighbour == std::size_t(row) || neighbours.size() >= std::size_t(kNeighbours)) continue;
    neighbours.push_back(itemImage(codes.indices[neighbour]));
    captions << itemCaption(codes.indices[neighbour]);
  }
  const QString caption = itemCaption(index);
  mInspector->showItem(itemImage(index), reconstruction,
                       tr("%1\noriginal | reconstruction\ncode %2\nnearest in latent space below")
                           .arg(caption, formatCode(code.data(), codes.codeSize)),
                       neighbours, captions);
  const auto& xy = mResult->map->positions();
  mMap->setMarker(xy[2 * std::size_t(row)], xy[2 * std::size_t(row) + 1]);
  setCurrent(code, itemImage(index), caption);
  mSliders->setStartCode(code);
}

bool LatentPanel::classMidpoint(std::int64_t a, std::int64_t b, double& x, double& y) const {
  if (!mResult) return false;
  double sum[2][2] = {{0, 0}, {0, 0}};
  int counts[2] = {0, 0};
  const auto& xy = mResult->map->positions();
  for (std::size_t i = 0; i < mResult->codes->count(); ++i)
    for (int side = 0; side < 2; ++side)
      if (mResult->codes->labels[i] == (side == 0 ? a : b)) {
        sum[side][0] += xy[2 * i];
        sum[side][1] += xy[2 * i + 1];
        ++counts[side];
      }
  if (!counts[0] || !counts[1]) return false;
  x = (sum[0][0] / counts[0] + sum[1][0] / counts[1]) / 2.0;
  y = (sum[0][1] / counts[0] + sum[1][1] / counts[1]) / 2.0;
  return true;
}

long LatentPanel::firstRowOfClass(std::int64_t label) const {
  if (!mResult) return -1;
  const auto& labels = mResult->codes->labels;
  const auto found = std::find(labels.begin(), labels.end(), label);
  return found == labels.end() ? -1 : long(found - labels.begin());
}

void LatentPanel::useCurrentAsEndpoint(int which) {
  if (mCurrentCode.empty()) {
    mErrors->report(tr("Interpolation"),
                    tr("Click a point on the map (or decode somewhere) first; then set it as A or B."));
    return;
  }
  mInterpolation->setEndpoint(which, mCurrentCode, mCurrentImage, mCurrentCaption);
}

bool LatentPanel::interpolateBetweenItems(long rowA, long rowB, int steps) {
  if (!mResult || rowA < 0 || rowB < 0 || std::size_t(std::max(rowA, rowB)) >= mResult->codes->count()) return false;
  // The same path as the clicks and buttons, so the endpoints carry the items' images and captions.
  selectItem(rowA);
  useCurrentAsEndpoint(0);
  selectItem(rowB);
  useCurrentAsEndpoint(1);
  mInterpolation->setSteps(steps);
  mInterpolation->setSpherical(false);
  showSideTab(mInterpolation);
  return mInterpolation->interpolateNow();
}

void LatentPanel::showSideTab(QWidget* tool) {
  if (mTools->indexOf(tool) >= 0) mTools->setCurrentWidget(tool);
}

QWidget* LatentPanel::currentSideTab() const {
  return mTools->currentWidget();
}

void LatentPanel::decodeAt(double x, double y) {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (!mResult || !snapshot) return;
  const MapQuery query = mResult->map->codeAt(x, y);
  if (int(query.code.size()) != snapshot->codeSize()) return;
  const QImage image = decodeToImage(*snapshot, query.code);
  mInspector->showDecoded(image, formatCode(query.code.data(), int(query.code.size())), query.confidence,
                          tr("map (%1, %2) · nearest item %3")
                              .arg(x, 0, 'f', 2)
                              .arg(y, 0, 'f', 2)
                              .arg(itemCaption(mResult->codes->indices[query.nearest])));
  mMap->setMarker(x, y);
  setCurrent(query.code, image, tr("map (%1, %2)").arg(x, 0, 'f', 1).arg(y, 0, 'f', 1));
  mSliders->setStartCode(query.code);
}

void LatentPanel::setCurrent(const std::vector<float>& code, const QImage& image, const QString& caption) {
  mCurrentCode = code;
  mCurrentImage = image;
  mCurrentCaption = caption;
}

std::vector<float> LatentPanel::placeCodes(const std::vector<float>& codes, int count) const {
  std::vector<float> points;
  if (!mResult || count <= 0) return points;
  const std::size_t size = codes.size() / std::size_t(count);
  if (int(size) != mResult->codes->codeSize) return points;
  for (int i = 0; i < count; ++i) {
    const auto xy = mResult->map->place(codes.data() + std::size_t(i) * size);
    points.push_back(float(xy[0]));
    points.push_back(float(xy[1]));
  }
  return points;
}

void LatentPanel::onProbeChanged() {
  const QString probeCaption = tr("drawn input");
  if (!mSession->hasProbe()) {
    if (mCurrentCaption == probeCaption) {
      mMap->setMarker(0, 0, false);
      setCurrent({}, {}, {});
    }
    return;
  }
  // The drawing becomes the current code: marked on the map (out-of-sample
  // placement), and usable as an interpolation endpoint.
  const std::vector<float>& code = mSession->probeCode();
  setCurrent(code, mSession->probeImage(), probeCaption);
  placeMarkerForCode(code);
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (!mResult || !snapshot || int(code.size()) != mResult->codes->codeSize || int(code.size()) != snapshot->codeSize())
    return;
  const auto xy = mResult->map->place(code.data());
  mInspector->showDecoded(decodeToImage(*snapshot, code), formatCode(code.data(), int(code.size())),
                          mResult->map->codeAt(xy[0], xy[1]).confidence, tr("your drawing (Playground > Draw)"));
}

void LatentPanel::placeMarkerForCode(const std::vector<float>& code) {
  if (!mResult || int(code.size()) != mResult->codes->codeSize) return;
  const auto xy = mResult->map->place(code.data());
  mMap->setMarker(xy[0], xy[1]);
}

bool LatentPanel::exportCodes(const QString& file, QString* error) {
  if (!mResult) {
    if (error) *error = tr("Compute the map first: there are no codes to export yet.");
    return false;
  }
  try {
    writeCodesCsv(file.toStdString(), *mResult->codes);
    return true;
  } catch (const std::exception& failure) {
    if (error) *error = QString::fromStdString(failure.what());
    return false;
  }
}

bool LatentPanel::exportProjectorFiles(const QString& folder, QString* error) {
  const DatasetPtr dataset = mSession->dataset();
  if (!mResult || !dataset) {
    if (error) *error = tr("Compute the map first: there are no codes to export yet.");
    return false;
  }
  try {
    exportProjector(folder.toStdString(), *mResult->codes, *dataset, dataset->classNames);
    return true;
  } catch (const std::exception& failure) {
    if (error) *error = QString::fromStdString(failure.what());
    return false;
  }
}

}  // namespace latentlab
