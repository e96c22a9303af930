#include "latent/latentpanel.h"

#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "common/imageconversion.h"
#include "common/usermessage.h"
#include "latent/decodedimages.h"
#include "latent/dimensionsliders.h"
#include "latent/generationview.h"
#include "latent/inspectorview.h"
#include "latent/interpolationview.h"
#include "latent/latentmapview.h"
#include "latent/latentstats.h"
#include "latent/mapatlas.h"
#include "latent/maptoolbar.h"
#include "latent/pointcloud.h"
#include "latent/projectorexport.h"
#include "latent/realimageview.h"
#include "train/modelfit.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QScrollArea>
#include <QSlider>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace latentlab {

namespace {
constexpr int kNeighbours = 8;
constexpr int kRealImageTab = 4;  // the Real image tool: a GAN's only

QString methodName(MapMethod method) {
  switch (method) {
    case MapMethod::Pca:
      return QObject::tr("PCA");
    case MapMethod::Tsne:
      return QObject::tr("t-SNE");
    case MapMethod::Direct:
      return QObject::tr("2-D code");
  }
  return {};
}
}  // namespace

LatentPanel::LatentPanel(Session* session, ErrorReporter* errors, QWidget* parent)
    : Panel(parent), mSession(session), mErrors(errors) {
  // A user's request replaces the map being computed; an epoch's map waits for it (see requestMap).
  mMapJob = new AsyncJob(JobPolicy::Replace, this);
  auto* splitter = new QSplitter;
  splitter->addWidget(buildMapArea());
  splitter->addWidget(buildSideTools());
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);
  connectParts();
  onSnapshotChanged();
}

QWidget* LatentPanel::buildMapArea() {
  mToolbar = new MapToolbar(mMapJob);
  mMap = new LatentMapView;
  mAtlas = new MapAtlas(mMap, this);
  mLegend = new QListWidget;
  mLegend->setObjectName("mapLegend");
  mLegend->setMaximumWidth(120);
  mLegend->setToolTip(tr("Untick a class to hide its points (a GAN's: the class its classifier gives each image)"));
  mEpochSlider = new QSlider(Qt::Horizontal);
  mEpochSlider->setObjectName("replaySlider");
  mEpochSlider->setVisible(false);  // shown once there are two maps to step between
  mEpochSlider->setToolTip(tr("Replay the map after each epoch of the run"));
  mEpochLabel = new QLabel(tr("epoch –"));

  auto* mapRow = new QHBoxLayout;
  mapRow->addWidget(mMap, 1);
  mapRow->addWidget(mLegend);
  auto* replayRow = new QHBoxLayout;
  replayRow->addWidget(new QLabel(tr("Replay")));
  replayRow->addWidget(mEpochSlider, 1);
  replayRow->addWidget(mEpochLabel);
  auto* area = new QWidget;
  auto* layout = new QVBoxLayout(area);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(mToolbar);
  layout->addLayout(mapRow, 1);
  layout->addLayout(replayRow);
  return area;
}

QWidget* LatentPanel::buildSideTools() {
  mInspector = new InspectorView;
  mSliders = new DimensionSliders;
  mInterpolation = new InterpolationView;
  mGeneration = new GenerationView;
  mRealImages = new RealImageView;
  mTools = new QTabWidget;
  mTools->setObjectName("latentTools");
  // Five tools on a laptop-wide side panel: squeeze the titles rather than scroll the tab bar,
  // whose arrow buttons are too small to hit.
  mTools->setUsesScrollButtons(false);
  mTools->setElideMode(Qt::ElideRight);
  // Each tool scrolls inside its tab, so the side panel can be narrow on a laptop screen.
  const std::pair<QWidget*, QString> tools[] = {{mInspector, tr("Inspect")},
                                                {mSliders, tr("Sliders")},
                                                {mInterpolation, tr("Interpolate")},
                                                {mGeneration, tr("Generate")},
                                                {mRealImages, tr("Real image")}};
  for (const auto& [tool, title] : tools) {
    auto* scroll = new QScrollArea;
    scroll->setWidget(tool);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    mTools->setTabToolTip(mTools->addTab(scroll, title), title);
  }
  mTools->setTabEnabled(kRealImageTab, false);  // until a GAN's weights come
  mTools->setTabToolTip(kRealImageTab, tr("For a GAN only: an autoencoder encodes real images directly"));
  return mTools;
}

