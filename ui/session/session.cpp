#include "session/session.h"

#include "common/usermessage.h"
#include "presets.h"

namespace latentlab {

Session::Session(QObject* parent) : QObject(parent) {}

void Session::setDataset(DatasetPtr dataset, const QString& name) {
  mDataset = std::move(dataset);
  mDatasetName = name;
  mConfig.dataset = name.toStdString();
  clearHighlightedItems();  // its indices point into the dataset before
  Q_EMIT datasetChanged();
}

DatasetSplit Session::split() const {
  if (!mDataset || mDataset->size() < 2) return {};
  SplitOptions options = mConfig.split;
  options.seed = mConfig.seed;
  // The Settings panel's ranges keep the fractions valid; a config from elsewhere may not be.
  if (const auto reason = whySplitOptionsAreInvalid(options)) {
    qWarning("no split: %s", qPrintable(userText(*reason)));
    return {};
  }
  return makeSplit(*mDataset, options);
}

void Session::setPreset(const QString& name) {
  ModelSpec spec = presetSpec(name.toStdString());
  // A preset brings its whole recipe, as `latentlab-cli train --preset` does: what it does not
  // name goes back to the default (a GAN's Adam betas must not stay for an autoencoder). The
  // data (set, limit, image size), the device, threads and seed stay the user's.
  TrainConfig config;
  applyTrainingDefaults(config, spec.trainingDefaultsJson, "preset " + name.toStdString());
  config.dataset = mConfig.dataset;
  config.limit = mConfig.limit;
  config.imageSize = mConfig.imageSize;
  config.device = mConfig.device;
  config.threads = mConfig.threads;
  config.seed = mConfig.seed;
  mPresetName = name;
  mSpec = spec;
  mSpecEdited = false;
  mConfig = config;
  Q_EMIT specChanged();
  Q_EMIT configChanged();
}

void Session::setSpec(const ModelSpec& spec) {
  mSpec = spec;
  // Edited means "differs from the preset": a run's spec.json of an unchanged preset is not.
  mSpecEdited = mPresetName.isEmpty() || toJson(spec) != toJson(presetSpec(mPresetName.toStdString()));
  Q_EMIT specChanged();
}

void Session::setConfig(const TrainConfig& config) {
  mConfig = config;
  Q_EMIT configChanged();
}

void Session::setSnapshot(ModelSnapshotPtr snapshot) {
  mSnapshot = std::move(snapshot);
  if (hasProbe() && (!mSnapshot || int(mProbeCode.size()) != mSnapshot->codeSize())) clearProbe();
  Q_EMIT snapshotChanged();
}

void Session::setProbe(std::vector<float> code, QImage image) {
  mProbeCode = std::move(code);
  mProbeImage = std::move(image);
  Q_EMIT probeChanged();
}

void Session::clearProbe() {
  if (mProbeCode.empty() && mProbeImage.isNull()) return;
  mProbeCode.clear();
  mProbeImage = QImage();
  Q_EMIT probeChanged();
}

void Session::setRunDir(const QString& runDir) {
  if (runDir == mRunDir) return;  // continuing a run keeps what was made of it
  mRunDir = runDir;
  clearHighlightedItems();
  Q_EMIT runChanged();
}

void Session::setHighlightedItems(std::vector<std::size_t> items, const QString& caption) {
  mHighlightedItems = std::move(items);
  mHighlightCaption = caption;
  Q_EMIT highlightedItemsChanged();
}

void Session::clearHighlightedItems() {
  if (mHighlightedItems.empty() && mHighlightCaption.isEmpty()) return;
  mHighlightedItems.clear();
  mHighlightCaption.clear();
  Q_EMIT highlightedItemsChanged();
}

}  // namespace latentlab
