#include "latent/inspectorview.h"

#include "common/imagebox.h"

#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QVBoxLayout>

namespace latentlab {

namespace {
constexpr int kNeighboursPerRow = 4;  // two rows of four keep the side panel narrow

QString kDecodedHint() {
  return InspectorView::tr("Click or drag on the map to decode any point of the latent space.");
}
QString kItemHint() {
  return InspectorView::tr("Click a point: its image, reconstruction and nearest neighbours in latent space.");
}

}  // namespace

InspectorView::InspectorView(QWidget* parent) : QWidget(parent) {
  auto* decodedBox = new QGroupBox(tr("Decoded at the marker"));
  auto* decodedLayout = new QHBoxLayout(decodedBox);
  mDecodedLabel = makeImageBox(132);
  auto* decodedText = new QVBoxLayout;
  mDecodedCaption = new QLabel(kDecodedHint());
  mDecodedCaption->setWordWrap(true);
  // Long codes wrap inside the panel; they never widen it (which would move the map under the cursor).
  mDecodedCaption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  mDecodedCaption->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mConfidence = new QProgressBar;
  mConfidence->setRange(0, 100);
  mConfidence->setFormat(tr("inside the data: %p%"));
  mConfidence->setToolTip(tr("How close the marker is to encoded data. Low: the decoder is extrapolating."));
  decodedText->addWidget(mDecodedCaption, 1);
  decodedText->addWidget(mConfidence);
  decodedLayout->addWidget(mDecodedLabel);
  decodedLayout->addLayout(decodedText, 1);

  auto* itemBox = new QGroupBox(tr("Clicked item"));
  auto* itemLayout = new QVBoxLayout(itemBox);
  auto* pair = new QHBoxLayout;
  mOriginal = makeImageBox(84);
  mReconstruction = makeImageBox(84);
  mItemCaption = new QLabel(kItemHint());
  mItemCaption->setWordWrap(true);
  mItemCaption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  pair->addWidget(mOriginal);
  pair->addWidget(mReconstruction);
  pair->addWidget(mItemCaption, 1);
  itemLayout->addLayout(pair);
  mNeighbourHost = new QWidget;
  new QGridLayout(mNeighbourHost);
  itemLayout->addWidget(mNeighbourHost);

  auto* hoverBox = new QGroupBox(tr("Under the mouse"));
  auto* hoverLayout = new QHBoxLayout(hoverBox);
  mHoverImage = makeImageBox(56);
  mHoverCaption = new QLabel(tr("Hover a point."));
  hoverLayout->addWidget(mHoverImage);
  hoverLayout->addWidget(mHoverCaption, 1);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(decodedBox);
  layout->addWidget(itemBox);
  layout->addWidget(hoverBox);
  layout->addStretch(1);
}

void InspectorView::showDecoded(const QImage& image, const QString& codeText, double confidence, const QString& where) {
  mDecoded = image;
  showInImageBox(mDecodedLabel, image);
  mDecodedCaption->setText(where + "\n" + tr("code %1").arg(codeText));
  mConfidence->setValue(int(std::lround(std::clamp(confidence, 0.0, 1.0) * 100)));
}

QString InspectorView::itemCaption() const {
  return mItemCaption->text();
}

QString InspectorView::confidenceText() const {
  return mConfidence->text();
}

void InspectorView::showItem(const QImage& original, const QImage& reconstruction, const QString& caption,
                             const std::vector<QImage>& neighbours, const QStringList& neighbourCaptions) {
  mItem = original;
  showInImageBox(mOriginal, original);
  showInImageBox(mReconstruction, reconstruction);
  mItemCaption->setText(caption);
  clearNeighbours();
  auto* grid = static_cast<QGridLayout*>(mNeighbourHost->layout());
  for (std::size_t i = 0; i < neighbours.size(); ++i) {
    QLabel* label = makeImageBox(48);
    showInImageBox(label, neighbours[i]);
    if (int(i) < neighbourCaptions.size()) label->setToolTip(neighbourCaptions[int(i)]);
    grid->addWidget(label, int(i) / kNeighboursPerRow, int(i) % kNeighboursPerRow);
  }
}

void InspectorView::showHover(const QImage& image, const QString& caption) {
  mHover = image;
  showInImageBox(mHoverImage, image);
  mHoverCaption->setText(caption);
}

void InspectorView::clearNeighbours() {
  auto* grid = static_cast<QGridLayout*>(mNeighbourHost->layout());
  while (QLayoutItem* item = grid->takeAt(0)) {
    delete item->widget();
    delete item;
  }
}

void InspectorView::clear() {
  for (QLabel* label : {mDecodedLabel, mOriginal, mReconstruction, mHoverImage}) label->clear();
  mDecoded = QImage();
  mItem = QImage();
  mHover = QImage();
  mConfidence->setValue(0);
  mDecodedCaption->setText(kDecodedHint());
  mItemCaption->setText(kItemHint());
  mHoverCaption->setText(tr("Hover a point."));
  clearNeighbours();
}

}  // namespace latentlab
