#pragma once

#include "data/dataset.h"
#include "data/datasplit.h"
#include "inference/modelsnapshot.h"
#include "modelspec.h"
#include "train/trainconfig.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <vector>

namespace latentlab {

// What the user is working on: the dataset, the model spec, the training
// settings, the run and the latest weight snapshot. Lives on the GUI thread;
// panels read it and listen to its signals, and never talk to each other.
class Session : public QObject {
  Q_OBJECT
public:
  explicit Session(QObject* parent = nullptr);

  DatasetPtr dataset() const { return mDataset; }
  QString datasetName() const { return mDatasetName; }  // as the user chose it: a catalog name or a path
  void setDataset(DatasetPtr dataset, const QString& name);
  // The seeded train/validation/test split of the dataset under the current settings.
  DatasetSplit split() const;

  const ModelSpec& spec() const { return mSpec; }
  QString presetName() const { return mPresetName; }  // empty for a spec not from a preset
  bool specEdited() const { return mSpecEdited; }
  void setPreset(const QString& name);  // also applies the preset's training defaults
  void setSpec(const ModelSpec& spec);  // an edit: keeps the preset name, marks it edited

  const TrainConfig& config() const { return mConfig; }
  void setConfig(const TrainConfig& config);

  ModelSnapshotPtr snapshot() const { return mSnapshot; }
  void setSnapshot(ModelSnapshotPtr snapshot);

  QString runDir() const { return mRunDir; }
  void setRunDir(const QString& runDir);

  // A code the user made outside the map (a drawing in the Playground), for
  // the latent map to mark. Cleared when the snapshot's code size changes.
  bool hasProbe() const { return !mProbeCode.empty(); }
  const std::vector<float>& probeCode() const { return mProbeCode; }
  QImage probeImage() const { return mProbeImage; }
  void setProbe(std::vector<float> code, QImage image);
  void clearProbe();

  // Dataset items another view points out (a probe's confusion cell), for the latent map
  // to mark with `caption` in its legend. Cleared when the run or the dataset changes.
  const std::vector<std::size_t>& highlightedItems() const { return mHighlightedItems; }
  QString highlightCaption() const { return mHighlightCaption; }
  void setHighlightedItems(std::vector<std::size_t> items, const QString& caption);
  void clearHighlightedItems();

Q_SIGNALS:
  void datasetChanged();
  void specChanged();
  void configChanged();
  void snapshotChanged();
  void runChanged();
  void probeChanged();
  void highlightedItemsChanged();

private:
  DatasetPtr mDataset;
  QString mDatasetName;
  ModelSpec mSpec;
  QString mPresetName;
  bool mSpecEdited = false;
  TrainConfig mConfig;
  ModelSnapshotPtr mSnapshot;
  QString mRunDir;
  std::vector<float> mProbeCode;
  QImage mProbeImage;
  std::vector<std::size_t> mHighlightedItems;
  QString mHighlightCaption;
};

}  // namespace latentlab
