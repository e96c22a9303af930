#pragma once

#include "mainwindow/panel.h"
#include "session/session.h"

class QAction;
class QComboBox;
class QLabel;
class QTableView;

namespace latentlab {

class ErrorReporter;
class LayerEditor;
class LayerTableModel;
class ModelSettingsForm;
class SummaryView;

// The Model tab: pick a preset or edit the network layer by layer; the summary
// table (layer, output shape, parameters, total) follows every edit, and a
// layer that cannot be built is marked on its own row. Specs save and load as JSON.
class ModelPanel : public Panel {
  Q_OBJECT
public:
  ModelPanel(Session* session, ErrorReporter* errors, QWidget* parent = nullptr);

  QString panelTitle() const override { return tr("Model"); }
  QString panelId() const override { return "model"; }

  // The spec as the editor shows it now; it reaches the session only while it can be built.
  ModelSpec editedSpec() const;
  // Save JSON… and Load JSON… without the file dialog; errors go to the ErrorReporter.
  bool saveSpecTo(const QString& path);
  bool loadSpecFrom(const QString& path);
  // While a run trains, its model is fixed: the editors are read-only, the summary stays readable.
  void setEditingLocked(bool locked);

  // For tests and the screenshot tool.
  QComboBox* presetBox() const { return mPreset; }
  QLabel* presetInfo() const { return mPresetInfo; }
  ModelSettingsForm* settingsForm() const { return mForm; }
  LayerEditor* layerEditor() const { return mLayerEditor; }
  LayerTableModel* layerModel() const;
  QTableView* layerView() const;
  SummaryView* summaryView() const { return mSummary; }

private:
  QWidget* buildPresetGroup();
  QWidget* buildModelGroup();

  void showSpec(const ModelSpec& spec, bool pushToSession);  // reloads every editor from a spec
  void onSessionSpecChanged();
  void onEdited();
  void plan(bool pushToSession);  // checks the edited spec, updates the summary and the marks
  void refreshPresetInfo();
  void refreshDatasetFit();
  void chooseSaveFile();
  void chooseLoadFile();

  Session* mSession;
  ErrorReporter* mErrors;
  ModelSpec mBase;      // what the editors do not show: name, description, seed, training defaults
  QString mLoadedFile;  // the JSON file the spec came from, until a preset replaces it
  bool mFileEdited = false;
  QString mLastFolder;    // where the file dialogs open
  bool mShowing = false;  // reloading the editors: their change signals are not edits
  bool mPushing = false;  // our own setSpec: the session's echo must not reload the editors

  QWidget* mEditors = nullptr;
  QComboBox* mPreset = nullptr;
  QLabel* mPresetInfo = nullptr;
  QLabel* mFitNote = nullptr;
  ModelSettingsForm* mForm = nullptr;
  LayerEditor* mLayerEditor = nullptr;
  SummaryView* mSummary = nullptr;
  QAction* mSave = nullptr;
  QAction* mLoad = nullptr;
};

}  // namespace latentlab
