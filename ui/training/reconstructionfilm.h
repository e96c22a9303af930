#pragma once

#include "data/dataset.h"
#include "train/trainingevents.h"

#include <QImage>
#include <QString>
#include <QVector>
#include <QWidget>

namespace latentlab {

// The same validation images reconstructed after every epoch: the inputs (and
// clean targets when they differ) on top, then one row per epoch, so a user
// watches the digits sharpen. A GAN's film has no header: one row of samples from
// the same fixed z per epoch. Put it in a QScrollArea.
class ReconstructionFilm : public QWidget {
  Q_OBJECT
public:
  explicit ReconstructionFilm(QWidget* parent = nullptr);

  void clear();
  // Words the empty film and its tooltip for a GAN's samples (true) or reconstructions.
  void setSamplesFilm(bool samples);
  bool isSamplesFilm() const { return mSamples; }
  void addFrame(const FilmFrame& frame);
  // A saved run's samples/epoch-NNNN.png; `cell` is one image's shape (from spec.json).
  bool addStrip(int epoch, const QImage& strip, const ImageShape& cell);

  int frameCount() const { return mEpochRows; }
  int headerRowCount() const { return int(mRows.size()) - mEpochRows; }
  QString rowLabel(int row) const { return row < mRows.size() ? mRows[row].label : QString(); }
  int rowImageCount(int row) const { return row < mRows.size() ? int(mRows[row].images.size()) : 0; }
  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

protected:
  void paintEvent(QPaintEvent* event) override;
  void resizeEvent(QResizeEvent* event) override;

private:
  struct Row {
    QString label;
    QVector<QImage> images;
  };
  void setHeader(const QVector<QImage>& inputs, const QVector<QImage>& targets);
  void addRow(const QString& label, const QVector<QImage>& images);
  int naturalCellSize() const;
  int cellSize() const;  // the zoomed image side that fits the current width

  QVector<Row> mRows;
  int mEpochRows = 0;
  int mColumns = 0;
  int mImageSide = 28;
  int mLaidOutCell = 0;
  bool mSamples = false;
};

}  // namespace latentlab
