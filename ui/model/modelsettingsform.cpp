#include "model/modelsettingsform.h"

#include "model/speclabels.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardItemModel>

#include <algorithm>

namespace latentlab {

namespace {
QSpinBox* integerBox(int minimum, int maximum, const QString& tip, const QString& special = {}) {
  auto* box = new QSpinBox;
  box->setRange(minimum, maximum);
  box->setToolTip(tip);
  if (!special.isEmpty()) box->setSpecialValueText(special);
  box->setAccelerated(true);
  return box;
}

QComboBox* activationCombo(const QString& tip) {
  auto* combo = new QComboBox;
  for (Activation activation : activationChoices())
    combo->addItem(activationLabel(activation), QString::fromStdString(activationName(activation)));
  combo->setToolTip(tip);
  return combo;
}

Activation activationOf(const QComboBox* combo) {
  return activationChoices()[std::size_t(std::max(0, combo->currentIndex()))];
}

void showActivation(QComboBox* combo, Activation activation) {
  const auto& choices = activationChoices();
  combo->setCurrentIndex(int(std::find(choices.begin(), choices.end(), activation) - choices.begin()));
}

// Shows 0.1 rather than 0.100, while keeping three decimals for specs loaded from JSON.
class ProbabilityBox : public QDoubleSpinBox {
public:
  explicit ProbabilityBox(int digits = 3) : mDigits(digits) {}
  QString textFromValue(double value) const override { return locale().toString(value, 'g', mDigits); }

private:
  int mDigits;  // significant digits shown: 0.999 needs 3, 0.9995 needs 4
};

QFormLayout* compactForm() {
  auto* form = new QFormLayout;
  form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
  return form;
}
}  // namespace

ModelSettingsForm::ModelSettingsForm(QWidget* parent) : QWidget(parent) {
  auto* columns = new QHBoxLayout(this);
  columns->setContentsMargins(0, 0, 0, 0);
  columns->setSpacing(24);
  columns->addWidget(buildStructureColumn(), 1);
  columns->addWidget(buildBehaviourColumn(), 1);
}

QWidget* ModelSettingsForm::buildStructureColumn() {
  auto* host = new QWidget;
  auto* form = compactForm();
  host->setLayout(form);
  form->setContentsMargins(0, 0, 0, 0);

  mKind = new QComboBox;
  mKind->addItem(tr("Autoencoder (AE)"), "ae");
  mKind->addItem(tr("Variational (VAE)"), "vae");
  mKind->addItem(tr("GAN (generator + discriminator)"), "gan");
  mKind->setToolTip(
      tr("A VAE encodes a mean and a log-variance per latent value and adds a KL term to the loss; "
         "it needs a latent size. A GAN's encoder layers are its discriminator and its explicit decoder "
         "its generator (from a latent z)"));
  form->addRow(tr("Kind"), mKind);

  mChannels = integerBox(1, 64, tr("Input channels: 1 for gray images, 3 for RGB"));
  mHeight = integerBox(1, 1024, tr("Input height in pixels; must match the dataset's images"));
  mWidth = integerBox(1, 1024, tr("Input width in pixels; must match the dataset's images"));
  auto* shape = new QHBoxLayout;
  shape->setSpacing(4);
  for (QSpinBox* box : {mChannels, mHeight, mWidth}) {
    if (box != mChannels) shape->addWidget(new QLabel(QStringLiteral("×")));
    shape->addWidget(box, 1);
  }
  auto* shapeLabel = new QLabel(tr("Input (C × H × W)"));
  shapeLabel->setToolTip(tr("Channels, height and width of the images the model reads"));
  form->addRow(shapeLabel, shape);

  mOutputChannels = integerBox(0, 64,
                               tr("Channels the decoder outputs; 3 with a 1-channel input makes a colorization "
                                  "model (gray in, RGB out)"),
                               tr("Same as input"));
  form->addRow(tr("Output channels"), mOutputChannels);

  mLatent = integerBox(0, 65536,
                       tr("Size of the code: a linear layer after the encoder. None keeps the encoder's last "
                          "feature map as the code (a VAE needs a size)"),
                       tr("None (feature map)"));
  form->addRow(tr("Latent size"), mLatent);

  mDecoder = new QComboBox;
  mDecoder->addItem(tr("Mirror of the encoder"));
  mDecoder->addItem(tr("Explicit"));
  mDecoder->setToolTip(
      tr("Mirror: transposed convolutions that undo the encoder layer by layer. Explicit: the "
         "spec's own decoder list, shown read-only in the summary (edit it in the JSON file)"));
  form->addRow(tr("Decoder"), mDecoder);

  connect(mKind, &QComboBox::currentIndexChanged, this, [this] {
    if (mGeneratorAverage) mGeneratorAverage->setEnabled(mKind->currentIndex() == 2);
    // A VAE cannot work without a latent layer, so offer a sensible size right away.
    if (!mShowing && mKind->currentIndex() == 1 && mLatent->value() == 0) {
      QSignalBlocker block(mLatent);
      mLatent->setValue(10);
    }
    emitEdited();
  });
  for (QSpinBox* box : {mChannels, mHeight, mWidth, mOutputChannels, mLatent})
    connect(box, &QSpinBox::valueChanged, this, &ModelSettingsForm::emitEdited);
  connect(mDecoder, &QComboBox::currentIndexChanged, this, &ModelSettingsForm::emitEdited);
  return host;
}

QWidget* ModelSettingsForm::buildBehaviourColumn() {
  auto* host = new QWidget;
  auto* form = compactForm();
  host->setLayout(form);
  form->setContentsMargins(0, 0, 0, 0);

  mActivation = activationCombo(tr("Activation after every hidden layer, unless a layer sets its own"));
  form->addRow(tr("Activation"), mActivation);
  mOutputActivation =
      activationCombo(tr("Activation of the reconstruction; Sigmoid keeps pixels in [0, 1] (use it with BCE loss)"));
  form->addRow(tr("Output activation"), mOutputActivation);

  mDropout = new ProbabilityBox;
  mDropout->setRange(0.0, 0.99);
  mDropout->setDecimals(3);
  mDropout->setSingleStep(0.05);
  mDropout->setSpecialValueText(tr("Off"));
  mDropout->setToolTip(tr("Dropout probability after every hidden layer, in the encoder and the mirrored decoder"));
  mBatchNorm = new QCheckBox(tr("After every hidden layer"));
  mBatchNorm->setToolTip(tr("Normalize after every hidden conv and linear layer (adds 2 parameters per channel)"));
  form->addRow(tr("Dropout"), mDropout);
  form->addRow(tr("Batch norm"), mBatchNorm);

  mGeneratorAverage = new ProbabilityBox(5);
  mGeneratorAverage->setObjectName("generatorAverageBox");
  mGeneratorAverage->setRange(0.0, 0.99999);
  mGeneratorAverage->setDecimals(5);  // any decay a JSON spec may hold survives an edit
  mGeneratorAverage->setSingleStep(0.001);
  mGeneratorAverage->setSpecialValueText(tr("Off"));
  mGeneratorAverage->setToolTip(
      tr("GAN only: sample from a running average of the generator's weights with this decay (0.999 averages "
         "about the last 1,000 steps). Samples, the FID and the explorers then change steadily from epoch to "
         "epoch; Off samples from the generator being trained"));
  form->addRow(tr("Generator average"), mGeneratorAverage);

  for (QComboBox* combo : {mActivation, mOutputActivation})
    connect(combo, &QComboBox::currentIndexChanged, this, &ModelSettingsForm::emitEdited);
  connect(mDropout, &QDoubleSpinBox::valueChanged, this, &ModelSettingsForm::emitEdited);
  connect(mBatchNorm, &QCheckBox::toggled, this, &ModelSettingsForm::emitEdited);
  connect(mGeneratorAverage, &QDoubleSpinBox::valueChanged, this, &ModelSettingsForm::emitEdited);
  return host;
}

void ModelSettingsForm::emitEdited() {
  if (!mShowing) Q_EMIT edited();
}

void ModelSettingsForm::setSpec(const ModelSpec& spec) {
  mShowing = true;
  mKind->setCurrentIndex(spec.isGan() ? 2 : spec.isVariational() ? 1 : 0);
  mChannels->setValue(spec.input.channels);
  mHeight->setValue(spec.input.height);
  mWidth->setValue(spec.input.width);
  mOutputChannels->setValue(spec.outputChannels);
  mLatent->setValue(spec.latent);
  showActivation(mActivation, spec.activation);
  showActivation(mOutputActivation, spec.outputActivation);
  mDropout->setValue(spec.dropout);
  mBatchNorm->setChecked(spec.batchNorm);
  mGeneratorAverage->setValue(spec.generatorAverage);
  mGeneratorAverage->setEnabled(spec.isGan());

  // Keep the spec's own decoder so the user can switch to the mirror and back.
  mExplicitDecoder = spec.mirrorDecoder ? std::vector<LayerSpec>() : spec.decoder;
  const bool hasExplicit = !spec.mirrorDecoder;
  mDecoder->setItemText(1, hasExplicit ? tr("Explicit (%1 layers, read-only)").arg(spec.decoder.size())
                                       : tr("Explicit (none in this spec)"));
  if (auto* items = qobject_cast<QStandardItemModel*>(mDecoder->model())) {
    items->item(1)->setEnabled(hasExplicit);
    items->item(1)->setToolTip(hasExplicit ? tr("The spec's own decoder, kept unchanged while you edit the encoder")
                                           : tr("Only a spec with its own decoder list (a preset or a JSON file) "
                                                "offers one"));
  }
  mDecoder->setCurrentIndex(hasExplicit ? 1 : 0);
  mShowing = false;
}

void ModelSettingsForm::applyTo(ModelSpec& spec) const {
  spec.kind = mKind->currentIndex() == 2   ? ModelKind::Gan
              : mKind->currentIndex() == 1 ? ModelKind::VariationalAutoencoder
                                           : ModelKind::Autoencoder;
  spec.input = FeatureShape{mChannels->value(), mHeight->value(), mWidth->value()};
  spec.outputChannels = mOutputChannels->value();
  spec.latent = mLatent->value();
  spec.activation = activationOf(mActivation);
  spec.outputActivation = activationOf(mOutputActivation);
  spec.dropout = mDropout->value();
  spec.batchNorm = mBatchNorm->isChecked();
  spec.generatorAverage = spec.isGan() ? mGeneratorAverage->value() : 0.0;
  spec.mirrorDecoder = mDecoder->currentIndex() == 0;
  spec.decoder = spec.mirrorDecoder ? std::vector<LayerSpec>() : mExplicitDecoder;
}

}  // namespace latentlab
