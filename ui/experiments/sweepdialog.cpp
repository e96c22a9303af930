#include "experiments/sweepdialog.h"

#include "common/asyncjob.h"
#include "common/error.h"
#include "common/jobprogress.h"
#include "common/paths.h"
#include "common/usermessage.h"
#include "presets.h"
#include "session/session.h"
#include "sweep/builtinsweeps.h"
#include "sweep/successivehalving.h"
#include "sweep/sweepestimate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace latentlab {

namespace {
constexpr int kConfirmRuns = 1000;
const char* const kCustom = "";

QString spokenDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds <= 0) return QObject::tr("a moment");
  const long long total = std::llround(seconds);
  if (total < 60) return QObject::tr("%1 s").arg(total);
  if (total < 3600) return QObject::tr("%1 min").arg((total + 30) / 60);
  return QObject::tr("%1 h %2 min").arg(total / 3600).arg(total / 60 % 60);
}

QComboBox* keyChoice(QWidget* parent, const QString& key) {
  auto* combo = new QComboBox(parent);
  for (const auto& [name, description] : sweepKeys()) {
    combo->addItem(QString::fromStdString(name), QString::fromStdString(name));
    combo->setItemData(combo->count() - 1, QString::fromStdString(description), Qt::ToolTipRole);
  }
  combo->setCurrentIndex(std::max(0, combo->findData(key)));
  combo->setToolTip(QObject::tr("The setting this axis varies"));
  return combo;
}
}  // namespace

