#include "latent/maptoolbar.h"

#include "common/asyncjob.h"
#include "common/jobprogress.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>

namespace latentlab {

namespace {
constexpr int kColorByClass = -2;
constexpr int kColorByError = -1;
}  // namespace

MapToolbar::MapToolbar(AsyncJob* job, QWidget* parent) : QWidget(parent) {
  mMethod = new QComboBox;
  mMethod->setObjectName("mapMethod");
  mMethod->addItem(tr("PCA"), int(MapMethod::Pca));
  mMethod->addItem(tr("t-SNE"), int(MapMethod::Tsne));
  mMethod->addItem(tr("2-D code"), int(MapMethod::Direct));
  mMethod->setCurrentIndex(1);
  mMethod->setToolTip(
      tr("PCA: fast and linear. t-SNE: keeps neighbours together. 2-D code: the code itself, for a 2-D latent"));
  mPointsFrom = new QComboBox;
  mPointsFrom->setObjectName("mapSplit");
  mPointsFrom->addItem(tr("validation"), int(Split::Validation));
  mPointsFrom->addItem(tr("test"), int(Split::Test));
  mPointsFrom->addItem(tr("train"), int(Split::Train));
  mPointsFrom->addItem(tr("all"), int(Split::All));
  mPointsFrom->setToolTip(tr("Which split to encode"));
  mPointsFrom->setCurrentIndex(3);  // all: the densest map; the splits are there to compare
  mPoints = new QSpinBox;
  mPoints->setObjectName("mapPoints");
  mPoints->setRange(100, 70000);
  mPoints->setSingleStep(1000);
  mPoints->setValue(5000);
  mPoints->setToolTip(tr("At most this many points (up to 70,000) from the split beside"));
  mPoints->setSuffix(tr(" points"));
  mPerplexity = new QDoubleSpinBox;
  mPerplexity->setObjectName("mapPerplexity");
  mPerplexity->setRange(2, 100);
  mPerplexity->setValue(30);
  mPerplexity->setToolTip(tr("t-SNE perplexity: about how many neighbours each point keeps close"));
  mCompute = new QPushButton(tr("Compute map"));
  mCompute->setObjectName("computeMap");
  mCompute->setShortcut(QKeySequence("Ctrl+M"));
  mCompute->setToolTip(tr("Encode the points with the current weights and project them (Ctrl+M)"));
  auto* progress = new JobProgress(job);
  progress->setMaximumWidth(260);

  mColorBy = new QComboBox;
  mColorBy->setObjectName("mapColorBy");
  mColorBy->setToolTip(
      tr("Color the points by class, by how badly they are reconstructed, or by one latent dimension"));
  mColorBy->addItem(tr("Color: class"), kColorByClass);
  mColorBy->addItem(tr("Color: reconstruction error"), kColorByError);
  mFollow = new QCheckBox(tr("Follow training"));
  mFollow->setObjectName("followTraining");
  mFollow->setChecked(true);
  mFollow->setToolTip(
      tr("Re-encode and re-project after every epoch (PCA stays aligned, t-SNE starts from the last map)"));
  mAtlas = new QCheckBox(tr("Atlas"));
  mAtlas->setObjectName("mapAtlas");
  mAtlas->setToolTip(tr("Show images decoded on a grid behind the points"));
  auto* reset = new QPushButton(tr("Reset view"));
  reset->setToolTip(tr("Fit the map to all points (or double-click it)"));
  auto* exportButton = new QToolButton;
  exportButton->setText(tr("Export"));
  exportButton->setPopupMode(QToolButton::InstantPopup);
  auto* exportMenu = new QMenu(exportButton);
  exportMenu->addAction(tr("Codes as CSV…"), this, &MapToolbar::exportCodesRequested);
  mProjector = exportMenu->addAction(tr("Embedding Projector files…"), this, &MapToolbar::exportProjectorRequested);
  exportMenu->setToolTipsVisible(true);  // a disabled entry says why
  exportButton->setMenu(exportMenu);
  mStatus = new QLabel(tr("Train a model or open a run; then compute the map."));
  mStatus->setObjectName("mapStatus");
  mStatus->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

  // Two rows: what to compute, then how to show it; one row would widen the window.
  auto* first = new QHBoxLayout;
  first->setContentsMargins(0, 0, 0, 0);
  first->addWidget(mMethod);
  first->addWidget(new QLabel(tr("of")));
  first->addWidget(mPoints);
  first->addWidget(mPointsFrom);
  first->addWidget(new QLabel(tr("· perplexity")));
  first->addWidget(mPerplexity);
  first->addWidget(mCompute);
  first->addStretch(1);
  auto* second = new QHBoxLayout;
  second->setContentsMargins(0, 0, 0, 0);
  second->addWidget(mColorBy);
  second->addWidget(mFollow);
  second->addWidget(mAtlas);
  second->addWidget(reset);
  second->addWidget(exportButton);
  second->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(first);
  layout->addLayout(second);
  // The status and, while a map computes, its progress and Cancel share the third row.
  auto* third = new QHBoxLayout;
  third->setContentsMargins(0, 0, 0, 0);
  third->addWidget(mStatus, 1);
  third->addWidget(progress);
  layout->addLayout(third);

  connect(mCompute, &QPushButton::clicked, this, &MapToolbar::computeRequested);
  connect(mMethod, &QComboBox::currentIndexChanged, this,
          [this] { mPerplexity->setEnabled(method() == MapMethod::Tsne); });
  connect(mColorBy, &QComboBox::currentIndexChanged, this, [this] {
    if (!mUpdating) Q_EMIT coloringChanged();
  });
  connect(mAtlas, &QCheckBox::toggled, this, &MapToolbar::atlasToggled);
  connect(reset, &QPushButton::clicked, this, &MapToolbar::resetViewRequested);
}

MapMethod MapToolbar::method() const {
  return MapMethod(mMethod->currentData().toInt());
}
void MapToolbar::setMethod(MapMethod method) {
  mMethod->setCurrentIndex(mMethod->findData(int(method)));
}
int MapToolbar::pointLimit() const {
  return mPoints->value();
}
void MapToolbar::setPointLimit(int points) {
  mPoints->setValue(points);
}
MapToolbar::Split MapToolbar::split() const {
  return Split(mPointsFrom->currentData().toInt());
}
double MapToolbar::perplexity() const {
  return mPerplexity->value();
}
bool MapToolbar::followsTraining() const {
  return mFollow->isChecked();
}
bool MapToolbar::showsAtlas() const {
  return mAtlas->isChecked();
}
void MapToolbar::setComputeEnabled(bool enabled) {
  mCompute->setEnabled(enabled);
}
void MapToolbar::setStatus(const QString& text) {
  mStatus->setText(text);
}
QString MapToolbar::statusText() const {
  return mStatus->text();
}

MapColoring MapToolbar::coloring() const {
  const int data = mColorBy->currentData().toInt();
  if (data == kColorByClass) return {};
  if (data == kColorByError) return {MapColoring::Mode::Error, 0};
  return {MapColoring::Mode::Dimension, data};
}

void MapToolbar::setCodeSize(int codeSize) {
  mUpdating = true;
  const int keep = mColorBy->currentIndex();
  while (mColorBy->count() > 2) mColorBy->removeItem(2);
  for (int d = 0; d < std::min(codeSize, 64); ++d) mColorBy->addItem(tr("Color: z%1").arg(d), d);
  mColorBy->setCurrentIndex(keep < mColorBy->count() ? keep : 0);
  mUpdating = false;
}

void MapToolbar::setGenerator(bool gan) {
  if (gan == mGan) return;
  mGan = gan;
  mPointsFrom->setEnabled(!gan);
  mPointsFrom->setToolTip(gan ? tr("A GAN's map samples z from its prior N(0, I): the split does not apply")
                              : tr("Which split to encode"));
  mPoints->setToolTip(gan ? tr("How many z samples (up to 70,000) to generate, classify and map")
                          : tr("At most this many points (up to 70,000) from the split beside"));
  mCompute->setToolTip(gan ? tr("Sample z, generate and classify the images with the current weights and project "
                                "the codes (Ctrl+M)")
                           : tr("Encode the points with the current weights and project them (Ctrl+M)"));
  if (auto* items = qobject_cast<QStandardItemModel*>(mColorBy->model())) {
    QStandardItem* error = items->item(mColorBy->findData(kColorByError));
    error->setEnabled(!gan);
    error->setToolTip(gan ? tr("A GAN has no encoder, so its samples have no reconstruction error") : QString());
  }
  if (gan && coloring().mode == MapColoring::Mode::Error) mColorBy->setCurrentIndex(0);
  mProjector->setEnabled(!gan);
  mProjector->setToolTip(gan ? tr("The Projector's sprite shows dataset images; a GAN's map holds generated "
                                  "samples (export the codes as CSV instead)")
                             : QString());
}

bool MapToolbar::errorColoringEnabled() const {
  const auto* items = qobject_cast<QStandardItemModel*>(mColorBy->model());
  return items && items->item(mColorBy->findData(kColorByError))->isEnabled();
}

bool MapToolbar::projectorExportEnabled() const {
  return mProjector->isEnabled();
}

}  // namespace latentlab
