#include "settings/settingspanel.h"

#include "common/usermessage.h"
#include "corrupt/corruption.h"
#include "data/datasetcatalog.h"
#include "device/computedevice.h"
#include "layerplan.h"
#include "modelsummary.h"
#include "presets.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include <cmath>
#include <functional>

namespace latentlab {

namespace {
QDoubleSpinBox* decimalBox(double minimum, double maximum, int decimals, double step, const QString& tip) {
  auto* box = new QDoubleSpinBox;
  box->setRange(minimum, maximum);
  box->setDecimals(decimals);
  box->setSingleStep(step);
  box->setToolTip(tip);
  return box;
}

QSpinBox* integerBox(int minimum, int maximum, const QString& tip, const QString& special = {}) {
  auto* box = new QSpinBox;
  box->setRange(minimum, maximum);
  box->setToolTip(tip);
  if (!special.isEmpty()) box->setSpecialValueText(special);
  return box;
}

// Corruption presets offered in the combo: (label, kinds).
struct CorruptionChoice {
  const char* label;
  const char* id;
};
const CorruptionChoice kCorruptions[] = {
    {"None (plain autoencoder)", "none"},          {"Gaussian noise (denoising)", "gaussian"},
    {"Salt and pepper (denoising)", "saltpepper"}, {"Occlusion box (inpainting)", "occlude"},
    {"Gaussian + occlusion", "gaussian+occlude"},
};
}  // namespace

SettingsPanel::SettingsPanel(Session* session, QWidget* parent) : QWidget(parent), mSession(session) {
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildDatasetGroup());
  layout->addWidget(buildModelGroup());
  layout->addWidget(buildTrainingGroup());
  layout->addStretch(1);
  // Long entries ("Gaussian noise (denoising)") must not widen the dock: combos elide instead.
  for (auto* combo : findChildren<QComboBox*>()) {
    combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    combo->setMinimumContentsLength(12);
  }
  setMinimumWidth(300);

  connect(mSession, &Session::configChanged, this, [this] { showConfig(mSession->config()); });
  connect(mSession, &Session::specChanged, this, &SettingsPanel::showSpec);
  showConfig(mSession->config());
  showSpec();
}

QWidget* SettingsPanel::buildDatasetGroup() {
  auto* group = new QGroupBox(tr("Dataset"));
  auto* form = new QFormLayout(group);
  mDataset = new QComboBox;
  mDataset->setToolTip(tr("A dataset LatentLab knows by name, or a folder you opened"));
  const DatasetCatalog catalog;
  for (const auto& entry : catalog.entries()) {
    const QString name = QString::fromStdString(entry.name);
    mDataset->addItem(entry.location ? name : tr("%1 (not installed)").arg(name), name);
    mDataset->setItemData(mDataset->count() - 1, QString::fromStdString(entry.description), Qt::ToolTipRole);
  }
  auto* open = new QPushButton(tr("Open folder…"));
  open->setToolTip(
      tr("A folder of IDX files, CIFAR-10 batches, SVHN .mat files, or one sub-folder of images per class"));
  auto* row = new QHBoxLayout;
  row->addWidget(mDataset, 1);
  row->addWidget(open);
  form->addRow(tr("Set"), row);
  mLimit = integerBox(0, 10000000, tr("Use at most this many images (0 = all), e.g. for a quick try"), tr("all"));
  mLimit->setSingleStep(1000);
  form->addRow(tr("Limit"), mLimit);
  mImageSize = integerBox(0, 1024,
                          tr("Image folders: resize every picture to N x N pixels (4 to 1024). \"own size\" keeps the "
                             "pictures' size when they share one square size. Stored in the run's config.json."),
                          tr("own size"));
  mImageSize->setSuffix(tr(" px"));
  mImageSize->setObjectName("settingsImageSize");
  form->addRow(tr("Image size"), mImageSize);
  mDatasetStatus = new QLabel;
  mDatasetStatus->setWordWrap(true);
  form->addRow(mDatasetStatus);

  auto request = [this] {
    if (mUpdating) return;
    Q_EMIT datasetRequested(mDataset->currentData().toString(), std::size_t(mLimit->value()));
  };
  connect(mDataset, &QComboBox::activated, this, request);
  // Reads the chosen set again with a new limit or image size: the one in the combo, which
  // may be a folder that failed to open at its own size (the config still names the last set).
  auto reread = [this](const std::function<void(TrainConfig&)>& change) {
    if (mUpdating) return;
    TrainConfig config = mSession->config();
    const TrainConfig before = config;
    change(config);
    if (config.limit == before.limit && config.imageSize == before.imageSize) return;
    const QString chosen = mDataset->currentData().toString();
    mSession->setConfig(config);
    Q_EMIT datasetRequested(chosen, config.limit);
  };
  connect(mLimit, &QSpinBox::editingFinished, this,
          [this, reread] { reread([this](TrainConfig& config) { config.limit = std::size_t(mLimit->value()); }); });
  connect(mImageSize, &QSpinBox::editingFinished, this, [this, reread] {
    if (mImageSize->value() > 0 && mImageSize->value() < 4) mImageSize->setValue(4);  // the smallest usable side
    reread([this](TrainConfig& config) { config.imageSize = mImageSize->value(); });
  });
  connect(open, &QPushButton::clicked, this, &SettingsPanel::openDatasetFolderRequested);
  return group;
}