void LatentPanel::connectParts() {
  connect(mToolbar, &MapToolbar::computeRequested, this, &LatentPanel::computeMap);
  connect(mToolbar, &MapToolbar::coloringChanged, this, &LatentPanel::refreshColors);
  connect(mToolbar, &MapToolbar::atlasToggled, this, &LatentPanel::refreshAtlas);
  connect(mToolbar, &MapToolbar::resetViewRequested, mMap, &LatentMapView::resetView);
  connect(mToolbar, &MapToolbar::exportCodesRequested, this, [this] {
    const QString file = QFileDialog::getSaveFileName(this, tr("Export codes"), "codes.csv", tr("CSV (*.csv)"));
    QString error;
    if (!file.isEmpty() && !exportCodes(file, &error)) mErrors->report(tr("Export codes"), error);
  });
  connect(mToolbar, &MapToolbar::exportProjectorRequested, this, [this] {
    const QString folder =
        QFileDialog::getExistingDirectory(this, tr("Folder for tensors.tsv, metadata.tsv and sprite.png"));
    QString error;
    if (!folder.isEmpty() && !exportProjectorFiles(folder, &error))
      mErrors->report(tr("Export projector files"), error);
  });
  connect(mMapJob, &AsyncJob::failed, this, [this](const JobFailure& failure) {
    mToolbar->setStatus(tr("The map could not be computed."));
    mErrors->report(tr("Latent map"), failure);
  });
  connect(mMapJob, &AsyncJob::cancelled, this, [this] {
    mToolbar->setStatus(tr("Cancelled."));
    showMap(/*keepView=*/false);  // the map before, not the half-formed t-SNE layout
  });
  connect(mMapJob, &AsyncJob::progressed, this, [this](double, const QString& stage) {
    if (!stage.isEmpty()) mToolbar->setStatus(tr("%1…").arg(stage));
  });
  connect(mMap, &LatentMapView::pointHovered, this, &LatentPanel::onHover);
  connect(mMap, &LatentMapView::pointClicked, this, &LatentPanel::selectItem);
  connect(mMap, &LatentMapView::positionPicked, this, [this](double x, double y, bool) { decodeAt(x, y); });
  connect(mMap->xAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), this, [this] {
    if (mToolbar->showsAtlas()) refreshAtlas();
  });
  connect(mLegend, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
    if (mUpdating) return;
    mMap->cloud()->setGroupVisible(item->data(Qt::UserRole).toInt(), item->checkState() == Qt::Checked);
    mMap->replot(QCustomPlot::rpQueuedReplot);
  });
  connect(mEpochSlider, &QSlider::valueChanged, this, [this](int position) {
    if (mUpdating || !mState.showHistory(position)) return;
    showMap(/*keepView=*/true);
    useMapWeights();
    const MapResultPtr& shown = mState.current();
    const bool newest = position + 1 == int(mState.history().size());
    mToolbar->setStatus(
        newest ? tr("The newest map: epoch %1.").arg(shown->epoch)
               : tr("Replaying the map of epoch %1; clicks decode with epoch %1's weights.").arg(shown->epoch));
  });
  connect(mSliders, &DimensionSliders::codeEdited, this, [this](const std::vector<float>& code) {
    placeMarkerForCode(code);
    mState.setCurrentCode(code, mSliders->decodedImage(), tr("slider code"));
  });
  connect(mSliders, &DimensionSliders::snapRequested, this, [this](const std::vector<float>& code) {
    if (!mState.current()) return;
    const auto nearest = mState.current()->map->nearestInLatent(code.data(), 1);
    if (!nearest.empty()) selectItem(long(nearest.front()));
  });
  connect(mInterpolation, &InterpolationView::endpointRequested, this, &LatentPanel::useCurrentAsEndpoint);
  connect(mInterpolation, &InterpolationView::pathComputed, this,
          [this](const std::vector<float>& codes, int steps) { mMap->setPath(placeCodes(codes, steps)); });
  connect(mRealImages, &RealImageView::placedChanged, this, &LatentPanel::placeRealImages);
  connect(mRealImages, &RealImageView::chosen, this, &LatentPanel::onRealImageChosen);
  connect(mRealImages, &RealImageView::endpointChosen, this, [this](int which, int row) {
    const auto& placed = mRealImages->placed();
    if (row < 0 || std::size_t(row) >= placed.size()) return;
    const auto& real = placed[std::size_t(row)];
    mInterpolation->setEndpoint(which, real.code, real.original, real.caption);
  });
  connect(mRealImages->job(), &AsyncJob::failed, this,
          [this](const JobFailure& failure) { mErrors->report(tr("Place real image"), failure); });
  connect(mGeneration, &GenerationView::samplesGenerated, this,
          [this](const std::vector<float>& codes, int count) { mMap->setExtraPoints(placeCodes(codes, count)); });
  connect(mSession, &Session::snapshotChanged, this, &LatentPanel::onSnapshotChanged);
  connect(mSession, &Session::datasetChanged, this, &LatentPanel::onDatasetChanged);
  connect(mSession, &Session::probeChanged, this, &LatentPanel::onProbeChanged);
  connect(mSession, &Session::runChanged, this, &LatentPanel::onRunChanged);
  connect(mSession, &Session::highlightedItemsChanged, this, &LatentPanel::onHighlightsChanged);
}