SweepDialog::SweepDialog(Session* session, QWidget* parent)
    : QDialog(parent), mSession(session), mEstimate(new AsyncJob(JobPolicy::Replace, this)) {
  setWindowTitle(tr("New sweep"));
  setObjectName("sweepDialog");

  mStartFrom = new QComboBox(this);
  mStartFrom->setObjectName("sweepStartFrom");
  mStartFrom->addItem(tr("Custom grid"), QString(kCustom));
  for (const auto& builtin : builtinSweeps()) {
    mStartFrom->addItem(QString::fromStdString(builtin.name), QString::fromStdString(builtin.name));
    mStartFrom->setItemData(mStartFrom->count() - 1, QString::fromStdString(builtin.description), Qt::ToolTipRole);
  }
  mStartFrom->setToolTip(
      tr("A built-in sweep reproduces a lab report's grid; a custom grid starts from the model "
         "and settings chosen now"));

  mModel = new QComboBox(this);
  mModel->setObjectName("sweepModel");
  mModel->addItem(tr("The Model tab's model (%1)").arg(QString::fromStdString(session->spec().name)), QString());
  for (const auto& name : presetNames()) mModel->addItem(QString::fromStdString(name), QString::fromStdString(name));
  if (!session->presetName().isEmpty() && !session->specEdited())
    mModel->setCurrentIndex(std::max(0, mModel->findData(session->presetName())));
  mModel->setToolTip(tr("Every run starts from this model; an axis such as latent changes it per run"));

  mDataset = new QLabel(this);
  mDataset->setWordWrap(true);

  mAxes = new QTableWidget(0, 3, this);
  mAxes->setObjectName("sweepAxes");
  mAxes->setHorizontalHeaderLabels({tr("Setting"), tr("Values"), tr("Count")});
  mAxes->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
  mAxes->setColumnWidth(0, 150);
  mAxes->verticalHeader()->hide();
  mAxes->setMinimumHeight(150);
  mAxes->setToolTip(
      tr("Values as a list (0.001, 0.02), or a range FROM:TO:N spaced evenly, or FROM:TO:N:log spaced "
         "evenly on a log scale (1e-4:1e-2:3:log)"));
  auto* addAxis = new QPushButton(tr("Add axis"), this);
  addAxis->setToolTip(tr("Vary another setting (every combination is one run)"));
  auto* removeAxis = new QPushButton(tr("Remove axis"), this);
  removeAxis->setToolTip(tr("Remove the selected axis"));

  mEpochs = new QSpinBox(this);
  mEpochs->setObjectName("sweepEpochs");
  mEpochs->setRange(1, 10000);
  mEpochs->setValue(std::max(1, session->config().epochs));
  mEpochs->setToolTip(tr("Epochs of every run (the last rung's, with successive halving)"));
  mHalving = new QCheckBox(tr("Successive halving: after"), this);
  mHalving->setObjectName("sweepHalving");
  mHalving->setToolTip(
      tr("Train every run a few epochs, keep the better half, train those twice as long, and so "
         "on (as Hyperband does); the pruned runs stay in the table"));
  mRungEpochs = new QSpinBox(this);
  mRungEpochs->setRange(1, 10000);
  mRungEpochs->setValue(2);
  mRungEpochs->setSuffix(tr(" epochs keep the best half"));
  mRungEpochs->setEnabled(false);

  mFolder = new QLineEdit(this);
  mFolder->setObjectName("sweepFolder");
  mFolder->setToolTip(tr("The sweep folder: sweep.json and one run folder per run. It must not exist yet."));
  auto* browse = new QPushButton(tr("Browse…"), this);

  mSummary = new QLabel(this);
  mSummary->setObjectName("sweepSummary");
  mSummary->setWordWrap(true);
  mProblem = new QLabel(this);
  mProblem->setObjectName("sweepProblem");
  mProblem->setWordWrap(true);
  mProblem->setStyleSheet("QLabel { color: #a4161a; }");
  mEstimateText = new QLabel(tr("Not measured yet."), this);
  mEstimateText->setWordWrap(true);
  auto* measureButton = new QPushButton(tr("&Measure"), this);
  measureButton->setObjectName("sweepMeasure");
  measureButton->setToolTip(
      tr("Time a few training steps of each model of the grid on the loaded data, and scale "
         "them to the whole sweep"));
  mEstimateProgress = new JobProgress(mEstimate, this);

  mButtons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  mButtons->button(QDialogButtonBox::Ok)->setText(tr("&Start sweep"));
  mButtons->button(QDialogButtonBox::Ok)
      ->setToolTip(tr("Write the sweep folder and train its runs one after "
                      "another on the training worker (Ctrl+Return)"));
  mButtons->button(QDialogButtonBox::Ok)->setShortcut(QKeySequence("Ctrl+Return"));

  auto* form = new QFormLayout;
  form->addRow(tr("Start from:"), mStartFrom);
  form->addRow(tr("Model:"), mModel);
  form->addRow(tr("Dataset:"), mDataset);
  auto* axisButtons = new QHBoxLayout;
  axisButtons->addWidget(addAxis);
  axisButtons->addWidget(removeAxis);
  axisButtons->addStretch(1);
  auto* epochs = new QHBoxLayout;
  epochs->addWidget(mEpochs);
  epochs->addSpacing(12);
  epochs->addWidget(mHalving);
  epochs->addWidget(mRungEpochs);
  epochs->addStretch(1);
  auto* folderRow = new QHBoxLayout;
  folderRow->addWidget(mFolder, 1);
  folderRow->addWidget(browse);
  auto* estimate = new QHBoxLayout;
  estimate->addWidget(mEstimateText, 1);
  estimate->addWidget(measureButton);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(form);
  layout->addWidget(new QLabel(tr("Axes (every combination is one run):"), this));
  layout->addWidget(mAxes, 1);
  layout->addLayout(axisButtons);
  auto* more = new QFormLayout;
  more->addRow(tr("Epochs:"), epochs);
  more->addRow(tr("Folder:"), folderRow);
  more->addRow(tr("Time:"), estimate);
  layout->addLayout(more);
  layout->addWidget(mEstimateProgress);
  layout->addWidget(mSummary);
  layout->addWidget(mProblem);
  layout->addWidget(mButtons);
  resize(680, 560);

  connect(mStartFrom, &QComboBox::currentIndexChanged, this, [this] {
    const QString name = mStartFrom->currentData().toString();
    if (!name.isEmpty())
      useBuiltin(name);
    else
      mDatasetWanted.clear();
    revalidate();
  });
  connect(mModel, &QComboBox::currentIndexChanged, this, [this] { revalidate(); });
  connect(mAxes, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* changed) {
    if (changed->column() == 1) revalidate();
  });
  connect(addAxis, &QPushButton::clicked, this, [this] {
    addAxisRow("lr", "0.001, 0.01");
    revalidate();
  });
  connect(removeAxis, &QPushButton::clicked, this, [this] {
    const int row = mAxes->currentRow();
    if (row >= 0) mAxes->removeRow(row);
    revalidate();
  });
  connect(mEpochs, &QSpinBox::valueChanged, this, [this] { revalidate(); });
  connect(mHalving, &QCheckBox::toggled, this, [this](bool on) {
    mRungEpochs->setEnabled(on);
    revalidate();
  });
  connect(mRungEpochs, &QSpinBox::valueChanged, this, [this] { revalidate(); });
  connect(mFolder, &QLineEdit::textEdited, this, [this] {
    mFolderEdited = true;
    revalidate();
  });
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString parent = QFileDialog::getExistingDirectory(this, tr("Folder to hold the sweep folder"),
                                                             QFileInfo(folder()).absolutePath());
    if (parent.isEmpty()) return;
    setFolder(QDir(parent).filePath(QFileInfo(folder()).fileName()));
  });
  connect(measureButton, &QPushButton::clicked, this, [this] { measure(); });
  connect(mEstimate, &AsyncJob::failed, this, &SweepDialog::showEstimateFailure);
  connect(mButtons, &QDialogButtonBox::accepted, this, &SweepDialog::accept);
  connect(mButtons, &QDialogButtonBox::rejected, this, &SweepDialog::reject);

  addAxisRow("lr", "0.001, 0.01");
  setFolder(defaultFolder("sweep"));
  mFolderEdited = false;
  revalidate();
}

