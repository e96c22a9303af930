#include "model/modelpanel.h"
#include "common/usermessage.h"

#include "common/atomicfile.h"
#include "common/errorreporter.h"
#include "layerplan.h"
#include "model/actionbutton.h"
#include "model/layereditor.h"
#include "model/layertablemodel.h"
#include "model/modelsettingsform.h"
#include "model/summaryview.h"
#include "modelsummary.h"
#include "presets.h"
#include "train/modelfit.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScopedValueRollback>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSplitter>
#include <QStyle>
#include <QVBoxLayout>

namespace latentlab {

namespace {
// The planner's message with the section and layer spelled out for the editor's wording.
QString editorMessage(const ModelSpecError& error, const ModelSpec& spec) {
  QString message = currentErrorMessage();
  if (error.section() == "encoder" && error.layer() >= 0)
    message += QObject::tr(" (row %1 of the layer table, marked in red)").arg(error.layer() + 1);
  if (error.section() == "decoder" && !spec.mirrorDecoder)
    message += QObject::tr(
        ". The explicit decoder is read-only here: set Decoder to \"Mirror of the encoder\", or "
        "edit the decoder in a saved JSON file.");
  return message;
}
}  // namespace

ModelPanel::ModelPanel(Session* session, ErrorReporter* errors, QWidget* parent)
    : Panel(parent), mSession(session), mErrors(errors), mLastFolder(QDir::homePath()) {
  auto* left = new QWidget;
  mEditors = left;
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  leftLayout->addWidget(buildPresetGroup());
  leftLayout->addWidget(buildModelGroup());
  mLayerEditor = new LayerEditor;
  leftLayout->addWidget(mLayerEditor, 1);

  auto* summaryGroup = new QGroupBox(tr("Summary"));
  auto* summaryLayout = new QVBoxLayout(summaryGroup);
  mSummary = new SummaryView;
  summaryLayout->addWidget(mSummary);

  // The editors scroll on a narrow screen, so the summary keeps room for its layer names.
  auto* leftScroll = new QScrollArea;
  leftScroll->setWidget(left);
  leftScroll->setWidgetResizable(true);
  leftScroll->setFrameShape(QFrame::NoFrame);
  leftScroll->setMinimumWidth(360);
  auto* splitter = new QSplitter(Qt::Horizontal);
  splitter->addWidget(leftScroll);
  splitter->addWidget(summaryGroup);
  splitter->setChildrenCollapsible(false);
  // The summary's layer descriptions are the longest text, so it gets the larger share.
  splitter->setStretchFactor(0, 9);
  splitter->setStretchFactor(1, 10);
  splitter->setSizes({620, 420});  // at 1280 pixels the editors scroll a little and every summary row fits
  auto* layout = new QHBoxLayout(this);
  layout->addWidget(splitter);

  connect(layerModel(), &LayerTableModel::layersEdited, this, &ModelPanel::onEdited);
  connect(mLayerEditor, &LayerEditor::currentLayerChanged, mSummary, &SummaryView::highlightEncoderLayer);
  connect(mSession, &Session::specChanged, this, &ModelPanel::onSessionSpecChanged);
  connect(mSession, &Session::datasetChanged, this, &ModelPanel::refreshDatasetFit);
  showSpec(mSession->spec(), false);
}

QWidget* ModelPanel::buildPresetGroup() {
  auto* group = new QGroupBox(tr("Preset"));
  group->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);  // the layer table takes the spare height
  auto* layout = new QVBoxLayout(group);
  mPreset = new QComboBox;
  for (const auto& name : presetNames()) {
    mPreset->addItem(QString::fromStdString(name), QString::fromStdString(name));
    mPreset->setItemData(mPreset->count() - 1, QString::fromStdString(presetSpec(name).description), Qt::ToolTipRole);
  }
  mPreset->setPlaceholderText(tr("Custom spec"));
  mPreset->setToolTip(
      tr("Start from a model of one of the lab reports; it also sets the recommended training "
         "settings. Your edits to the current spec are replaced."));
  connect(mPreset, &QComboBox::activated, this, [this] {
    if (mShowing) return;
    const QString name = mPreset->currentData().toString();
    try {
      mSession->setPreset(name);
    } catch (...) {  // nothing may throw out of a slot
      refreshPresetInfo();
      mErrors->report(tr("Cannot use preset %1").arg(name), currentErrorMessage());
    }
  });

