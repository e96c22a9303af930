#include "training/reconstructionfilm.h"

#include "common/imageconversion.h"

#include <QPaintEvent>
#include <QPainter>

#include <algorithm>

namespace latentlab {

namespace {
constexpr int kLabelWidth = 72;
constexpr int kGap = 4;

QVector<QImage> imagesOf(const std::vector<std::uint8_t>& bytes, const ImageShape& shape, int count) {
  QVector<QImage> images;
  if (bytes.size() < std::size_t(count) * shape.pixelCount()) return images;
  for (int i = 0; i < count; ++i) images.push_back(toQImage(bytes.data() + std::size_t(i) * shape.pixelCount(), shape));
  return images;
}
}  // namespace

ReconstructionFilm::ReconstructionFilm(QWidget* parent) : QWidget(parent) {
  setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
  setToolTip(tr("The same validation images after every epoch; scroll to replay training."));
}

void ReconstructionFilm::clear() {
  mRows.clear();
  mEpochRows = 0;
  mColumns = 0;
  updateGeometry();
  update();
}

int ReconstructionFilm::naturalCellSize() const {
  // Small images are shown at an integer zoom so digits stay crisp.
  return mImageSide <= 32 ? mImageSide * 2 : std::min(mImageSide, 96);
}

int ReconstructionFilm::cellSize() const {
  // Shrink towards 1x zoom when the panel is narrow, so all samples stay in view.
  const int natural = naturalCellSize();
  if (mColumns == 0) return natural;
  const int fitted = (width() - kLabelWidth) / mColumns - kGap;
  return std::clamp(fitted, std::min(mImageSide, natural), natural);
}

void ReconstructionFilm::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  if (cellSize() != mLaidOutCell) {
    mLaidOutCell = cellSize();
    updateGeometry();  // the height follows the cell size
  }
}

void ReconstructionFilm::setSamplesFilm(bool samples) {
  mSamples = samples;
  setToolTip(samples ? tr("Samples from the same fixed latent vectors z after every epoch; scroll to replay training.")
                     : tr("The same validation images after every epoch; scroll to replay training."));
  update();
}

void ReconstructionFilm::setHeader(const QVector<QImage>& inputs, const QVector<QImage>& targets) {
  // A GAN's film has nothing to compare with: its rows are samples only.
  if (!mRows.isEmpty() || targets.isEmpty()) return;
  const bool showInputs = !inputs.isEmpty() && inputs != targets;
  if (showInputs) mRows.push_back({tr("input"), inputs});
  mRows.push_back({tr("original"), targets});
}

void ReconstructionFilm::addRow(const QString& label, const QVector<QImage>& images) {
  mRows.push_back({label, images});
  mColumns = std::max(mColumns, int(images.size()));
  mLaidOutCell = cellSize();
  updateGeometry();
  update();
}

void ReconstructionFilm::addFrame(const FilmFrame& frame) {
  if (frame.count == 0) return;
  mImageSide = frame.shape.height;
  setHeader(imagesOf(frame.originals, frame.inputShape, frame.count),
            imagesOf(frame.targets, frame.shape, frame.count));
  ++mEpochRows;
  addRow(tr("epoch %1").arg(frame.epoch), imagesOf(frame.reconstructions, frame.shape, frame.count));
}

bool ReconstructionFilm::addStrip(int epoch, const QImage& strip, const ImageShape& cell) {
  if (strip.isNull() || cell.height <= 0 || strip.height() % cell.height != 0 || strip.width() % cell.width != 0)
    return false;
  const int rows = strip.height() / cell.height;
  const int columns = strip.width() / cell.width;
  if (rows < 1 || rows > 3) return false;
  auto row = [&](int index) {
    QVector<QImage> images;
    for (int column = 0; column < columns; ++column)
      images.push_back(strip.copy(column * cell.width, index * cell.height, cell.width, cell.height));
    return images;
  };
  mImageSide = cell.height;
  // Layout written by core/run/filmstrip: [targets, reconstructions], [inputs, reconstructions, targets],
  // or a GAN's single row of samples.
  if (rows == 3)
    setHeader(row(0), row(2));
  else if (rows == 2)
    setHeader({}, row(0));
  ++mEpochRows;
  addRow(tr("epoch %1").arg(epoch), row(rows == 1 ? 0 : 1));
  return true;
}

QSize ReconstructionFilm::sizeHint() const {
  return QSize(kLabelWidth + mColumns * (naturalCellSize() + kGap),
               std::max(1, int(mRows.size())) * (cellSize() + kGap) + kGap);
}

QSize ReconstructionFilm::minimumSizeHint() const {
  return QSize(kLabelWidth + mColumns * (std::min(mImageSide, naturalCellSize()) + kGap), sizeHint().height());
}

void ReconstructionFilm::paintEvent(QPaintEvent* event) {
  QPainter painter(this);
  painter.fillRect(event->rect(), palette().base());
  if (mRows.isEmpty()) {
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(
        rect(), Qt::AlignCenter,
        mSamples ? tr("Samples appear here after each epoch.") : tr("Reconstructions appear here after each epoch."));
    return;
  }
  const int cell = cellSize();
  painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
  for (int r = 0; r < mRows.size(); ++r) {
    const int top = kGap + r * (cell + kGap);
    if (top > event->rect().bottom() || top + cell < event->rect().top()) continue;
    const bool header = r < mRows.size() - mEpochRows;
    painter.setPen(header ? palette().color(QPalette::Text) : palette().color(QPalette::PlaceholderText));
    QFont font = painter.font();
    font.setBold(header);
    painter.setFont(font);
    painter.drawText(QRect(4, top, kLabelWidth - 8, cell), Qt::AlignVCenter | Qt::AlignRight, mRows[r].label);
    for (int c = 0; c < mRows[r].images.size(); ++c)
      painter.drawImage(QRect(kLabelWidth + c * (cell + kGap), top, cell, cell), mRows[r].images[c]);
  }
}

}  // namespace latentlab
