#include "data/thumbnailmodel.h"

#include "common/imageconversion.h"

namespace latentlab {

ThumbnailModel::ThumbnailModel(QObject* parent) : QAbstractListModel(parent) {}

void ThumbnailModel::setDataset(DatasetPtr dataset) {
  beginResetModel();
  mDataset = std::move(dataset);
  mClassFilter = -1;
  mCache.clear();
  if (mDataset) {
    const int side = std::max(mDataset->shape.height, mDataset->shape.width);
    mThumbnailSide = side <= 32 ? side * 2 : std::min(side, 96);
  }
  rebuildRows();
  endResetModel();
}

void ThumbnailModel::setClassFilter(int label) {
  beginResetModel();
  mClassFilter = label;
  rebuildRows();
  endResetModel();
}

void ThumbnailModel::rebuildRows() {
  mRows.clear();
  if (!mDataset) return;
  mRows.reserve(mDataset->size());
  for (std::size_t i = 0; i < mDataset->size(); ++i)
    if (mClassFilter < 0 || mDataset->labels[i] == mClassFilter) mRows.push_back(i);
}

int ThumbnailModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(mRows.size());
}

QVariant ThumbnailModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= int(mRows.size())) return {};
  const std::size_t item = mRows[std::size_t(index.row())];
  const auto label = mDataset->labels[item];
  switch (role) {
    case Qt::DecorationRole: {
      if (QPixmap* cached = mCache.object(item)) return *cached;
      const QImage image = datasetImage(*mDataset, item)
                               .scaled(mThumbnailSide, mThumbnailSide, Qt::KeepAspectRatio, Qt::FastTransformation);
      auto* pixmap = new QPixmap(QPixmap::fromImage(image));
      ++mPixmapsMade;
      const QPixmap copy = *pixmap;
      mCache.insert(item, pixmap);
      return copy;
    }
    case Qt::ToolTipRole: {
      const QString name = label < std::int64_t(mDataset->classNames.size())
                               ? QString::fromStdString(mDataset->classNames[std::size_t(label)])
                               : QString::number(label);
      return tr("#%1 · %2").arg(item).arg(name);
    }
    case DatasetIndexRole:
      return qulonglong(item);
    case LabelRole:
      return qlonglong(label);
    case Qt::SizeHintRole:
      return QSize(mThumbnailSide + 4, mThumbnailSide + 4);
    default:
      return {};
  }
}

}  // namespace latentlab
