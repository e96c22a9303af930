#pragma once

#include "latent/latentmapstate.h"
#include "latent/mapjob.h"

#include <QWidget>

class QAction;
class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace latentlab {

class AsyncJob;

// The controls above the latent map: what to compute (method, points, split,
// perplexity, Compute / progress / Cancel), how to show it (colour, follow
// training, atlas, reset, export) and a status line. Holds no map.
class MapToolbar : public QWidget {
  Q_OBJECT
public:
  enum class Split { Validation, Test, Train, All };

  // `job`: the map computation, whose progress and Cancel the bar shows.
  explicit MapToolbar(AsyncJob* job, QWidget* parent = nullptr);

  MapMethod method() const;
  void setMethod(MapMethod method);
  int pointLimit() const;
  void setPointLimit(int points);
  Split split() const;
  double perplexity() const;
  bool followsTraining() const;
  bool showsAtlas() const;
  MapColoring coloring() const;
  // Offers "Color: z0" … for a code of this size (at most 64).
  void setCodeSize(int codeSize);
  void setComputeEnabled(bool enabled);
  // A GAN's map: z samples of its generator, not encoded items. Disables (with a tooltip
  // saying why) what needs an encoder or dataset items: the split, colouring by
  // reconstruction error and the Projector export's sprite of dataset images.
  void setGenerator(bool gan);
  bool isGenerator() const { return mGan; }
  // Whether a colour choice / the Projector export can be picked now (tests).
  bool errorColoringEnabled() const;
  bool projectorExportEnabled() const;

  void setStatus(const QString& text);
  QString statusText() const;

Q_SIGNALS:
  void computeRequested();
  void coloringChanged();
  void atlasToggled(bool shown);
  void resetViewRequested();
  void exportCodesRequested();
  void exportProjectorRequested();

private:
  QComboBox* mMethod = nullptr;
  QComboBox* mPointsFrom = nullptr;
  QSpinBox* mPoints = nullptr;
  QDoubleSpinBox* mPerplexity = nullptr;
  QPushButton* mCompute = nullptr;
  QComboBox* mColorBy = nullptr;
  QCheckBox* mFollow = nullptr;
  QCheckBox* mAtlas = nullptr;
  QLabel* mStatus = nullptr;
  QAction* mProjector = nullptr;
  bool mUpdating = false;
  bool mGan = false;
};

}  // namespace latentlab