QWidget* SettingsPanel::buildModelGroup() {
  auto* group = new QGroupBox(tr("Model"));
  auto* form = new QFormLayout(group);
  mPreset = new QComboBox;
  for (const auto& name : presetNames()) {
    const ModelSpec spec = presetSpec(name);
    mPreset->addItem(QString::fromStdString(name), QString::fromStdString(name));
    mPreset->setItemData(mPreset->count() - 1, QString::fromStdString(spec.description), Qt::ToolTipRole);
  }
  mPreset->setToolTip(tr("A preset reproducing one of the lab reports; edit it in the Model tab"));
  form->addRow(tr("Preset"), mPreset);
  mModelStatus = new QLabel;
  mModelStatus->setWordWrap(true);
  form->addRow(mModelStatus);
  connect(mPreset, &QComboBox::activated, this, [this] {
    if (!mUpdating) mSession->setPreset(mPreset->currentData().toString());
  });
  return group;
}

QWidget* SettingsPanel::buildTrainingGroup() {
  auto* group = new QGroupBox(tr("Training"));
  auto* form = new QFormLayout(group);
  mLoss = new QComboBox;
  mLoss->setObjectName("settingsLoss");
  mLoss->addItem(tr("MSE"), "mse");
  mLoss->addItem(tr("BCE"), "bce");
  mLoss->addItem(tr("L1"), "l1");
  mLoss->setToolTip(tr("Reconstruction loss; a VAE adds beta x KL"));
  form->addRow(tr("Loss"), mLoss);
  mOptimizer = new QComboBox;
  mOptimizer->addItem(tr("Adam"), "adam");
  mOptimizer->addItem(tr("AdamW"), "adamw");
  mOptimizer->addItem(tr("SGD + momentum"), "sgd");
  form->addRow(tr("Optimizer"), mOptimizer);
  mLearningRate = decimalBox(0.000001, 10, 6, 0.0001, tr("Learning rate; lower it if the loss diverges"));
  form->addRow(tr("Learning rate"), mLearningRate);
  mWeightDecay = decimalBox(0, 0.9, 6, 0.0001, tr("L2 weight decay"));
  form->addRow(tr("Weight decay"), mWeightDecay);
  mBatch = integerBox(1, 65536, tr("Images per optimisation step"));
  form->addRow(tr("Batch size"), mBatch);
  mEpochs = integerBox(1, 100000, tr("Passes over the training split"));
  form->addRow(tr("Epochs"), mEpochs);
  mEarlyStop = integerBox(0, 1000, tr("Stop after this many epochs without a better validation loss"), tr("off"));
  form->addRow(tr("Early stopping"), mEarlyStop);
  mValidation = decimalBox(0, 0.5, 3, 0.01, tr("Share of the training part held out for validation"));
  form->addRow(tr("Validation share"), mValidation);
  mCorruption = new QComboBox;
  mCorruption->setObjectName("settingsCorruption");
  for (const auto& choice : kCorruptions) mCorruption->addItem(tr(choice.label), choice.id);
  mCorruption->setToolTip(tr("Corrupt the inputs, keep clean targets: a denoising or inpainting autoencoder"));
  form->addRow(tr("Input corruption"), mCorruption);
  mNoiseLevel = decimalBox(0.01, 2, 2, 0.05, tr("Gaussian sigma, or the salt-and-pepper probability"));
  form->addRow(tr("Noise level"), mNoiseLevel);
  mBoxSize = integerBox(1, 64, tr("Side of the occluding box in pixels (seed 000 used 5 and 15)"));
  form->addRow(tr("Box size"), mBoxSize);
  mBeta = decimalBox(0, 1000, 2, 0.1, tr("VAE only: weight of the KL term"));
  form->addRow(tr("VAE beta"), mBeta);
  mSeed = integerBox(0, 1 << 30, tr("The same seed gives the same run on the CPU"));
  form->addRow(tr("Seed"), mSeed);
  mDevice = new QComboBox;
  mDevice->addItem(tr("Auto"), "auto");
  mDevice->addItem(tr("CPU"), "cpu");
  mDevice->addItem(tr("CUDA"), "cuda");
  if (!cudaAvailable()) {
    mDevice->setItemData(2, tr("No CUDA device is available in this build or machine"), Qt::ToolTipRole);
    if (auto* items = qobject_cast<QStandardItemModel*>(mDevice->model())) items->item(2)->setEnabled(false);
  }
  form->addRow(tr("Device"), mDevice);
  mModeNote = new QLabel;
  mModeNote->setWordWrap(true);
  mModeNote->setStyleSheet("color: palette(placeholder-text);");
  form->addRow(mModeNote);

  mTrainingEditors = {mLoss,       mOptimizer,  mLearningRate, mWeightDecay, mBatch, mEpochs, mEarlyStop,
                      mValidation, mCorruption, mNoiseLevel,   mBoxSize,     mBeta,  mSeed,   mDevice};
  for (auto* combo : {mLoss, mOptimizer, mCorruption, mDevice})
    connect(combo, &QComboBox::currentIndexChanged, this, &SettingsPanel::commitConfig);
  for (auto* box : {mLearningRate, mWeightDecay, mValidation, mNoiseLevel, mBeta})
    connect(box, &QDoubleSpinBox::valueChanged, this, &SettingsPanel::commitConfig);
  for (auto* box : {mBatch, mEpochs, mEarlyStop, mBoxSize, mSeed})
    connect(box, &QSpinBox::valueChanged, this, &SettingsPanel::commitConfig);
  return group;
}

