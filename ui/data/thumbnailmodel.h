#pragma once

#include "data/dataset.h"

#include <QAbstractListModel>
#include <QCache>
#include <QPixmap>

namespace latentlab {

// The dataset as a list of thumbnails for a QListView. Pixmaps are made only
// when a row becomes visible and kept in a bounded cache, so 70,000 images
// scroll smoothly without converting them all up front.
class ThumbnailModel : public QAbstractListModel {
  Q_OBJECT
public:
  static constexpr int DatasetIndexRole = Qt::UserRole + 1;
  static constexpr int LabelRole = Qt::UserRole + 2;

  explicit ThumbnailModel(QObject* parent = nullptr);

  void setDataset(DatasetPtr dataset);
  // Show only one class (-1: all).
  void setClassFilter(int label);
  int classFilter() const { return mClassFilter; }
  DatasetPtr dataset() const { return mDataset; }
  int thumbnailSide() const { return mThumbnailSide; }
  std::size_t datasetIndex(int row) const { return mRows.at(row); }
  int pixmapsMade() const { return mPixmapsMade; }

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role) const override;

private:
  void rebuildRows();

  DatasetPtr mDataset;
  std::vector<std::size_t> mRows;
  int mClassFilter = -1;
  int mThumbnailSide = 56;
  mutable QCache<std::size_t, QPixmap> mCache{6000};
  mutable int mPixmapsMade = 0;
};

}  // namespace latentlab
