#pragma once

#include "inference/modelsnapshot.h"
#include "latent/datasetencoding.h"

#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QGridLayout;
class QSpinBox;

namespace latentlab {

class AsyncJob;

// New images from the decoder: codes sampled from the prior (a VAE) or from a
// Gaussian fitted to the encoded data (all of it, or one class), each shown
// with its vector; the samples are also placed on the map.
class GenerationView : public QWidget {
  Q_OBJECT
public:
  explicit GenerationView(QWidget* parent = nullptr);

  void setModel(ModelSnapshotPtr model, std::shared_ptr<const EncodedSet> codes, const QStringList& classNames);
  // Samples codes and starts decoding them off the GUI thread; false without a model or data.
  // samplesGenerated follows when the images are in; job() says when.
  bool generate();
  AsyncJob* job() const { return mJob; }
  int sampleCount() const { return int(mImages.size()); }
  const std::vector<float>& sampleCodes() const { return mCodes; }
  QComboBox* sourceBox() const { return mSource; }

Q_SIGNALS:
  void samplesGenerated(const std::vector<float>& codes, int count);

private:
  void showSamples(const std::vector<float>& codes, std::vector<QImage> images, int count);
  AsyncJob* mJob = nullptr;
  ModelSnapshotPtr mModel;
  std::shared_ptr<const EncodedSet> mEncoded;
  QComboBox* mSource = nullptr;
  QSpinBox* mCount = nullptr;
  QSpinBox* mSeed = nullptr;
  QGridLayout* mGrid = nullptr;
  std::vector<float> mCodes;
  std::vector<QImage> mImages;
};

}  // namespace latentlab
