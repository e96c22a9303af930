#pragma once

#include "inference/modelsnapshot.h"
#include "latent/latentstats.h"

#include <QWidget>

#include <optional>
#include <vector>

class QComboBox;
class QGridLayout;
class QLabel;
class QSlider;

namespace latentlab {

class AsyncJob;

// One slider per latent dimension, each spanning the data's 1st..99th
// percentile; dragging decodes live. Reset returns to the starting code, Snap
// jumps to the nearest encoded sample. A traversal grid sweeps two dimensions.
class DimensionSliders : public QWidget {
  Q_OBJECT
public:
  static constexpr int kMaxSliders = 64;

  explicit DimensionSliders(QWidget* parent = nullptr);

  void setModel(ModelSnapshotPtr model, std::vector<DimensionRange> ranges);
  // The code the sliders start from (a clicked point or the marker).
  void setStartCode(const std::vector<float>& code);
  // A VAE's use of each dimension: KL beside each name, inactive ones greyed, a summary line.
  // Call after setModel; std::nullopt (an AE) hides it.
  void setUsage(const std::optional<DimensionUsage>& usage);
  QString usageText() const;
  QString dimensionLabel(int dimension) const;
  std::vector<float> code() const { return mCode; }
  int sliderCount() const { return int(mSliders.size()); }
  QSlider* slider(int dimension) const { return mSliders.at(std::size_t(dimension)); }
  QImage decodedImage() const { return mDecoded; }
  QImage traversalImage() const { return mTraversal; }
  AsyncJob* traversalJob() const { return mTraversalJob; }

Q_SIGNALS:
  void codeEdited(const std::vector<float>& code);  // live while dragging
  void snapRequested(const std::vector<float>& code);

private:
  void rebuild();
  void onSlider(int dimension, int position);
  void refreshImage();
  void refreshTraversal();
  float valueAt(int dimension, int position) const;
  int positionOf(int dimension, float value) const;

  ModelSnapshotPtr mModel;
  std::vector<DimensionRange> mRanges;
  std::vector<float> mStart;
  std::vector<float> mCode;
  std::vector<QSlider*> mSliders;
  std::vector<QLabel*> mValues;
  std::vector<QLabel*> mNames;
  QLabel* mUsage = nullptr;
  QGridLayout* mGrid = nullptr;
  QLabel* mImage = nullptr;
  QLabel* mNote = nullptr;
  QComboBox* mDimA = nullptr;
  QComboBox* mDimB = nullptr;
  QLabel* mTraversalLabel = nullptr;
  QImage mDecoded;
  QImage mTraversal;
  AsyncJob* mTraversalJob = nullptr;
  bool mUpdating = false;
};

}  // namespace latentlab