QCustomPlot* LatentPanel::exportablePlot() {
  return mMap;
}

QString LatentPanel::statusText() const {
  return mToolbar->statusText();
}

std::vector<std::size_t> LatentPanel::mapIndices() const {
  const DatasetSplit split = mSession->split();
  const std::size_t size = mSession->dataset() ? mSession->dataset()->size() : 0;
  std::vector<std::size_t> indices;
  switch (mToolbar->split()) {
    case MapToolbar::Split::Validation:
      indices = split.validation;
      break;
    case MapToolbar::Split::Test:
      indices = split.test;
      break;
    case MapToolbar::Split::Train:
      indices = split.train;
      break;
    case MapToolbar::Split::All:
      break;
  }
  if (indices.empty()) {  // all, or a tiny set without that split: use everything
    indices.resize(size);
    for (std::size_t i = 0; i < size; ++i) indices[i] = i;
  }
  // An even stride keeps every class and the set's order (as the CLI's --limit).
  return spreadSubset(indices, std::size_t(mToolbar->pointLimit()));
}

bool LatentPanel::computeMap() {
  return requestMap(/*userRequest=*/true);
}

bool LatentPanel::requestMap(bool userRequest) {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  const DatasetPtr dataset = mSession->dataset();
  if (!snapshot || (!dataset && !snapshot->isGan())) {
    mToolbar->setStatus(
        tr("Needs a trained model and a dataset: train in the Training tab or open a run (File > Open run)."));
    return false;
  }
  MapJobInput input;
  input.snapshot = snapshot;
  input.dataset = dataset;
  if (snapshot->isGan()) {
    // A GAN maps this many z samples (numbered), whatever the split.
    input.indices.resize(std::size_t(mToolbar->pointLimit()));
    for (std::size_t i = 0; i < input.indices.size(); ++i) input.indices[i] = i;
  } else {
    input.indices = mapIndices();
  }
  input.projection.method = mToolbar->method();
  if (input.projection.method == MapMethod::Direct && snapshot->codeSize() != 2) {
    mErrors->report(tr("Latent map"),
                    tr("“2-D code” needs a model with a 2-dimensional code; this one has %1. Choose PCA or t-SNE.")
                        .arg(snapshot->codeSize()));
    return false;
  }
  input.projection.perplexity = mToolbar->perplexity();
  input.projection.seed = mSession->config().seed;
  // Re-projections that follow training share the machine with it: one thread, since
  // OpenMP threads on an oversubscribed core wait for each other at every step (10k
  // points: 4 s alone, 11 s with 2 threads beside one busy core).
  input.projection.threads = userRequest ? 0 : 1;
  const MapResultPtr current = mState.current();
  if (current && current->codes && current->codes->indices == input.indices &&
      current->method == input.projection.method)
    input.previous = current;
  const std::size_t count = input.indices.size();
  const int epoch = snapshot->epoch();
  const MapMethod method = input.projection.method;
  mToolbar->setStatus(snapshot->isGan()
                          ? tr("Generating and mapping %1 z samples with the epoch %2 weights…").arg(count).arg(epoch)
                          : tr("Mapping %1 points with the epoch %2 weights…").arg(count).arg(epoch));
  // A user's click replaces the map being computed; an epoch's map lets it finish, so a
  // map that takes longer than an epoch still appears (only the newest epoch waits).
  mMapJob->start(
      [this, input = std::move(input), method](const JobRun& run) mutable -> AsyncJob::Apply {
        // The codes' labels (a GAN's come from its classifier) colour the t-SNE layout as it forms.
        auto labels = std::make_shared<std::vector<std::int64_t>>();
        auto indices = std::make_shared<std::vector<std::size_t>>();
        input.onCodes = [labels, indices](const EncodedSet& codes) {
          *labels = codes.labels;
          if (!codes.generated) *indices = codes.indices;
        };
        const LayoutSink showLayout = [this, &run, labels, indices, method](const std::vector<float>& xy) {
          run.post([this, labels = *labels, indices = *indices, xy, method] { onLayout(labels, indices, xy, method); });
        };
        auto result = std::make_shared<const MapResult>(latentlab::computeMap(input, run.context(), showLayout));
        return [this, result] { onMapFinished(result); };
      },
      userRequest ? JobPolicy::Replace : JobPolicy::Latest);
  return true;
}

