#pragma once

#include "data/datasetstats.h"
#include "mainwindow/panel.h"
#include "session/session.h"

class QComboBox;
class QCustomPlot;
class QGridLayout;
class QLabel;
class QListView;

namespace latentlab {

class AsyncJob;
class ThumbnailModel;

// The Data tab: a virtualized thumbnail grid with a class filter, the label
// histogram, the mean image, counts and split sizes, and clean | corrupted
// pairs for the corruption chosen for training.
class DatasetPanel : public Panel {
  Q_OBJECT
public:
  explicit DatasetPanel(Session* session, QWidget* parent = nullptr);

  QString panelTitle() const override { return tr("Data"); }
  QString panelId() const override { return "data"; }
  QCustomPlot* exportablePlot() override;

  ThumbnailModel* thumbnails() const { return mThumbnails; }
  QListView* grid() const { return mGrid; }
  QComboBox* classFilter() const { return mClassFilter; }
  int previewPairCount() const { return mPreviewCount; }
  QString infoText() const;

private:
  void onDatasetChanged();
  void showStats(const DatasetStats& stats);
  void showSelected(std::size_t datasetIndex);
  void refreshSplitInfo();
  void refreshCorruptionPreview();

  Session* mSession;
  ThumbnailModel* mThumbnails = nullptr;
  QListView* mGrid = nullptr;
  QComboBox* mClassFilter = nullptr;
  QLabel* mCount = nullptr;
  QLabel* mSelectedImage = nullptr;
  QLabel* mSelectedCaption = nullptr;
  QCustomPlot* mHistogram = nullptr;
  QLabel* mMeanImage = nullptr;
  QLabel* mInfo = nullptr;
  QLabel* mCorruptionCaption = nullptr;
  QGridLayout* mPreviewGrid = nullptr;
  QWidget* mPreviewHost = nullptr;
  int mPreviewCount = 0;
  AsyncJob* mStatsJob = nullptr;
};

}  // namespace latentlab
