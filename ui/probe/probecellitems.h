#pragma once

// The items of one confusion cell: what the cell holds, up to kMaxShown of its
// test items as original | reconstruction (reconstructed off the GUI thread with
// the probed weights), and "Show on latent map".

#include "data/dataset.h"
#include "inference/modelsnapshot.h"

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;

namespace latentlab {

class AsyncJob;
class ProbeItemsView;

class ProbeCellItems : public QWidget {
  Q_OBJECT
public:
  static constexpr int kMaxShown = 48;

  explicit ProbeCellItems(QWidget* parent = nullptr);

  // Lists the cell's items (dataset indices; the first kMaxShown shown) described by `title`,
  // reconstructed with `snapshot` (none: originals only).
  void showCell(const QString& title, const std::vector<std::size_t>& items, const QString& itemTooltip,
                DatasetPtr dataset, ModelSnapshotPtr snapshot);
  void clear(const QString& message);

  const std::vector<std::size_t>& cellItems() const { return mItems; }
  ProbeItemsView* view() const { return mView; }
  AsyncJob* decoding() const { return mDecoding; }
  QPushButton* showOnMapButton() const { return mShowOnMap; }
  QString titleText() const;

Q_SIGNALS:
  void showOnMapRequested();

private:
  QLabel* mTitle = nullptr;
  QPushButton* mShowOnMap = nullptr;
  ProbeItemsView* mView = nullptr;
  AsyncJob* mDecoding = nullptr;
  std::vector<std::size_t> mItems;
};

}  // namespace latentlab