void LatentPanel::onLayout(const std::vector<std::int64_t>& labels, const std::vector<std::size_t>& indices,
                           const std::vector<float>& xy, MapMethod method) {
  // The t-SNE layout as it forms: the same points, moving.
  if (xy.size() != labels.size() * 2) return;
  std::vector<std::uint16_t> groups;
  groups.reserve(labels.size());
  for (std::int64_t label : labels) groups.push_back(std::uint16_t(std::max<std::int64_t>(0, label)));
  setAxisLabels(method);
  mMap->setPoints(xy, std::move(groups), /*keepView=*/false);
  if (indices.size() == labels.size()) placeHighlights(indices, xy);
}

void LatentPanel::onMapFinished(MapResultPtr result) {
  const MapResultPtr previous = mState.current();
  const bool keepView = previous && previous->method == result->method && result->method != MapMethod::Tsne;
  mState.addResult(result);
  refreshReplay();
  mToolbar->setCodeSize(result->codes->codeSize);
  showMap(keepView);
  useMapWeights();
  QString status =
      result->codes->generated
          ? tr("%1 of %2 generated z samples, epoch %3, %4 s; colours: %5. Click anywhere to generate there.")
                .arg(methodName(result->method))
                .arg(QLocale().toString(qulonglong(result->codes->count())))
                .arg(result->epoch)
                .arg(result->seconds, 0, 'f', 1)
                .arg(result->snapshot && result->snapshot->hasClassifier() ? tr("the classifier's class of each image")
                                                                           : tr("none (the run has no classifier.pt)"))
          : tr("%1 of %2 points, epoch %3, %4 s. Click or drag anywhere to decode; click a point to inspect it.")
                .arg(methodName(result->method))
                .arg(QLocale().toString(qulonglong(result->codes->count())))
                .arg(result->epoch)
                .arg(result->seconds, 0, 'f', 1);
  for (const auto& note : result->notes) status += " " + userText(note) + ".";
  mToolbar->setStatus(status);
}

ModelSnapshotPtr LatentPanel::mapSnapshot() const {
  const MapResultPtr& result = mState.current();
  return result && result->snapshot ? result->snapshot : mSession->snapshot();
}

void LatentPanel::useMapWeights() {
  // The side tools decode with the weights the shown map was made with (a replayed epoch's too).
  const MapResultPtr& result = mState.current();
  const ModelSnapshotPtr snapshot = mapSnapshot();
  if (!result || !snapshot) return;
  mSliders->setModel(snapshot, dimensionRanges(*result->codes));
  mSliders->setUsage(dimensionUsage(*result->codes));
  mGeneration->setModel(snapshot, result->codes, classNames());
  mInterpolation->setModel(snapshot);
}

void LatentPanel::setAxisLabels(MapMethod method) {
  mMap->xAxis->setLabel(method == MapMethod::Pca    ? tr("principal component 1")
                        : method == MapMethod::Tsne ? tr("t-SNE x")
                                                    : tr("z0"));
  mMap->yAxis->setLabel(method == MapMethod::Pca    ? tr("principal component 2")
                        : method == MapMethod::Tsne ? tr("t-SNE y")
                                                    : tr("z1"));
}

void LatentPanel::refreshReplay() {
  // One step per mapped epoch; with a single map there is nothing to replay, so no handle shows.
  const int maps = int(mState.history().size());
  mUpdating = true;
  mEpochSlider->setRange(0, std::max(0, maps - 1));
  mEpochSlider->setValue(std::max(0, mState.currentPosition()));
  mUpdating = false;
  mEpochSlider->setVisible(maps > 1);
  mEpochLabel->setText(mState.current() ? tr("epoch %1").arg(mState.current()->epoch) : tr("no map yet"));
}

void LatentPanel::showMap(bool keepView) {
  const MapResultPtr& result = mState.current();
  if (!result) return;
  std::vector<std::uint16_t> groups;
  groups.reserve(result->codes->count());
  for (std::int64_t label : result->codes->labels) groups.push_back(std::uint16_t(std::max<std::int64_t>(0, label)));
  mMap->setPoints(result->map->positions(), std::move(groups), keepView);
  mEpochLabel->setText(tr("epoch %1").arg(result->epoch));
  setAxisLabels(result->method);
  refreshLegend();
  refreshColors();
  if (mToolbar->showsAtlas()) refreshAtlas();
  if (mState.codeFitsMap() && mState.currentCode().caption != tr("drawn input"))
    placeMarkerForCode(mState.currentCode().code);
  placeProbe();
  placeRealImages();
  if (!result->codes->generated) placeHighlights(result->codes->indices, result->map->positions());
}

QStringList LatentPanel::classNames() const {
  // A GAN's map names its classifier's classes; an encoded map the dataset's.
  QStringList names;
  const MapResultPtr& result = mState.current();
  if (result && !result->classNames.empty()) {
    for (const auto& name : result->classNames) names << QString::fromStdString(name);
  } else if (mSession->dataset()) {
    for (const auto& name : mSession->dataset()->classNames) names << QString::fromStdString(name);
  }
  return names;
}

