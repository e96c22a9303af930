#pragma once

// New sweep: a base model and the loaded dataset, the axes (any training setting, as a
// list or a range), the epochs, optional successive halving, the number of runs and a
// measured estimate of the time, and the folder. Accepting writes the sweep folder
// (sweep.json); the caller starts it on the training worker.

#include "jobs/jobfailure.h"
#include "sweep/sweepplan.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace latentlab {

class AsyncJob;
class JobProgress;
class Session;

class SweepDialog : public QDialog {
  Q_OBJECT
public:
  SweepDialog(Session* session, QWidget* parent = nullptr);

  // Fills the dialog from a built-in sweep ("seed-002-grid").
  void useBuiltin(const QString& name);
  void setEpochs(int epochs);
  void setFolder(const QString& folder);
  void setAxisText(int row, const QString& key, const QString& values);

  // The plan as the dialog stands; a usage Error when it cannot be (the message names the setting).
  SweepPlan plan() const;
  QString folder() const;
  // Why Start is disabled, or empty.
  QString problem() const { return mProblemText; }
  QLabel* summaryLabel() const { return mSummary; }
  QTableWidget* axesTable() const { return mAxes; }

  // Writes the sweep folder after the checks (a grid of more than 1,000 runs asks first);
  // true when the folder was written.
  bool createSweep();

  void accept() override;

private:
  void addAxisRow(const QString& key, const QString& values);
  void revalidate();
  void measure();
  void showEstimateFailure(const JobFailure& failure);
  QString defaultFolder(const QString& name) const;

  Session* mSession;
  AsyncJob* mEstimate;
  QComboBox* mStartFrom = nullptr;
  QComboBox* mModel = nullptr;
  QLabel* mDataset = nullptr;
  QTableWidget* mAxes = nullptr;
  QSpinBox* mEpochs = nullptr;
  QCheckBox* mHalving = nullptr;
  QSpinBox* mRungEpochs = nullptr;
  QLineEdit* mFolder = nullptr;
  QLabel* mSummary = nullptr;
  QLabel* mProblem = nullptr;
  QLabel* mEstimateText = nullptr;
  JobProgress* mEstimateProgress = nullptr;
  QDialogButtonBox* mButtons = nullptr;
  QString mProblemText;
  QString mDatasetWanted;  // a built-in sweep's dataset
  bool mFolderEdited = false;
};

}  // namespace latentlab
