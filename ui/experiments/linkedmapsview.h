#pragma once

// Two runs' latent maps side by side over the same test items: hovering a point marks
// the same item in both maps, and painting over points (left-drag) selects them in both,
// the rest greyed, so a user sees where one model's clusters land in the other's map.

#include "latent/linkedmaps.h"

#include <QStringList>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace latentlab {

class AsyncJob;
class JobProgress;
class LatentMapView;
class Session;

class LinkedMapsView : public QWidget {
  Q_OBJECT
public:
  explicit LinkedMapsView(Session* session, QWidget* parent = nullptr);

  // The runs to link (the first two are mapped); computed when shown.
  void setRuns(const QStringList& runDirs);
  QStringList runs() const { return mRuns; }
  void compute();
  bool isComputing() const;

  LatentMapView* map(int side) const { return mMaps[std::size_t(side)]; }
  // Linking, by item (the point's row, the same in both maps).
  void hoverItem(long item);
  void selectItems(const std::vector<long>& items, bool add = false);
  void clearSelection();
  std::vector<long> selectedItems() const;
  long hoveredItem() const { return mHovered; }
  std::size_t itemCount() const { return mMapped.indices.size(); }

protected:
  void showEvent(QShowEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  void apply(LinkedMaps maps);
  void paintSelection(int side, double x, double y);
  void recolor();

  Session* mSession;
  AsyncJob* mJob;
  QStringList mRuns;
  bool mStale = true;
  LinkedMaps mMapped;
  std::vector<bool> mSelected;
  long mHovered = -1;
  bool mPainting = false;  // a plain left press on a map started painting a selection

  LatentMapView* mMaps[2] = {nullptr, nullptr};
  QLabel* mTitles[2] = {nullptr, nullptr};
  QComboBox* mMethod = nullptr;
  QSpinBox* mPoints = nullptr;
  QPushButton* mClear = nullptr;
  QLabel* mStatus = nullptr;
  JobProgress* mProgress = nullptr;
};

}  // namespace latentlab
