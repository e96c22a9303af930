#pragma once

#include <QImage>
#include <QWidget>

class QLabel;

namespace latentlab {

// One image shown at a fixed size (nearest-neighbour: pixels stay visible)
// with a caption below; empty shows a placeholder frame.
class ImageTile : public QWidget {
  Q_OBJECT
public:
  explicit ImageTile(int side = 112, const QString& caption = {}, QWidget* parent = nullptr);

  void setImage(const QImage& image, const QString& caption = QString());
  void setCaption(const QString& caption);
  void setSide(int side);
  void setSmooth(bool smooth) { mSmooth = smooth; }
  // At least this wide for the caption (default 120 pixels), so short lines do not wrap.
  void setCaptionWidth(int pixels);
  QImage image() const { return mImage; }
  QString caption() const;

private:
  void refresh();

  QLabel* mPicture = nullptr;
  QLabel* mCaption = nullptr;
  QImage mImage;
  int mSide;
  int mCaptionWidth = 120;
  bool mSmooth = false;
};

}  // namespace latentlab