  mSave =
      makeEditorAction(this, tr("Save JSON…"), tr("Save the edited spec as a JSON file"), QKeySequence("Ctrl+Shift+S"),
                       Qt::WidgetWithChildrenShortcut, style()->standardIcon(QStyle::SP_DialogSaveButton));
  mLoad = makeEditorAction(this, tr("Load JSON…"), tr("Load a spec from a JSON file (like models/presets/*.json)"),
                           QKeySequence("Ctrl+Shift+J"), Qt::WidgetWithChildrenShortcut,
                           style()->standardIcon(QStyle::SP_DialogOpenButton));
  connect(mSave, &QAction::triggered, this, &ModelPanel::chooseSaveFile);
  connect(mLoad, &QAction::triggered, this, &ModelPanel::chooseLoadFile);

  auto* row = new QHBoxLayout;
  row->addWidget(new QLabel(tr("Start from")));
  row->addWidget(mPreset, 1);
  row->addSpacing(12);
  row->addWidget(buttonFor(mLoad));
  row->addWidget(buttonFor(mSave));
  layout->addLayout(row);

  mPresetInfo = new QLabel;
  mPresetInfo->setWordWrap(true);
  mPresetInfo->setTextFormat(Qt::RichText);
  mPresetInfo->setAlignment(Qt::AlignLeft | Qt::AlignTop);
  mPresetInfo->setToolTip(tr("Where the spec comes from and what it reproduces"));
  layout->addWidget(mPresetInfo);
  mFitNote = new QLabel;
  mFitNote->setObjectName("datasetFitNote");
  mFitNote->setToolTip(tr("Whether this model can train on the dataset chosen in the settings"));
  mFitNote->setWordWrap(true);
  mFitNote->hide();
  layout->addWidget(mFitNote);
  return group;
}

QWidget* ModelPanel::buildModelGroup() {
  auto* group = new QGroupBox(tr("Model"));
  group->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
  auto* layout = new QVBoxLayout(group);
  mForm = new ModelSettingsForm;
  layout->addWidget(mForm);
  connect(mForm, &ModelSettingsForm::edited, this, &ModelPanel::onEdited);
  return group;
}

LayerTableModel* ModelPanel::layerModel() const {
  return mLayerEditor->model();
}

QTableView* ModelPanel::layerView() const {
  return mLayerEditor->view();
}

ModelSpec ModelPanel::editedSpec() const {
  ModelSpec spec = mBase;
  mForm->applyTo(spec);
  spec.encoder = layerModel()->layers();
  return spec;
}

void ModelPanel::showSpec(const ModelSpec& spec, bool pushToSession) {
  mShowing = true;
  mBase = spec;
  mForm->setSpec(spec);
  layerModel()->setModelActivation(spec.activation);
  layerModel()->setLayers(spec.encoder);
  mShowing = false;
  plan(pushToSession);
}

void ModelPanel::onSessionSpecChanged() {
  if (mPushing) {
    refreshPresetInfo();  // our own edit: only "edited" changed
    return;
  }
  mLoadedFile.clear();
  showSpec(mSession->spec(), false);  // the session already holds it
}

void ModelPanel::onEdited() {
  if (mShowing) return;
  mFileEdited = !mLoadedFile.isEmpty();
  layerModel()->setModelActivation(editedSpec().activation);
  plan(true);
}

void ModelPanel::plan(bool pushToSession) {
  const ModelSpec spec = editedSpec();
  try {
    const LayerPlan layerPlan = planModel(spec);
    mSummary->showSummary(summarizePlan(spec, layerPlan), spec);
    layerModel()->setErrorRow(-1, {});
    if (pushToSession) {
      const QScopedValueRollback<bool> pushing(mPushing, true);
      mSession->setSpec(spec);
    }
  } catch (const ModelSpecError& error) {
    // Shown on the offending row and above the summary; the session keeps its last valid spec.
    const QString message = editorMessage(error, spec);
    layerModel()->setErrorRow(error.section() == "encoder" ? error.layer() : -1, message);
    mSummary->showError(message);
  } catch (...) {
    layerModel()->setErrorRow(-1, {});
    mSummary->showError(tr("This model cannot be planned: %1").arg(currentErrorMessage()));
  }
  refreshPresetInfo();
  refreshDatasetFit();
}