QString SettingsPanel::corruptionText() const {
  const QString id = mCorruption->currentData().toString();
  const QString level = QString::number(mNoiseLevel->value(), 'g', 3);
  const QString box = QString::number(mBoxSize->value());
  if (id == "gaussian") return "gaussian:" + level;
  if (id == "saltpepper") return "saltpepper:" + QString::number(std::min(0.95, mNoiseLevel->value()), 'g', 3);
  if (id == "occlude") return "occlude:" + box;
  if (id == "gaussian+occlude") return "gaussian:" + level + "+occlude:" + box;
  return {};
}

void SettingsPanel::commitConfig() {
  if (mUpdating) return;
  TrainConfig config = mSession->config();
  config.loss = parseLoss(mLoss->currentData().toString().toStdString());
  config.optimizer = parseOptimizer(mOptimizer->currentData().toString().toStdString());
  config.learningRate = mLearningRate->value();
  config.weightDecay = mWeightDecay->value();
  config.batchSize = mBatch->value();
  config.epochs = mEpochs->value();
  config.earlyStopPatience = mEarlyStop->value();
  config.split.validationFraction = mValidation->value();
  config.corruption = corruptionText().toStdString();
  config.beta = mBeta->value();
  config.seed = std::uint64_t(mSeed->value());
  config.device = mDevice->currentData().toString().toStdString();
  mSession->setConfig(config);
}