QString LatentPanel::className(std::int64_t label) const {
  const QStringList names = classNames();
  return label >= 0 && label < names.size() ? names[int(label)] : QString::number(label);
}

void LatentPanel::refreshLegend() {
  const QStringList names = classNames();
  if (names.isEmpty()) return;
  const int classes = int(names.size());
  bool same = mLegend->count() == classes;
  for (int k = 0; same && k < classes; ++k) same = mLegend->item(k)->text() == names[k];
  if (same) return;
  mUpdating = true;
  mLegend->clear();
  const std::vector<QRgb> palette = classPalette(classes);
  mMap->cloud()->setPalette(palette);
  for (int k = 0; k < classes; ++k) {
    QPixmap swatch(12, 12);
    swatch.fill(QColor::fromRgb(palette[std::size_t(k)]));
    auto* item = new QListWidgetItem(QIcon(swatch), names[k]);
    item->setData(Qt::UserRole, k);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
    mLegend->addItem(item);
  }
  mUpdating = false;
}

void LatentPanel::refreshColors() {
  if (mUpdating || !mState.current()) return;
  std::vector<QRgb> colors = pointColors(*mState.current()->codes, mToolbar->coloring());
  if (colors.empty())
    mMap->cloud()->clearPointColors();
  else
    mMap->cloud()->setPointColors(std::move(colors));
  mMap->replot(QCustomPlot::rpQueuedReplot);
}

void LatentPanel::refreshAtlas() {
  if (!mToolbar->showsAtlas() || !mState.current()) return mAtlas->clear();
  mAtlas->refresh(mapSnapshot(), mState.current()->map);
}

void LatentPanel::onSnapshotChanged() {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  mToolbar->setComputeEnabled(snapshot != nullptr);
  if (!snapshot) return;
  adaptToModelKind(snapshot);
  if (mState.current() && (mState.current()->codes->codeSize != snapshot->codeSize() ||
                           mState.current()->codes->generated != snapshot->isGan())) {
    // Another model: its maps, selection and marks belong to the old one.
    mMapJob->cancel();
    mState.clear();
    forgetSelection();
    refreshReplay();
  }
  mInterpolation->setModel(snapshot);
  // Follow training: a new epoch's weights re-project the map.
  const bool newEpoch = !mState.current() || mState.current()->epoch != snapshot->epoch();
  if (mToolbar->followsTraining() && newEpoch) followWithMap();
}

void LatentPanel::adaptToModelKind(const ModelSnapshotPtr& snapshot) {
  const bool gan = snapshot->isGan();
  const bool changed = gan != mToolbar->isGenerator();
  mToolbar->setGenerator(gan);
  mRealImages->setSources(gan ? snapshot : nullptr, mSession->dataset());
  mTools->setTabEnabled(kRealImageTab, gan);
  mTools->setTabToolTip(kRealImageTab,
                        gan ? tr("Place a real image on the generator's map by fitting z to it (latent optimisation)")
                            : tr("For a GAN only: an autoencoder encodes real images directly (click a point)"));
  if (!gan && currentSideTool() == mRealImages) showSideTab(mInspector);
  // z is Gaussian: spherical interpolation keeps it typical of the prior. Set once per kind,
  // so a user's choice stays.
  if (changed) mInterpolation->setSpherical(gan);
}

void LatentPanel::followWithMap() {
  const DatasetPtr dataset = mSession->dataset();
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (!dataset || !snapshot) return;
  // Opening a run loads its weights and its dataset side by side: weights that do not fit
  // the dataset still shown wait quietly for theirs instead of failing with an error.
  if (whyModelDoesNotFit(snapshot->spec(), *dataset)) {
    mToolbar->setStatus(
        tr("The model does not fit the dataset %1; the map waits for one it fits.").arg(mSession->datasetName()));
    return;
  }
  requestMap(/*userRequest=*/false);
}

void LatentPanel::onRunChanged() {
  // Another run: its maps, selection and marks are not this one's (the dataset may stay).
  mMapJob->cancel();
  mState.clear();
  mMap->setPoints({}, {}, false);
  forgetSelection();
  mRealImages->clearPlaced();
  refreshReplay();
  mToolbar->setStatus(tr("A new run: its map comes with its weights."));
}

void LatentPanel::onDatasetChanged() {
  if (mSession->snapshot()) adaptToModelKind(mSession->snapshot());  // real images come from the new dataset
  mMapJob->cancel();
  mState.clear();
  mLegend->clear();
  mMap->setPoints({}, {}, false);
  forgetSelection();
  refreshReplay();
  if (mToolbar->followsTraining()) followWithMap();
}