void ModelPanel::refreshPresetInfo() {
  const int presetIndex = mPreset->findData(mSession->presetName());
  {
    const QSignalBlocker block(mPreset);
    mPreset->setCurrentIndex(mLoadedFile.isEmpty() ? presetIndex : -1);
  }

  QStringList facts;
  if (!mLoadedFile.isEmpty()) {
    facts << (mFileEdited ? tr("<b>%1, edited</b>") : tr("<b>Loaded from %1</b>"))
                 .arg(QFileInfo(mLoadedFile).fileName().toHtmlEscaped());
  } else if (presetIndex >= 0) {
    facts << (mSession->specEdited() ? tr("<b>%1, edited</b>") : tr("<b>%1</b>"))
                 .arg(mSession->presetName().toHtmlEscaped());
  } else {
    facts << tr("<b>Custom spec</b>");
  }
  if (!mBase.seed.empty()) facts << tr("reproduces seed %1").arg(QString::fromStdString(mBase.seed).toHtmlEscaped());
  QString text = facts.join(QStringLiteral(" · "));
  if (!mBase.description.empty())
    text += QStringLiteral("<br><span style=\"color: palette(placeholder-text);\">%1</span>")
                .arg(QString::fromStdString(mBase.description).toHtmlEscaped());
  mPresetInfo->setText(text);
}

void ModelPanel::refreshDatasetFit() {
  const DatasetPtr dataset = mSession->dataset();
  if (!dataset) {
    mFitNote->hide();
    return;
  }
  try {
    checkModelFitsDataset(editedSpec(), *dataset);
    mFitNote->setText(tr("Fits the loaded dataset %1 (%2 images).")
                          .arg(mSession->datasetName(), QString::fromStdString(dataset->shape.toString())));
    mFitNote->setStyleSheet("color: #2e7d32;");
  } catch (...) {
    mFitNote->setText(tr("Does not fit the loaded dataset: %1").arg(currentErrorMessage()));
    mFitNote->setStyleSheet("color: #b35c00;");
  }
  mFitNote->show();
}

bool ModelPanel::saveSpecTo(const QString& path) {
  try {
    writeTextFileAtomically(path.toStdString(), toJson(editedSpec()));
    mLastFolder = QFileInfo(path).absolutePath();
    return true;
  } catch (...) {
    mErrors->report(tr("Cannot save the model spec"), tr("Could not write %1: %2. Choose a folder you can write to.")
                                                          .arg(QDir::toNativeSeparators(path), currentErrorMessage()));
    return false;
  }
}

bool ModelPanel::loadSpecFrom(const QString& path) {
  ModelSpec spec;
  try {
    spec = parseModelSpec(readTextFile(path.toStdString()), QDir::toNativeSeparators(path).toStdString());
  } catch (...) {
    // parseModelSpec and readTextFile both name the file and the problem.
    mErrors->report(tr("Cannot load the model spec"), currentErrorMessage());
    return false;
  }
  if (spec.name.empty()) spec.name = QFileInfo(path).completeBaseName().toStdString();
  mLastFolder = QFileInfo(path).absolutePath();
  mLoadedFile = path;
  mFileEdited = false;
  // A spec that cannot be built still loads, marked, so it can be fixed here; only a valid one reaches the session.
  showSpec(spec, true);
  return true;
}

void ModelPanel::chooseSaveFile() {
  const std::string name = editedSpec().name.empty() ? "model" : editedSpec().name;
  const QString suggested = QDir(mLastFolder).filePath(QString::fromStdString(name) + ".json");
  const QString path = QFileDialog::getSaveFileName(this, tr("Save model spec"), suggested, tr("Model spec (*.json)"));
  if (!path.isEmpty()) saveSpecTo(path);
}

void ModelPanel::chooseLoadFile() {
  const QString path =
      QFileDialog::getOpenFileName(this, tr("Load model spec"), mLastFolder, tr("Model spec (*.json);;All files (*)"));
  if (!path.isEmpty()) loadSpecFrom(path);
}

void ModelPanel::setEditingLocked(bool locked) {
  mEditors->setEnabled(!locked);
  mEditors->setToolTip(locked ? tr("The model cannot change while it trains; stop training to edit it.") : QString());
}

}  // namespace latentlab
