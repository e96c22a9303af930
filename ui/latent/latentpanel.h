#pragma once

#include "latent/mapcomputation.h"
#include "mainwindow/panel.h"
#include "session/session.h"

#include <QImage>

#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QTabWidget;

namespace latentlab {

class DimensionSliders;
class ErrorReporter;
class GenerationView;
class InspectorView;
class InterpolationView;
class LatentMapView;

// The Latent map tab: encode a split with the current weights, project it (PCA,
// t-SNE, or the code itself when it is 2-D), and explore: hover, click to
// decode anywhere, slide dimensions, interpolate, generate, replay epochs, export.
class LatentPanel : public Panel {
  Q_OBJECT
public:
  LatentPanel(Session* session, ErrorReporter* errors, QWidget* parent = nullptr);
  ~LatentPanel() override;

  QString panelTitle() const override { return tr("Latent map"); }
  QString panelId() const override { return "latent"; }
  QCustomPlot* exportablePlot() override;

  // Encodes and projects with the session's snapshot; false (with the reason shown) when it cannot.
  bool computeMap();
  void setMethod(MapMethod method);
  void setPointLimit(int points);
  // Decodes at a map position as a click there would.
  void decodeAt(double x, double y);
  void selectItem(long row);  // as a click on the row-th point
  // The map position halfway between the centres of two classes (for demos and tests); false if either is absent.
  bool classMidpoint(std::int64_t a, std::int64_t b, double& x, double& y) const;
  // The first map point (row) labelled `label`; -1 when the map has none.
  long firstRowOfClass(std::int64_t label) const;
  // As a user would: select point rowA, "Set A from current"; the same for B; then a linear
  // interpolation of `steps` images, drawn as a path on the map. False when it cannot run.
  bool interpolateBetweenItems(long rowA, long rowB, int steps);
  // Brings one of the side tools (inspector(), sliders(), interpolation(), generation()) to the front.
  void showSideTab(QWidget* tool);
  QWidget* currentSideTab() const;

  LatentMapView* mapView() const { return mMap; }
  MapComputation* computation() const { return mComputation; }
  MapResultPtr currentResult() const { return mResult; }
  int historySize() const { return int(mHistory.size()); }
  InspectorView* inspector() const { return mInspector; }
  DimensionSliders* sliders() const { return mSliders; }
  InterpolationView* interpolation() const { return mInterpolation; }
  GenerationView* generation() const { return mGeneration; }
  QListWidget* legend() const { return mLegend; }
  QSlider* epochSlider() const { return mEpochSlider; }
  const std::vector<float>& currentCode() const { return mCurrentCode; }
  QString statusText() const;
  bool exportCodes(const QString& file, QString* error);
  bool exportProjectorFiles(const QString& folder, QString* error);

private:
  QWidget* buildControls();
  bool requestMap(bool supersede);
  void followWithMap();  // "Follow training": a map of the new weights when they fit the dataset
  void onSnapshotChanged();
  void onDatasetChanged();
  void onProgress(const QString& stage, double fraction);
  void onLayout(const std::vector<float>& xy);
  void onFinished(MapResultPtr result);
  void showResult(const MapResultPtr& result, bool keepView);
  void refreshLegend();
  void refreshColors();
  void refreshAtlas();
  void onHover(long row);
  void onProbeChanged();
  void placeMarkerForCode(const std::vector<float>& code);
  // Map positions (count x 2) of codes that are not in the map: out-of-sample placement.
  std::vector<float> placeCodes(const std::vector<float>& codes, int count) const;
  void setCurrent(const std::vector<float>& code, const QImage& image, const QString& caption);
  void useCurrentAsEndpoint(int which);
  std::vector<std::size_t> mapIndices() const;
  QImage itemImage(std::size_t datasetIndex) const;
  QString itemCaption(std::size_t datasetIndex) const;

  Session* mSession;
  ErrorReporter* mErrors;
  MapComputation* mComputation = nullptr;
  LatentMapView* mMap = nullptr;
  QComboBox* mMethod = nullptr;
  QComboBox* mPointsFrom = nullptr;
  QSpinBox* mPoints = nullptr;
  QDoubleSpinBox* mPerplexity = nullptr;
  QPushButton* mCompute = nullptr;
  QPushButton* mCancel = nullptr;
  QProgressBar* mProgress = nullptr;
  QLabel* mStatus = nullptr;
  QComboBox* mColorBy = nullptr;
  QCheckBox* mFollow = nullptr;
  QCheckBox* mAtlas = nullptr;
  QListWidget* mLegend = nullptr;
  QSlider* mEpochSlider = nullptr;
  QLabel* mEpochLabel = nullptr;
  QTabWidget* mTools = nullptr;
  InspectorView* mInspector = nullptr;
  DimensionSliders* mSliders = nullptr;
  InterpolationView* mInterpolation = nullptr;
  GenerationView* mGeneration = nullptr;

  MapResultPtr mResult;
  std::vector<MapResultPtr> mHistory;  // one map per epoch, for the replay slider
  std::vector<std::size_t> mPendingIndices;
  std::vector<float> mCurrentCode;
  QImage mCurrentImage;
  QString mCurrentCaption;
  bool mUpdating = false;
};

}  // namespace latentlab