QString SweepDialog::defaultFolder(const QString& name) const {
  QString stem = QDateTime::currentDateTime().toString("yyyyMMdd-HHmm") + "-" + name;
  stem.replace(QRegularExpression("[^A-Za-z0-9._-]"), "_");
  const QDir runs(QString::fromStdString(defaultRunsDir().string()));
  QString path = runs.filePath(stem);
  for (int suffix = 2; QFileInfo::exists(path); ++suffix) path = runs.filePath(stem + "-" + QString::number(suffix));
  return path;
}

void SweepDialog::addAxisRow(const QString& key, const QString& values) {
  const int row = mAxes->rowCount();
  mAxes->insertRow(row);
  auto* combo = keyChoice(mAxes, key);
  mAxes->setCellWidget(row, 0, combo);
  auto* text = new QTableWidgetItem(values);
  mAxes->setItem(row, 1, text);
  auto* count = new QTableWidgetItem;
  count->setFlags(Qt::ItemIsEnabled);
  mAxes->setItem(row, 2, count);
  connect(combo, &QComboBox::currentIndexChanged, this, [this] { revalidate(); });
}

void SweepDialog::setAxisText(int row, const QString& key, const QString& values) {
  while (mAxes->rowCount() <= row) addAxisRow(key, values);
  auto* combo = qobject_cast<QComboBox*>(mAxes->cellWidget(row, 0));
  combo->setCurrentIndex(std::max(0, combo->findData(key)));
  mAxes->item(row, 1)->setText(values);
  revalidate();
}

void SweepDialog::useBuiltin(const QString& name) {
  const auto builtin = findBuiltinSweep(name.toStdString());
  if (!builtin) return;
  const QSignalBlocker block(mStartFrom);
  mStartFrom->setCurrentIndex(std::max(0, mStartFrom->findData(name)));
  mModel->setCurrentIndex(std::max(0, mModel->findData(QString::fromStdString(builtin->preset))));
  mAxes->setRowCount(0);
  for (const auto& axis : builtin->axes) {
    QStringList values;
    for (const auto& value : axis.values) values << QString::fromStdString(value);
    addAxisRow(QString::fromStdString(axis.key), values.join(", "));
  }
  mEpochs->setValue(builtin->epochs);
  mDatasetWanted = QString::fromStdString(builtin->dataset);
  if (!mFolderEdited) setFolder(defaultFolder(name));
  mFolderEdited = false;
  revalidate();
}

void SweepDialog::setEpochs(int epochs) {
  mEpochs->setValue(epochs);
}

void SweepDialog::setFolder(const QString& path) {
  mFolder->setText(path);
  revalidate();
}

QString SweepDialog::folder() const {
  return mFolder->text().trimmed();
}

SweepPlan SweepDialog::plan() const {
  std::vector<SweepAxis> axes;
  for (int row = 0; row < mAxes->rowCount(); ++row) {
    const auto* combo = qobject_cast<QComboBox*>(mAxes->cellWidget(row, 0));
    const QString values = mAxes->item(row, 1)->text().trimmed();
    axes.push_back(parseSweepAxis(combo->currentData().toString().toStdString() + "=" + values.toStdString()));
  }
  const QString preset = mModel->currentData().toString();
  ModelSpec spec = preset.isEmpty() ? mSession->spec() : presetSpec(preset.toStdString());
  TrainConfig config = mSession->config();
  if (!preset.isEmpty()) {
    // A preset's own training settings, as choosing it in the side panel would give.
    config = TrainConfig{};
    applyTrainingDefaults(config, spec.trainingDefaultsJson, "the preset's training settings");
    config.device = mSession->config().device;
    config.threads = mSession->config().threads;
    config.limit = mSession->config().limit;
  }
  config.dataset = mSession->datasetName().toStdString();
  config.epochs = mEpochs->value();
  const QString start = mStartFrom->currentData().toString();
  const std::string name = start.isEmpty() ? QFileInfo(folder()).fileName().toStdString() : start.toStdString();
  return planSweep(name, preset.toStdString(), spec, config, axes, mHalving->isChecked() ? mRungEpochs->value() : 0);
}

