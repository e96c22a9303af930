#include "common/imagebox.h"

#include <QPixmap>

namespace latentlab {

QLabel* makeImageBox(int side) {
  auto* label = new QLabel;
  label->setFixedSize(side, side);
  label->setAlignment(Qt::AlignCenter);
  label->setStyleSheet("QLabel { background: palette(base); border: 1px solid palette(mid); }");
  return label;
}

void showInImageBox(QLabel* box, const QImage& image) {
  if (image.isNull()) {
    box->clear();
    return;
  }
  box->setPixmap(
      QPixmap::fromImage(image.scaled(box->size() - QSize(2, 2), Qt::KeepAspectRatio, Qt::FastTransformation)));
}

}  // namespace latentlab
