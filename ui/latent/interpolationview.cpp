#include "latent/interpolationview.h"

#include "common/asyncjob.h"
#include "latent/decodedimages.h"
#include "latent/interpolation.h"

#include <QComboBox>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace latentlab {

namespace {
constexpr int kStripSide = 56;
constexpr int kMinStripSide = 36;  // still readable; longer strips scroll
constexpr int kStripGap = 2;
}  // namespace

InterpolationView::InterpolationView(QWidget* parent) : QWidget(parent) {
  mJob = new AsyncJob(JobPolicy::Replace, this);
  auto* ends = new QGridLayout;
  for (int which = 0; which < 2; ++which) {
    auto* image = new QLabel;
    image->setFixedSize(72, 72);
    image->setAlignment(Qt::AlignCenter);
    image->setStyleSheet("QLabel { background: palette(base); border: 1px solid palette(mid); }");
    auto* caption = new QLabel(which == 0 ? tr("A: not set") : tr("B: not set"));
    caption->setWordWrap(true);
    auto* use = new QPushButton(which == 0 ? tr("Set A from current") : tr("Set B from current"));
    use->setToolTip(tr("Use the clicked point, or the marker's decoded code, as this end"));
    connect(use, &QPushButton::clicked, this, [this, which] { Q_EMIT endpointRequested(which); });
    ends->addWidget(image, 0, which * 2, 2, 1);
    ends->addWidget(caption, 0, which * 2 + 1);
    ends->addWidget(use, 1, which * 2 + 1);
    mEndpointImage[which] = image;
    mEndpointCaption[which] = caption;
  }
  auto* options = new QHBoxLayout;
  mSteps = new QSpinBox;
  mSteps->setRange(2, 32);
  mSteps->setValue(10);
  mSteps->setToolTip(tr("Images in the strip, both ends included"));
  mKind = new QComboBox;
  mKind->addItem(tr("Linear"));
  mKind->addItem(tr("Spherical (slerp)"));
  mKind->setToolTip(tr("Spherical keeps the code's length along the way: better for Gaussian codes (VAE)"));
  auto* run = new QPushButton(tr("Interpolate"));
  run->setShortcut(QKeySequence("Ctrl+I"));
  run->setToolTip(tr("Decode the path from A to B (Ctrl+I)"));
  mExport = new QPushButton(tr("Export strip…"));
  mExport->setEnabled(false);
  options->addWidget(new QLabel(tr("Steps")));
  options->addWidget(mSteps);
  options->addWidget(mKind);
  options->addWidget(run);
  options->addWidget(mExport);
  options->addStretch(1);
  mStrip = new QLabel(tr("Pick A and B: click a point on the map, then “Set A from current”; the same for B."));
  mStrip->setWordWrap(true);
  mStrip->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  auto* scroll = new QScrollArea;
  scroll->setWidget(mStrip);
  scroll->setWidgetResizable(true);
  scroll->setMinimumHeight(kStripSide + 30);
  mStripScroll = scroll;

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(ends);
  layout->addLayout(options);
  layout->addWidget(scroll);
  layout->addStretch(1);

  connect(run, &QPushButton::clicked, this, &InterpolationView::interpolateNow);
  connect(mExport, &QPushButton::clicked, this, [this] {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export strip"), "interpolation.png", tr("PNG image (*.png)"));
    if (!path.isEmpty() && !exportStrip(path))
      QMessageBox::warning(this, tr("Export strip"),
                           tr("Could not write %1; check that the folder is writable.").arg(path));
  });
}

void InterpolationView::setModel(ModelSnapshotPtr model) {
  const bool sameCode = model && mModel && model->codeSize() == mModel->codeSize();
  mModel = std::move(model);
  if (!sameCode) {
    for (int which = 0; which < 2; ++which) {
      mEndpoints[which].clear();
      mEndpointImage[which]->clear();
      mEndpointCaption[which]->setText(which == 0 ? tr("A: not set") : tr("B: not set"));
    }
  }
}

void InterpolationView::setEndpoint(int which, const std::vector<float>& code, const QImage& image,
                                    const QString& caption) {
  if (which < 0 || which > 1) return;
  mEndpoints[which] = code;
  mEndpointImage[which]->setPixmap(
      QPixmap::fromImage(image.scaled(70, 70, Qt::KeepAspectRatio, Qt::FastTransformation)));
  mEndpointCaption[which]->setText((which == 0 ? "A: " : "B: ") + caption);
}

void InterpolationView::setSteps(int steps) {
  mSteps->setValue(steps);
}
void InterpolationView::setSpherical(bool spherical) {
  mKind->setCurrentIndex(spherical ? 1 : 0);
}

bool InterpolationView::interpolateNow() {
  if (!mModel || mEndpoints[0].empty() || mEndpoints[1].empty() || mEndpoints[0].size() != mEndpoints[1].size()) {
    mStrip->setText(tr("Set both A and B first (click a point, then “Set A from current”)."));
    return false;
  }
  const int steps = mSteps->value();
  const int size = int(mEndpoints[0].size());
  std::vector<float> path =
      interpolate(mEndpoints[0].data(), mEndpoints[1].data(), size, steps,
                  mKind->currentIndex() == 1 ? InterpolationKind::Spherical : InterpolationKind::Linear);
  // The strip's decodes run on a worker; a newer request (another A, B or step count) replaces it.
  mJob->run([model = mModel, path, steps](const JobRun&) { return decodeToImages(*model, path.data(), steps); },
            [this, path, steps](std::vector<QImage> images) {
              mPath = path;
              mImages = std::move(images);
              showStrip();
              mExport->setEnabled(true);
              Q_EMIT pathComputed(mPath, steps);
            });
  return true;
}

// Shrinks the images (down to kMinStripSide) so the whole strip, both ends included, fits the panel.
void InterpolationView::showStrip() {
  if (mImages.empty()) return;
  const int count = int(mImages.size());
  // From this widget's width: on a resize the scroll area's own geometry may still be stale.
  const QMargins margins = layout()->contentsMargins();
  const int width = contentsRect().width() - margins.left() - margins.right() - 2 * mStripScroll->frameWidth() - 4;
  const int fit = (width + kStripGap) / count - kStripGap;
  mStrip->setPixmap(QPixmap::fromImage(composeStrip(mImages, std::clamp(fit, kMinStripSide, kStripSide), kStripGap)));
}

void InterpolationView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  showStrip();
}

bool InterpolationView::exportStrip(const QString& path) const {
  if (mImages.empty()) return false;
  const int side = std::max(mImages.front().width() * 4, 56);  // crisp pixel art at 4x
  return composeStrip(mImages, side, 4).save(path);
}

}  // namespace latentlab
