#include "playground/imagetile.h"

#include <QLabel>
#include <QVBoxLayout>

namespace latentlab {

ImageTile::ImageTile(int side, const QString& caption, QWidget* parent) : QWidget(parent), mSide(side) {
  mPicture = new QLabel;
  mPicture->setAlignment(Qt::AlignCenter);
  mPicture->setFrameShape(QFrame::StyledPanel);
  mCaption = new QLabel(caption);
  mCaption->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
  mCaption->setWordWrap(true);
  QFont small = mCaption->font();
  small.setPointSizeF(small.pointSizeF() * 0.9);
  mCaption->setFont(small);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(2);
  layout->addWidget(mPicture, 0, Qt::AlignHCenter);
  layout->addWidget(mCaption);
  refresh();
}

void ImageTile::setImage(const QImage& image, const QString& caption) {
  mImage = image;
  if (!caption.isNull()) mCaption->setText(caption);
  refresh();
}

void ImageTile::setCaption(const QString& caption) {
  mCaption->setText(caption);
}

QString ImageTile::caption() const {
  return mCaption->text();
}

void ImageTile::setSide(int side) {
  mSide = side;
  refresh();
}

void ImageTile::setCaptionWidth(int pixels) {
  mCaptionWidth = pixels;
  refresh();
}

void ImageTile::refresh() {
  mPicture->setFixedSize(mSide + 2, mSide + 2);
  mCaption->setFixedWidth(std::max(mSide + 2, mCaptionWidth));
  if (mImage.isNull()) {
    mPicture->setPixmap(QPixmap());
    return;
  }
  const QImage scaled =
      mImage.scaled(mSide, mSide, Qt::KeepAspectRatio, mSmooth ? Qt::SmoothTransformation : Qt::FastTransformation);
  mPicture->setPixmap(QPixmap::fromImage(scaled));
}

}  // namespace latentlab