void SettingsPanel::showConfig(const TrainConfig& config) {
  mUpdating = true;
  mLoss->setCurrentIndex(mLoss->findData(QString::fromStdString(lossName(config.loss))));
  mOptimizer->setCurrentIndex(mOptimizer->findData(QString::fromStdString(optimizerName(config.optimizer))));
  mLearningRate->setValue(config.learningRate);
  mWeightDecay->setValue(config.weightDecay);
  mBatch->setValue(config.batchSize);
  mEpochs->setValue(config.epochs);
  mEarlyStop->setValue(config.earlyStopPatience);
  mValidation->setValue(config.split.validationFraction);
  mBeta->setValue(config.beta);
  mSeed->setValue(int(config.seed));
  mDevice->setCurrentIndex(std::max(0, mDevice->findData(QString::fromStdString(config.device))));
  mLimit->setValue(int(config.limit));
  mImageSize->setValue(config.imageSize);
  // Show the corruption as the closest combo choice plus its levels.
  Corruption corruption;
  try {
    corruption = Corruption::parse(config.corruption);
  } catch (...) {  // a run's config from elsewhere: shown as "none", and said so
    qWarning("unreadable corruption in the settings: %s",
             qPrintable(userMessage(describeFailure(std::current_exception()))));
  }
  QString id = "none";
  for (const auto& step : corruption.steps) {
    const QString kind = QString::fromStdString(corruptionKindName(step.kind));
    if (step.kind == CorruptionKind::Gaussian || step.kind == CorruptionKind::SaltPepper)
      mNoiseLevel->setValue(step.amount);
    if (step.kind == CorruptionKind::Occlude) mBoxSize->setValue(int(step.amount));
    id = id == "gaussian" && kind == "occlude" ? "gaussian+occlude" : kind;
  }
  mCorruption->setCurrentIndex(std::max(0, mCorruption->findData(id)));
  const int datasetIndex = mDataset->findData(QString::fromStdString(config.dataset));
  if (datasetIndex >= 0) mDataset->setCurrentIndex(datasetIndex);
  mUpdating = false;
  showSpec();
}

void SettingsPanel::showSpec() {
  mUpdating = true;
  const ModelSpec& spec = mSession->spec();
  const int index = mPreset->findData(mSession->presetName());
  if (index >= 0) mPreset->setCurrentIndex(index);
  QString status;
  try {
    const LayerPlan plan = planModel(spec);
    status = tr("%1 parameters, code %2")
                 .arg(QString::fromStdString(withThousands(plan.totalParameters())),
                      QString::fromStdString(plan.codeShape.toString()));
  } catch (...) {
    status = tr("Cannot be built: %1").arg(userMessage(describeFailure(std::current_exception())));
  }
  if (mSession->specEdited()) status = tr("edited · ") + status;
  mModelStatus->setText(status);
  // The optimizer is never disabled for a model's sake: it tells whether training locked the editors.
  const bool unlocked = mOptimizer->isEnabled();
  const bool gan = spec.isGan();
  mBeta->setEnabled(spec.isVariational() && unlocked);
  // A GAN always trains with BCE on clean images: these settings would silently do nothing.
  mLoss->setEnabled(!gan && unlocked);
  mCorruption->setEnabled(!gan && unlocked);
  const QString ganOnly = tr("A GAN always trains with BCE on clean images: this setting is for autoencoders");
  mLoss->setToolTip(gan ? ganOnly : tr("Reconstruction loss; a VAE adds beta x KL"));
  mCorruption->setToolTip(gan ? ganOnly
                              : tr("Corrupt the inputs, keep clean targets: a denoising or inpainting autoencoder"));
  QString mode;
  if (gan)
    mode =
        tr("GAN: a generator and a discriminator trained against each other (BCE, Adam with the "
           "preset's betas); the domain FID and class histogram are measured every epoch.");
  else if (spec.isColorization())
    mode = tr("Colorization: the model sees gray images and learns their colors.");
  else if (!mSession->config().corruption.empty())
    mode = tr("Denoising/inpainting: corrupted inputs, clean targets.");
  mModeNote->setText(mode);
  mModeNote->setVisible(!mode.isEmpty());
  const bool occlusion = mCorruption->currentData().toString().contains("occlude");
  const bool noise = mCorruption->currentData().toString().contains("gaussian") ||
                     mCorruption->currentData().toString() == "saltpepper";
  mNoiseLevel->setEnabled(noise && !gan && unlocked);
  mBoxSize->setEnabled(occlusion && !gan && unlocked);
  mUpdating = false;
}

void SettingsPanel::chooseDataset(const QString& nameOrPath) {
  int index = mDataset->findData(nameOrPath);
  if (index < 0) {
    mDataset->addItem(nameOrPath, nameOrPath);
    index = mDataset->count() - 1;
  }
  mUpdating = true;
  mDataset->setCurrentIndex(index);
  mUpdating = false;
}

void SettingsPanel::setDatasetStatus(const QString& text) {
  mDatasetStatus->setText(text);
}

void SettingsPanel::setTrainingLocked(bool locked) {
  for (auto* editor : mTrainingEditors) editor->setEnabled(!locked);
  mDataset->setEnabled(!locked);
  mLimit->setEnabled(!locked);
  mImageSize->setEnabled(!locked);
  mPreset->setEnabled(!locked);
  if (!locked) showSpec();
}

}  // namespace latentlab
