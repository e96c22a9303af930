#pragma once

// The compared runs' reconstructions under each other: the first row holds the
// originals, then one row per run in its colour. Two honest sources:
//  - weights (best.pt, or checkpoint.pt for the latest): the same clean test images
//    of the first run's dataset reconstructed afresh by each run (core
//    reconstructRuns, off the GUI thread; the Session's dataset is reused when it is
//    the same one);
//  - the film of epoch N: each run's own samples/epoch-NNNN.png, i.e. its validation
//    samples as it reconstructed them while training.
// A run that cannot take part (no weights, a model that does not fit the images, no
// frame for that epoch) gets a row saying why.

#include "experiments/runpalette.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace latentlab {

class AsyncJob;
class ImageGridView;
class RefreshWhenShown;
class Session;
struct FilmGrid;
struct RunReconstructions;

class ReconstructionGrid : public QWidget {
  Q_OBJECT
public:
  enum class Source { BestWeights, LatestWeights, Film };

  ReconstructionGrid(Session* session, QWidget* parent = nullptr);

  // The runs to show; computed when the grid is on screen.
  void setRuns(const std::vector<ComparedRun>& runs);
  void setSource(Source source);
  void setFilmEpoch(int epoch);
  // Computes now (or when next shown).
  void refresh();

  Source source() const;
  ImageGridView* view() const { return mView; }
  AsyncJob* job() const { return mJob; }
  QComboBox* sourceCombo() const { return mSource; }
  QSpinBox* epochSpin() const { return mEpoch; }
  QSpinBox* countSpin() const { return mCount; }
  QString noteText() const;

private:
  void compute();
  void showReconstructions(const RunReconstructions& result);
  void showFilm(const FilmGrid& grid);
  void refreshControls();

  Session* mSession;
  std::vector<ComparedRun> mRuns;
  QComboBox* mSource = nullptr;
  QSpinBox* mEpoch = nullptr;
  QSpinBox* mCount = nullptr;
  QPushButton* mUpdate = nullptr;
  ImageGridView* mView = nullptr;
  QLabel* mNote = nullptr;
  AsyncJob* mJob = nullptr;
  RefreshWhenShown* mRefresh = nullptr;
};

}  // namespace latentlab
