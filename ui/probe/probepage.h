#pragma once

// The Probe page of the Experiments tab (seed 002's linear probe): freeze the
// encoder of the Session's weights, fit one linear layer on the codes of the
// training split (core runProbe, off the GUI thread, its epochs drawn live), and
// show test accuracy, k-nearest-neighbour accuracy, accuracy per class and the
// confusion matrix. A cell lists its test items with their reconstructions and
// marks them on the latent map (through the Session). The result of a run folder
// is kept in its probe.json (the runs table shows its accuracy) and shown again
// when the run is opened. Optionally the encoder is fine-tuned on a share of the labels.

#include "data/dataset.h"
#include "inference/modelsnapshot.h"
#include "probe/linearprobe.h"

#include <QWidget>

#include <array>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSplitter;
class QSpinBox;

namespace latentlab {

class AsyncJob;
class ClassAccuracyChart;
class ConfusionMatrixView;
class ErrorReporter;
class ProbeCellItems;
class ProbeCurves;
class Session;

class ProbePage : public QWidget {
  Q_OBJECT
public:
  ProbePage(Session* session, ErrorReporter* errors, QWidget* parent = nullptr);
  ~ProbePage() override;

  // Probes the Session's weights on its dataset and split with the options shown; false
  // (and the reason reported) when it cannot.
  bool startProbe();
  // Why the Session's weights cannot be probed now (no labels, no weights, …); empty when they can.
  QString whyCannotProbe() const;

  void setEpochs(int epochs);
  void setLabelFraction(double fraction);  // 0.01, 0.1 or 1
  void setFineTune(bool on);

  // The result shown (measured here or read from probe.json); null when none.
  const ProbeResult* result() const { return mResult.get(); }
  AsyncJob* probing() const { return mProbing; }
  AsyncJob* reading() const { return mReading; }
  ProbeCurves* curves() const { return mCurves; }
  ClassAccuracyChart* classChart() const { return mClassChart; }
  ConfusionMatrixView* matrix() const { return mMatrix; }
  ProbeCellItems* cellItems() const { return mCellItems; }
  QPushButton* runButton() const { return mRun; }
  QSpinBox* epochsSpin() const { return mEpochs; }
  QComboBox* labelFractionCombo() const { return mLabels; }
  QCheckBox* fineTuneBox() const { return mFineTune; }
  QString accuracyText() const;
  QString knnText() const;
  QString statusText() const;

Q_SIGNALS:
  // "Show on latent map": the main window shows the Latent map tab.
  void showOnMapRequested();

protected:
  void showEvent(QShowEvent* event) override;

private:
  enum class Source { Measured, File };
  QWidget* buildOptions();
  QWidget* buildHeader();
  QWidget* buildViews();
  void onEpoch(const ProbeEpoch& epoch, int epochs);
  void onRunChanged();
  void onDatasetChanged();
  void readStoredResult();
  void showResult(std::shared_ptr<const ProbeResult> result, ModelSnapshotPtr snapshot, DatasetPtr dataset,
                  Source source, const QString& note);
  void clearResult(const QString& placeholder);
  void onCellSelected(int truth, int predicted);
  void refreshState();

  Session* mSession;
  ErrorReporter* mErrors;
  AsyncJob* mProbing = nullptr;
  AsyncJob* mReading = nullptr;
  QSpinBox* mEpochs = nullptr;
  QComboBox* mLabels = nullptr;
  QCheckBox* mFineTune = nullptr;
  QPushButton* mRun = nullptr;
  QLabel* mStatus = nullptr;
  QLabel* mAccuracy = nullptr;
  QLabel* mKnn = nullptr;
  QLabel* mSummary = nullptr;
  ProbeCurves* mCurves = nullptr;
  ClassAccuracyChart* mClassChart = nullptr;
  ConfusionMatrixView* mMatrix = nullptr;
  ProbeCellItems* mCellItems = nullptr;

  std::shared_ptr<const ProbeResult> mResult;
  ModelSnapshotPtr mResultSnapshot;  // the weights probed (for a stored result: the Session's when shown)
  DatasetPtr mResultDataset;         // the dataset the result's item indices point into
  Source mSource = Source::Measured;
  QString mResultNote;                     // where the result comes from
  QString mLiveText;                       // the epoch under way
  QString mStoredText;                     // what reading probe.json found
  bool mMarking = false;                   // the Session's highlighted items are this page's cell
  std::array<QSplitter*, 3> mSplitters{};  // the views | left: curves, bars | right: matrix, items
  bool mSized = false;
};

}  // namespace latentlab