void LatentPanel::forgetSelection() {
  mState.clearCurrentCode();
  mMap->setMarker(0, 0, false);
  mMap->setProbe(0, 0, false);
  mMap->setPath({});
  mMap->setExtraPoints({});
  mMap->setRealPoints({});
  mAtlas->clear();
  mInspector->clear();
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
  const MapResultPtr& result = mState.current();
  if (!result || row < 0 || std::size_t(row) >= result->codes->count()) {
    mInspector->showHover({}, tr("Hover a point."));
    return;
  }
  QString caption = pointCaption(row);
  if (result->codes->errors.size() == result->codes->count())
    caption += tr(" · reconstruction MSE %1").arg(result->codes->errors[std::size_t(row)], 0, 'g', 3);
  mInspector->showHover(pointImage(row), caption);
}

bool LatentPanel::showsGeneratedMap() const {
  return mState.current() && mState.current()->codes->generated;
}

QImage LatentPanel::pointImage(long row) const {
  const MapResultPtr& result = mState.current();
  if (!result || row < 0 || std::size_t(row) >= result->codes->count()) return {};
  if (!result->codes->generated) return itemImage(result->codes->indices[std::size_t(row)]);
  // A generated point has no dataset image: show G(z), with the map's weights.
  const ModelSnapshotPtr snapshot = mapSnapshot();
  if (!snapshot || snapshot->codeSize() != result->codes->codeSize) return {};
  const EncodedSet& codes = *result->codes;
  return decodeToImage(*snapshot,
                       std::vector<float>(codes.code(std::size_t(row)), codes.code(std::size_t(row)) + codes.codeSize));
}

QString LatentPanel::pointCaption(long row) const {
  const MapResultPtr& result = mState.current();
  if (!result || row < 0 || std::size_t(row) >= result->codes->count()) return {};
  if (!result->codes->generated) return itemCaption(result->codes->indices[std::size_t(row)]);
  const bool classified = result->snapshot && result->snapshot->hasClassifier();
  return classified ? tr("sample %1 · classified %2").arg(row).arg(className(result->codes->labels[std::size_t(row)]))
                    : tr("sample %1").arg(row);
}

void LatentPanel::selectItem(long row) {
  const ModelSnapshotPtr snapshot = mapSnapshot();
  const MapResultPtr result = mState.current();
  if (!result || !snapshot || row < 0 || std::size_t(row) >= result->codes->count()) return;
  const EncodedSet& codes = *result->codes;
  const std::vector<float> code(codes.code(std::size_t(row)), codes.code(std::size_t(row)) + codes.codeSize);
  const QImage decoded = decodeToImage(*snapshot, code);
  std::vector<long> near;
  for (std::size_t neighbour : result->map->nearestInLatent(code.data(), kNeighbours + 1))
    if (neighbour != std::size_t(row) && near.size() < std::size_t(kNeighbours)) near.push_back(long(neighbour));
  std::vector<QImage> neighbours;
  QStringList captions;
  if (codes.generated) {
    // The neighbours' images are generated too: one batch.
    std::vector<float> nearCodes;
    for (long neighbour : near)
      nearCodes.insert(nearCodes.end(), codes.code(std::size_t(neighbour)),
                       codes.code(std::size_t(neighbour)) + codes.codeSize);
    if (!near.empty()) neighbours = decodeToImages(*snapshot, nearCodes.data(), int(near.size()));
  } else {
    for (long neighbour : near) neighbours.push_back(pointImage(neighbour));
  }
  for (long neighbour : near) captions << pointCaption(neighbour);
  const QString caption = pointCaption(row);
  // A generated point is its own image: there is no original to reconstruct.
  const QImage original = codes.generated ? decoded : itemImage(codes.indices[std::size_t(row)]);
  const QString text = codes.generated ? tr("%1\ngenerated G(z)\ncode %2\nnearest samples in z below")
                                       : tr("%1\noriginal | reconstruction\ncode %2\nnearest in latent space below");
  mInspector->showItem(original, codes.generated ? QImage() : decoded,
                       text.arg(caption, formatCode(code.data(), codes.codeSize)), neighbours, captions);
  const auto& xy = result->map->positions();
  mMap->setMarker(xy[2 * std::size_t(row)], xy[2 * std::size_t(row) + 1]);
  mState.setCurrentCode(code, original, caption);
  mSliders->setStartCode(code);
}