void SweepDialog::revalidate() {
  // Per-axis counts, then the whole plan.
  QString problem;
  for (int row = 0; row < mAxes->rowCount(); ++row) {
    const auto* combo = qobject_cast<QComboBox*>(mAxes->cellWidget(row, 0));
    auto* count = mAxes->item(row, 2);
    if (!combo || !count || !mAxes->item(row, 1)) continue;
    try {
      const SweepAxis axis = parseSweepAxis(combo->currentData().toString().toStdString() + "=" +
                                            mAxes->item(row, 1)->text().trimmed().toStdString());
      const QSignalBlocker block(mAxes);
      count->setText(QString::number(axis.values.size()));
    } catch (...) {
      const QSignalBlocker block(mAxes);
      count->setText("!");
      if (problem.isEmpty()) problem = currentErrorMessage();
    }
  }
  const QString datasetName = mSession->datasetName();
  mDataset->setText(datasetName.isEmpty() ? tr("<i>No dataset is loaded: load one in the Data tab first.</i>")
                                          : tr("%1 (the dataset loaded in the Data tab%2)")
                                                .arg(datasetName.toHtmlEscaped())
                                                .arg(mSession->config().limit > 0
                                                         ? tr(", at most %1 images").arg(mSession->config().limit)
                                                         : QString()));
  if (problem.isEmpty() && !mSession->dataset()) problem = tr("Load a dataset in the Data tab first.");
  if (problem.isEmpty() && !mDatasetWanted.isEmpty() && datasetName != mDatasetWanted)
    problem = tr("%1 trains on %2, but %3 is loaded: load %2 in the Data tab first (or pick Custom grid).")
                  .arg(mStartFrom->currentText(), mDatasetWanted, datasetName);
  if (problem.isEmpty() && folder().isEmpty()) problem = tr("Choose a folder for the sweep.");
  if (problem.isEmpty() && QFileInfo::exists(folder()))
    problem = tr("%1 exists already; choose another folder (a sweep is never written over; to continue one, "
                 "select it in the Experiments tab and press Resume sweep).")
                  .arg(folder());
  if (problem.isEmpty()) {
    try {
      const SweepPlan sweep = plan();
      const int runs = int(sweep.runs.size());
      const auto schedule = halvingSchedule(runs, sweep.halvingRungEpochs, sweep.baseConfig.epochs);
      const long long full = (long long)runs * sweep.baseConfig.epochs;
      QString text =
          tr("<b>%1 runs</b> × %2 epochs = %3 epochs of training.").arg(runs).arg(sweep.baseConfig.epochs).arg(full);
      if (sweep.halvingRungEpochs > 0)
        text += tr(" With successive halving: %1 epochs in %2 rungs (saves %3).")
                    .arg(scheduleEpochs(schedule))
                    .arg(schedule.size())
                    .arg(full - scheduleEpochs(schedule));
      if (runs > kConfirmRuns) text += tr(" More than %1 runs: you will be asked to confirm.").arg(kConfirmRuns);
      mSummary->setText(text);
    } catch (...) {
      problem = currentErrorMessage();
      mSummary->clear();
    }
  } else {
    mSummary->clear();
  }
  mProblemText = problem;
  mProblem->setText(problem);
  mProblem->setVisible(!problem.isEmpty());
  mButtons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void SweepDialog::measure() {
  SweepPlan sweep;
  try {
    sweep = plan();
  } catch (...) {
    mEstimateText->setText(currentErrorMessage());
    return;
  }
  const DatasetPtr dataset = mSession->dataset();
  if (!dataset) return;
  mEstimateText->setText(tr("Measuring…"));
  mEstimate->run([sweep, dataset](const JobRun& run) { return estimateSweep(sweep, dataset, run.context()); },
                 [this](SweepEstimate estimate) {
                   mEstimateText->setText(tr("About %1 (%2 epochs, %3 per epoch on this machine now).")
                                              .arg(spokenDuration(estimate.seconds))
                                              .arg(estimate.epochs)
                                              .arg(spokenDuration(estimate.secondsPerEpoch)));
                 });
}

void SweepDialog::showEstimateFailure(const JobFailure& failure) {
  mEstimateText->setText(tr("Could not measure: %1").arg(userMessage(failure)));
}

bool SweepDialog::createSweep() {
  revalidate();
  if (!mProblemText.isEmpty()) return false;
  try {
    const SweepPlan sweep = plan();
    if (sweep.runs.size() > std::size_t(kConfirmRuns) &&
        QMessageBox::question(this, tr("A large sweep"),
                              tr("This grid has %1 runs. Train them all, one after another?").arg(sweep.runs.size())) !=
            QMessageBox::Yes)
      return false;
    createSweepFolder(folder().toStdString(), sweep);
    return true;
  } catch (...) {
    mProblemText = currentErrorMessage();
    mProblem->setText(mProblemText);
    mProblem->setVisible(true);
    return false;
  }
}

void SweepDialog::accept() {
  mEstimate->cancel();
  if (createSweep()) QDialog::accept();
}

}  // namespace latentlab
