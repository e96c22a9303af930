#pragma once

#include "latent/latentmapstate.h"
#include "mainwindow/panel.h"
#include "session/session.h"

#include <QImage>

#include <vector>

class QLabel;
class QListWidget;
class QSlider;
class QTabWidget;

namespace latentlab {

class AsyncJob;
class DimensionSliders;
class ErrorReporter;
class GenerationView;
class InspectorView;
class InterpolationView;
class LatentMapView;
class MapAtlas;
class MapToolbar;
class RealImageView;

// The Latent map tab: encode a split with the current weights, project it (PCA,
// t-SNE, or the code itself when it is 2-D), and explore: hover, click to
// decode anywhere, slide dimensions, interpolate, generate, replay epochs, export.
// For a GAN (no encoder) the map shows z samples of the generator coloured by its
// classifier, and real images are placed by fitting z (the Real image tool).
// It wires the parts: the toolbar, the view, the legend and replay slider, the
// side tools, and the map computation (core's computeMap through an AsyncJob).
class LatentPanel : public Panel {
  Q_OBJECT
public:
  LatentPanel(Session* session, ErrorReporter* errors, QWidget* parent = nullptr);

  QString panelTitle() const override { return tr("Latent map"); }
  QString panelId() const override { return "latent"; }
  QCustomPlot* exportablePlot() override;

  // Encodes and projects with the session's snapshot; false (with the reason shown) when it cannot.
  bool computeMap();
  // Decodes at a map position as a click there would.
  void decodeAt(double x, double y);
  void selectItem(long row);  // as a click on the row-th point
  // The map position halfway between the centres of two classes; false if either is absent.
  bool classMidpoint(std::int64_t a, std::int64_t b, double& x, double& y) const;
  // The first map point (row) labelled `label`; -1 when the map has none.
  long firstRowOfClass(std::int64_t label) const;
  // As a user would: select point rowA, "Set A from current"; the same for B; then a linear
  // interpolation of `steps` images, drawn as a path on the map. False when it cannot run.
  bool interpolateBetweenItems(long rowA, long rowB, int steps);
  // Brings one of the side tools (inspector(), sliders(), interpolation(), generation()) to the front.
  void showSideTab(QWidget* tool);
  QWidget* currentSideTool() const;

  const LatentMapState& state() const { return mState; }
  MapResultPtr currentResult() const { return mState.current(); }
  AsyncJob* mapJob() const { return mMapJob; }
  MapToolbar* toolbar() const { return mToolbar; }
  LatentMapView* mapView() const { return mMap; }
  InspectorView* inspector() const { return mInspector; }
  DimensionSliders* sliders() const { return mSliders; }
  InterpolationView* interpolation() const { return mInterpolation; }
  GenerationView* generation() const { return mGeneration; }
  RealImageView* realImages() const { return mRealImages; }
  // The map shows a GAN's generated samples (not dataset items).
  bool showsGeneratedMap() const;
  // The image and caption of a map point: the dataset item's, or a GAN sample's G(z).
  QImage pointImage(long row) const;
  QString pointCaption(long row) const;
  QString statusText() const;
  bool exportCodes(const QString& file, QString* error);
  bool exportProjectorFiles(const QString& folder, QString* error);

private:
  QWidget* buildMapArea();
  QWidget* buildSideTools();
  void connectParts();
  bool requestMap(bool userRequest);
  void followWithMap();  // "Follow training": a map of the new weights when they fit the dataset
  void onSnapshotChanged();
  void onDatasetChanged();
  void onRunChanged();
  void refreshReplay();
  // The weights of the map shown (a replayed epoch's), else the session's.
  ModelSnapshotPtr mapSnapshot() const;
  void useMapWeights();
  // `labels` colour the forming layout; `indices` are dataset items (empty for generated points).
  void onLayout(const std::vector<std::int64_t>& labels, const std::vector<std::size_t>& indices,
                const std::vector<float>& xy, MapMethod method);
  void onMapFinished(MapResultPtr result);
  void showMap(bool keepView);
  void setAxisLabels(MapMethod method);
  void refreshLegend();
  void refreshColors();
  void refreshAtlas();
  void onHover(long row);
  void onProbeChanged();
  void placeMarkerForCode(const std::vector<float>& code);
  void placeProbe();  // the drawing's diamond where the current map places its code
  void onHighlightsChanged();
  // Rings around the Session's highlighted items among these map points (dataset indices, count x 2 positions).
  // Returns how many are on the map.
  std::size_t placeHighlights(const std::vector<std::size_t>& indices, const std::vector<float>& xy);
  // Map positions (count x 2) of codes that are not in the map: out-of-sample placement.
  std::vector<float> placeCodes(const std::vector<float>& codes, int count) const;
  void useCurrentAsEndpoint(int which);
  void adaptToModelKind(const ModelSnapshotPtr& snapshot);  // GAN or autoencoder: what the tab offers
  void placeRealImages();                                   // the real images' fitted z, placed on the current map
  void onRealImageChosen(int row);                          // marks it, inspects it and makes it the current code
  QStringList classNames() const;                           // what the current map's labels name
  QString className(std::int64_t label) const;
  void forgetSelection();  // the inspector, marker, path and samples of a map that is gone
  std::vector<std::size_t> mapIndices() const;
  QImage itemImage(std::size_t datasetIndex) const;
  QString itemCaption(std::size_t datasetIndex) const;

  Session* mSession;
  ErrorReporter* mErrors;
  AsyncJob* mMapJob = nullptr;
  MapToolbar* mToolbar = nullptr;
  LatentMapView* mMap = nullptr;
  MapAtlas* mAtlas = nullptr;
  QListWidget* mLegend = nullptr;
  QSlider* mEpochSlider = nullptr;
  QLabel* mEpochLabel = nullptr;
  QTabWidget* mTools = nullptr;
  InspectorView* mInspector = nullptr;
  DimensionSliders* mSliders = nullptr;
  InterpolationView* mInterpolation = nullptr;
  GenerationView* mGeneration = nullptr;
  RealImageView* mRealImages = nullptr;

  LatentMapState mState;
  bool mUpdating = false;
};

}  // namespace latentlab