bool LatentPanel::classMidpoint(std::int64_t a, std::int64_t b, double& x, double& y) const {
  const MapResultPtr& result = mState.current();
  if (!result) return false;
  double sum[2][2] = {{0, 0}, {0, 0}};
  int counts[2] = {0, 0};
  const auto& xy = result->map->positions();
  for (std::size_t i = 0; i < result->codes->count(); ++i)
    for (int side = 0; side < 2; ++side)
      if (result->codes->labels[i] == (side == 0 ? a : b)) {
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
  if (!mState.current()) return -1;
  const auto& labels = mState.current()->codes->labels;
  const auto found = std::find(labels.begin(), labels.end(), label);
  return found == labels.end() ? -1 : long(found - labels.begin());
}

void LatentPanel::useCurrentAsEndpoint(int which) {
  const auto& current = mState.currentCode();
  if (current.code.empty()) {
    mErrors->report(tr("Interpolation"),
                    tr("Click a point on the map (or decode somewhere) first; then set it as A or B."));
    return;
  }
  mInterpolation->setEndpoint(which, current.code, current.image, current.caption);
}

bool LatentPanel::interpolateBetweenItems(long rowA, long rowB, int steps) {
  const MapResultPtr& result = mState.current();
  if (!result || rowA < 0 || rowB < 0 || std::size_t(std::max(rowA, rowB)) >= result->codes->count()) return false;
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
  for (int index = 0; index < mTools->count(); ++index)
    if (static_cast<QScrollArea*>(mTools->widget(index))->widget() == tool) mTools->setCurrentIndex(index);
}

QWidget* LatentPanel::currentSideTool() const {
  auto* scroll = static_cast<QScrollArea*>(mTools->currentWidget());
  return scroll ? scroll->widget() : nullptr;
}

void LatentPanel::decodeAt(double x, double y) {
  const ModelSnapshotPtr snapshot = mapSnapshot();
  const MapResultPtr& result = mState.current();
  if (!result || !snapshot) return;
  const MapQuery query = result->map->codeAt(x, y);
  if (int(query.code.size()) != snapshot->codeSize()) return;
  const QImage image = decodeToImage(*snapshot, query.code);
  mInspector->showDecoded(
      image, formatCode(query.code.data(), int(query.code.size())), query.confidence,
      (result->codes->generated ? tr("map (%1, %2) · nearest %3") : tr("map (%1, %2) · nearest item %3"))
          .arg(x, 0, 'f', 2)
          .arg(y, 0, 'f', 2)
          .arg(pointCaption(long(query.nearest))));
  mMap->setMarker(x, y);
  mState.setCurrentCode(query.code, image, tr("map (%1, %2)").arg(x, 0, 'f', 1).arg(y, 0, 'f', 1));
  mSliders->setStartCode(query.code);
}

std::vector<float> LatentPanel::placeCodes(const std::vector<float>& codes, int count) const {
  std::vector<float> points;
  const MapResultPtr& result = mState.current();
  if (!result || count <= 0) return points;
  const std::size_t size = codes.size() / std::size_t(count);
  if (int(size) != result->codes->codeSize) return points;
  for (int i = 0; i < count; ++i) {
    const auto xy = result->map->place(codes.data() + std::size_t(i) * size);
    points.push_back(float(xy[0]));
    points.push_back(float(xy[1]));
  }
  return points;
}

void LatentPanel::onProbeChanged() {
  const QString probeCaption = tr("drawn input");
  if (!mSession->hasProbe()) {
    mMap->setProbe(0, 0, false);
    if (mState.currentCode().caption == probeCaption) mState.clearCurrentCode();
    return;
  }
  // The drawing becomes the current code: marked on the map with its own symbol
  // (out-of-sample placement), and usable as an interpolation endpoint.
  const std::vector<float>& code = mSession->probeCode();
  mState.setCurrentCode(code, mSession->probeImage(), probeCaption);
  mMap->setMarker(0, 0, false);
  placeProbe();
  const ModelSnapshotPtr snapshot = mapSnapshot();
  const MapResultPtr& result = mState.current();
  if (!result || !snapshot || int(code.size()) != result->codes->codeSize || int(code.size()) != snapshot->codeSize())
    return;
  const auto xy = result->map->place(code.data());
  mInspector->showDecoded(decodeToImage(*snapshot, code), formatCode(code.data(), int(code.size())),
                          result->map->codeAt(xy[0], xy[1]).confidence, tr("your drawing (Playground > Draw)"));
}

void LatentPanel::placeProbe() {
  const MapResultPtr& result = mState.current();
  const std::vector<float>& code = mSession->probeCode();
  if (!mSession->hasProbe() || !result || int(code.size()) != result->codes->codeSize) {
    mMap->setProbe(0, 0, false);
    return;
  }
  const auto xy = result->map->place(code.data());
  mMap->setProbe(xy[0], xy[1]);
}

void LatentPanel::onHighlightsChanged() {
  const MapResultPtr& result = mState.current();
  const std::size_t count = mSession->highlightedItems().size();
  if (result && result->codes->generated) {
    // A GAN's points are generated samples: none of them is a dataset item to ring.
    mMap->setHighlights({}, {});
    if (count > 0)
      mToolbar->setStatus(tr("%1 are dataset items; a GAN's map shows generated samples, so they cannot be marked.")
                              .arg(mSession->highlightCaption()));
    return;
  }
  const std::size_t shown = result ? placeHighlights(result->codes->indices, result->map->positions()) : 0;
  if (!result) mMap->setHighlights({}, {});
  if (count == 0) return;
  if (!result)
    mToolbar->setStatus(tr("%1 (%2 items) is marked once there is a map: press Compute (Ctrl+M).")
                            .arg(mSession->highlightCaption())
                            .arg(count));
  else if (shown == 0)
    mToolbar->setStatus(tr("None of the %1 items of %2 is among this map's points: map the test split (or all) and "
                           "compute again.")
                            .arg(count)
                            .arg(mSession->highlightCaption()));
  else
    mToolbar->setStatus(
        tr("Marked %1 of the %2 items of %3 with rings.").arg(shown).arg(count).arg(mSession->highlightCaption()));
}

std::size_t LatentPanel::placeHighlights(const std::vector<std::size_t>& indices, const std::vector<float>& xy) {
  std::vector<std::size_t> items = mSession->highlightedItems();
  std::vector<float> marks;
  if (!items.empty() && xy.size() == 2 * indices.size()) {
    std::sort(items.begin(), items.end());
    for (std::size_t row = 0; row < indices.size(); ++row)
      if (std::binary_search(items.begin(), items.end(), indices[row])) {
        marks.push_back(xy[2 * row]);
        marks.push_back(xy[2 * row + 1]);
      }
  }
  const std::size_t shown = marks.size() / 2;
  // The legend says how many of the items this map holds (a map of another split may hold few).
  const QString caption =
      shown == items.size()
          ? tr("%1 (%2)").arg(mSession->highlightCaption()).arg(shown)
          : tr("%1 (%2 of %3 on this map)").arg(mSession->highlightCaption()).arg(shown).arg(items.size());
  mMap->setHighlights(marks, caption);
  return shown;
}

void LatentPanel::placeRealImages() {
  const auto& placed = mRealImages->placed();
  const std::vector<float> codes = mRealImages->placedCodes();
  mMap->setRealPoints(placeCodes(codes, int(placed.size())));
}

void LatentPanel::onRealImageChosen(int row) {
  const auto& placed = mRealImages->placed();
  if (row < 0 || std::size_t(row) >= placed.size()) return;
  const auto& real = placed[std::size_t(row)];
  const MapResultPtr& result = mState.current();
  // The real image beside G(z), as the inspector shows an encoded item beside its reconstruction.
  QString where = tr("original | G(z), pixel MSE %1").arg(real.error, 0, 'f', 4);
  if (result && result->method == MapMethod::Tsne)
    where += tr("\nt-SNE cannot place a new code exactly: it sits among its nearest samples in z");
  mInspector->showItem(
      real.original, real.fitted,
      tr("%1 (fitted z)\n%2\ncode %3").arg(real.caption, where, formatCode(real.code.data(), int(real.code.size()))),
      {}, {});
  mState.setCurrentCode(real.code, real.original, real.caption);
  placeMarkerForCode(real.code);
  mSliders->setStartCode(real.code);
}

void LatentPanel::placeMarkerForCode(const std::vector<float>& code) {
  const MapResultPtr& result = mState.current();
  if (!result || int(code.size()) != result->codes->codeSize) return;
  const auto xy = result->map->place(code.data());
  mMap->setMarker(xy[0], xy[1]);
}

bool LatentPanel::exportCodes(const QString& file, QString* error) {
  if (!mState.current()) {
    if (error) *error = tr("Compute the map first: there are no codes to export yet.");
    return false;
  }
  try {
    writeCodesCsv(file.toStdString(), *mState.current()->codes);
    return true;
  } catch (...) {
    if (error) *error = userMessage(describeFailure(std::current_exception()));
    return false;
  }
}

bool LatentPanel::exportProjectorFiles(const QString& folder, QString* error) {
  const DatasetPtr dataset = mSession->dataset();
  if (!mState.current() || !dataset) {
    if (error) *error = tr("Compute the map first: there are no codes to export yet.");
    return false;
  }
  if (mState.current()->codes->generated) {
    if (error)
      *error =
          tr("The Projector's sprite shows dataset images; a GAN's map holds generated samples. Export the "
             "codes as CSV instead.");
    return false;
  }
  try {
    exportProjector(folder.toStdString(), *mState.current()->codes, *dataset, dataset->classNames);
    return true;
  } catch (...) {
    if (error) *error = userMessage(describeFailure(std::current_exception()));
    return false;
  }
}

}  // namespace latentlab
