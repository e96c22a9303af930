#pragma once

#include "modelspec.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace latentlab {

// The model-wide settings of a spec: kind, input shape, output channels,
// activations, dropout, batch norm, latent size, how the decoder is made and a GAN's
// generator average.
// Shows a spec with setSpec (silently) and writes its values into one with applyTo.
class ModelSettingsForm : public QWidget {
  Q_OBJECT
public:
  explicit ModelSettingsForm(QWidget* parent = nullptr);

  // Shows the spec's values without emitting edited().
  void setSpec(const ModelSpec& spec);
  // Copies the form's values into `spec`; an explicit decoder is kept as setSpec last saw it.
  void applyTo(ModelSpec& spec) const;

  QComboBox* kindBox() const { return mKind; }
  QSpinBox* latentBox() const { return mLatent; }
  QComboBox* decoderBox() const { return mDecoder; }
  QComboBox* activationBox() const { return mActivation; }
  QDoubleSpinBox* dropoutBox() const { return mDropout; }
  QCheckBox* batchNormBox() const { return mBatchNorm; }
  QDoubleSpinBox* generatorAverageBox() const { return mGeneratorAverage; }

Q_SIGNALS:
  // The user changed a setting.
  void edited();

private:
  QWidget* buildStructureColumn();
  QWidget* buildBehaviourColumn();
  void emitEdited();

  QComboBox* mKind = nullptr;
  QSpinBox* mChannels = nullptr;
  QSpinBox* mHeight = nullptr;
  QSpinBox* mWidth = nullptr;
  QSpinBox* mOutputChannels = nullptr;
  QSpinBox* mLatent = nullptr;
  QComboBox* mActivation = nullptr;
  QComboBox* mOutputActivation = nullptr;
  QDoubleSpinBox* mDropout = nullptr;
  QCheckBox* mBatchNorm = nullptr;
  QDoubleSpinBox* mGeneratorAverage = nullptr;  // a GAN's "generator_average"
  QComboBox* mDecoder = nullptr;
  std::vector<LayerSpec> mExplicitDecoder;  // the loaded spec's own decoder, offered read-only
  bool mShowing = false;
};

}  // namespace latentlab
