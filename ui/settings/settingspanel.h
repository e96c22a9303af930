#pragma once

#include "session/session.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace latentlab {

// The side panel: dataset, model preset and every training setting, kept in
// step with the Session both ways. It only edits settings; it starts nothing.
class SettingsPanel : public QWidget {
  Q_OBJECT
public:
  explicit SettingsPanel(Session* session, QWidget* parent = nullptr);

  // Selects a dataset entry (catalog name or path) as if the user chose it.
  void chooseDataset(const QString& nameOrPath);
  void setDatasetStatus(const QString& text);
  void setTrainingLocked(bool locked);  // no edits while a run is in progress

Q_SIGNALS:
  void datasetRequested(const QString& nameOrPath, std::size_t limit);
  void openDatasetFolderRequested();

private:
  QWidget* buildDatasetGroup();
  QWidget* buildModelGroup();
  QWidget* buildTrainingGroup();
  void showConfig(const TrainConfig& config);
  void showSpec();
  void commitConfig();
  QString corruptionText() const;

  Session* mSession;
  bool mUpdating = false;
  QComboBox* mDataset = nullptr;
  QSpinBox* mLimit = nullptr;
  QSpinBox* mImageSize = nullptr;
  QLabel* mDatasetStatus = nullptr;
  QComboBox* mPreset = nullptr;
  QLabel* mModelStatus = nullptr;
  QComboBox* mLoss = nullptr;
  QComboBox* mOptimizer = nullptr;
  QDoubleSpinBox* mLearningRate = nullptr;
  QDoubleSpinBox* mWeightDecay = nullptr;
  QSpinBox* mBatch = nullptr;
  QSpinBox* mEpochs = nullptr;
  QSpinBox* mEarlyStop = nullptr;
  QDoubleSpinBox* mValidation = nullptr;
  QComboBox* mCorruption = nullptr;
  QDoubleSpinBox* mNoiseLevel = nullptr;
  QSpinBox* mBoxSize = nullptr;
  QDoubleSpinBox* mBeta = nullptr;
  QSpinBox* mSeed = nullptr;
  QComboBox* mDevice = nullptr;
  QLabel* mModeNote = nullptr;
  QList<QWidget*> mTrainingEditors;
};

}  // namespace latentlab
