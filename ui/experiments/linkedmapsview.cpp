#include "experiments/linkedmapsview.h"

#include "common/asyncjob.h"
#include "common/jobprogress.h"
#include "common/usermessage.h"
#include "latent/latentmapview.h"
#include "latent/pointcloud.h"
#include "session/session.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace latentlab {

namespace {
constexpr double kBrushPixels = 12.0;
const QRgb kUnselected = qRgb(222, 222, 222);
}  // namespace

LinkedMapsView::LinkedMapsView(Session* session, QWidget* parent)
    : QWidget(parent), mSession(session), mJob(new AsyncJob(JobPolicy::Replace, this)) {
  setObjectName("linkedMaps");
  setFocusPolicy(Qt::StrongFocus);
  mMethod = new QComboBox(this);
  mMethod->addItem(tr("PCA"), int(MapMethod::Pca));
  mMethod->addItem(tr("t-SNE"), int(MapMethod::Tsne));
  mMethod->setToolTip(tr("How each run's codes are laid out in 2-D (PCA: seconds; t-SNE: clusters, slower)"));
  mPoints = new QSpinBox(this);
  mPoints->setRange(100, 20000);
  mPoints->setSingleStep(500);
  mPoints->setValue(2000);
  mPoints->setSuffix(tr(" images"));
  mPoints->setToolTip(tr("How many test images both maps place (the same ones in both)"));
  auto* computeButton = new QPushButton(tr("&Map both"), this);
  computeButton->setToolTip(tr("Encode the same test images with each run's best weights and map them"));
  mClear = new QPushButton(tr("Clear selection"), this);
  mClear->setToolTip(tr("Show every point in its class colour again (Esc)"));
  mStatus = new QLabel(tr("Hover a point to find the same image in the other map; drag over points to select "
                          "them in both."),
                       this);
  mStatus->setWordWrap(true);
  mStatus->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  mProgress = new JobProgress(mJob, this);

  auto* controls = new QHBoxLayout;
  controls->addWidget(new QLabel(tr("Layout:"), this));
  controls->addWidget(mMethod);
  controls->addWidget(mPoints);
  controls->addWidget(computeButton);
  controls->addWidget(mClear);
  controls->addStretch(1);
  auto* maps = new QGridLayout;
  for (int side = 0; side < 2; ++side) {
    mTitles[side] = new QLabel(this);
    mTitles[side]->setAlignment(Qt::AlignCenter);
    // Long run names wrap instead of widening the window.
    mTitles[side]->setWordWrap(true);
    mTitles[side]->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    mMaps[side] = new LatentMapView(this);
    mMaps[side]->setObjectName(side == 0 ? "linkedMapLeft" : "linkedMapRight");
    mMaps[side]->setMinimumSize(150, 160);
    mMaps[side]->setToolTip(
        tr("Hover a point to mark the same image in the other map · drag over points to select "
           "them in both · wheel zooms · right-drag pans · double-click resets"));
    maps->addWidget(mTitles[side], 0, side);
    maps->addWidget(mMaps[side], 1, side);
    connect(mMaps[side], &LatentMapView::pointHovered, this, [this](long point) { hoverItem(point); });
    // Painting a selection starts anywhere, on a point or between them, so the presses
    // and drags are read here rather than from the map's click signals.
    mMaps[side]->installEventFilter(this);
  }
  maps->setRowStretch(1, 1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(controls);
  layout->addWidget(mProgress);
  layout->addLayout(maps, 1);
  layout->addWidget(mStatus);

  connect(computeButton, &QPushButton::clicked, this, [this] { compute(); });
  connect(mClear, &QPushButton::clicked, this, [this] { clearSelection(); });
  connect(mJob, &AsyncJob::failed, this, [this](const JobFailure& failure) {
    mStatus->setText(tr("Could not map the runs: %1").arg(userMessage(failure)));
  });
}

void LinkedMapsView::setRuns(const QStringList& runDirs) {
  if (runDirs == mRuns) return;
  mRuns = runDirs;
  mStale = true;
  mJob->cancel();
  mMapped = LinkedMaps{};
  mSelected.clear();
  mHovered = -1;
  for (int side = 0; side < 2; ++side) {
    mMaps[side]->setPoints({}, {}, false);
    mMaps[side]->setMarker(0, 0, false);
    mMaps[side]->replot();
    mTitles[side]->setText(side < runDirs.size() ? QFileInfo(runDirs[side]).fileName() : QString());
  }
  if (isVisible()) compute();
}

bool LinkedMapsView::isComputing() const {
  return mJob->isBusy();
}

void LinkedMapsView::compute() {
  if (mRuns.size() < 2) {
    mStatus->setText(tr("Select two runs to link their maps."));
    return;
  }
  mStale = false;
  LinkedMapsInput input;
  for (int side = 0; side < 2; ++side) input.runs.push_back(mRuns[side].toStdString());
  input.dataset = mSession->dataset();
  input.datasetName = mSession->datasetName().toStdString();
  input.points = std::size_t(mPoints->value());
  input.projection.method = MapMethod(mMethod->currentData().toInt());
  input.projection.seed = 1;
  mStatus->setText(tr("Mapping %1 test images with both runs' best weights…").arg(mPoints->value()));
  mJob->run([input](const JobRun& run) { return computeLinkedMaps(input, run.context()); },
            [this](LinkedMaps maps) { apply(std::move(maps)); });
}

void LinkedMapsView::apply(LinkedMaps maps) {
  mMapped = std::move(maps);
  mSelected.assign(mMapped.indices.size(), false);
  mHovered = -1;
  for (int side = 0; side < 2 && side < int(mMapped.maps.size()); ++side) {
    const MapResult& result = mMapped.maps[std::size_t(side)];
    std::vector<std::uint16_t> groups;
    for (std::int64_t label : result.codes->labels) groups.push_back(std::uint16_t(std::max<std::int64_t>(0, label)));
    mMaps[side]->setPoints(result.map->positions(), std::move(groups), /*keepView=*/false);
    mMaps[side]->setMarker(0, 0, false);
    mTitles[side]->setText(tr("<b>%1</b> · code of %2 · epoch %3")
                               .arg(QString::fromStdString(mMapped.runNames[std::size_t(side)]).toHtmlEscaped())
                               .arg(result.codes->codeSize)
                               .arg(result.epoch));
  }
  recolor();
  mStatus->setText(tr("%1 test images in both maps. Hover a point to find the same image in the other map; drag "
                      "over points to select them in both (Esc clears).")
                       .arg(mMapped.indices.size()));
}

void LinkedMapsView::hoverItem(long item) {
  if (item >= long(itemCount())) return;
  mHovered = item;
  for (int side = 0; side < 2 && side < int(mMapped.maps.size()); ++side) {
    const auto& xy = mMapped.maps[std::size_t(side)].map->positions();
    if (item >= 0)
      mMaps[side]->setMarker(xy[std::size_t(item) * 2], xy[std::size_t(item) * 2 + 1], true);
    else
      mMaps[side]->setMarker(0, 0, false);
    mMaps[side]->replot(QCustomPlot::rpQueuedReplot);
  }
  if (item >= 0 && mMapped.dataset) {
    const std::size_t index = mMapped.indices[std::size_t(item)];
    mStatus->setText(tr("Image #%1 (label %2) is marked in both maps.").arg(index).arg(mMapped.dataset->labels[index]));
  }
}

void LinkedMapsView::paintSelection(int side, double x, double y) {
  if (mMapped.maps.size() < 2) return;
  LatentMapView* view = mMaps[side];
  // The brush is a disc of a few pixels, measured in map units along each axis.
  const double px = view->xAxis->coordToPixel(x), py = view->yAxis->coordToPixel(y);
  const double rx = std::abs(view->xAxis->pixelToCoord(px + kBrushPixels) - x);
  const double ry = std::abs(view->yAxis->pixelToCoord(py + kBrushPixels) - y);
  const auto& xy = mMapped.maps[std::size_t(side)].map->positions();
  std::vector<long> hit;
  for (std::size_t i = 0; i < itemCount(); ++i) {
    const double dx = (xy[i * 2] - x) / rx, dy = (xy[i * 2 + 1] - y) / ry;
    if (dx * dx + dy * dy <= 1.0) hit.push_back(long(i));
  }
  if (!hit.empty()) selectItems(hit, true);
}

void LinkedMapsView::selectItems(const std::vector<long>& items, bool add) {
  if (mSelected.size() != itemCount()) mSelected.assign(itemCount(), false);
  if (!add) std::fill(mSelected.begin(), mSelected.end(), false);
  for (long item : items)
    if (item >= 0 && item < long(mSelected.size())) mSelected[std::size_t(item)] = true;
  recolor();
}

void LinkedMapsView::clearSelection() {
  std::fill(mSelected.begin(), mSelected.end(), false);
  recolor();
}

std::vector<long> LinkedMapsView::selectedItems() const {
  std::vector<long> items;
  for (std::size_t i = 0; i < mSelected.size(); ++i)
    if (mSelected[i]) items.push_back(long(i));
  return items;
}

void LinkedMapsView::recolor() {
  const auto selected = std::count(mSelected.begin(), mSelected.end(), true);
  mClear->setEnabled(selected > 0);
  for (int side = 0; side < 2; ++side) {
    PointCloud* cloud = mMaps[side]->cloud();
    if (selected == 0) {
      cloud->clearPointColors();
    } else {
      const auto palette = classPalette(256);
      std::vector<QRgb> colors(cloud->count(), kUnselected);
      const auto& groups = cloud->groups();
      for (std::size_t i = 0; i < colors.size() && i < mSelected.size(); ++i)
        if (mSelected[i]) colors[i] = palette[std::min<std::size_t>(groups[i], palette.size() - 1)];
      cloud->setPointColors(std::move(colors));
    }
    mMaps[side]->replot(QCustomPlot::rpQueuedReplot);
  }
  if (selected > 0) mStatus->setText(tr("%1 images selected, shown in both maps.").arg(selected));
}

bool LinkedMapsView::eventFilter(QObject* watched, QEvent* event) {
  const int side = watched == mMaps[0] ? 0 : watched == mMaps[1] ? 1 : -1;
  if (side < 0 || (event->type() != QEvent::MouseButtonPress && event->type() != QEvent::MouseMove))
    return QWidget::eventFilter(watched, event);
  const auto* mouse = static_cast<QMouseEvent*>(event);
  // Shift pans and Ctrl zooms to a box, as on the Latent map tab.
  const bool plain = !(mouse->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier));
  const bool press = event->type() == QEvent::MouseButtonPress && mouse->button() == Qt::LeftButton;
  const bool drag = event->type() == QEvent::MouseMove && (mouse->buttons() & Qt::LeftButton) && mPainting;
  if (press) mPainting = plain;
  if ((press && plain) || drag) {
    if (press) clearSelection();
    LatentMapView* view = mMaps[side];
    paintSelection(side, view->xAxis->pixelToCoord(mouse->position().x()),
                   view->yAxis->pixelToCoord(mouse->position().y()));
  }
  return QWidget::eventFilter(watched, event);
}

void LinkedMapsView::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (mStale && mRuns.size() >= 2) compute();
}

void LinkedMapsView::keyPressEvent(QKeyEvent* event) {
  if (event->key() == Qt::Key_Escape && !selectedItems().empty()) {
    clearSelection();
    return;
  }
  QWidget::keyPressEvent(event);
}

}  // namespace latentlab
