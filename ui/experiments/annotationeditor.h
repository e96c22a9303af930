#pragma once

// What a user writes about the selected run: its display name, tags and a note,
// saved to the run folder's annotations.json (core/run/runannotations.h). The name
// and tags save on Enter or when they lose focus, the note with Save (Ctrl+Return);
// choosing another run first saves what was typed. A run's details (its folder, and
// for a broken one what is wrong) show below.

#include "run/runsummary.h"

#include <QString>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace latentlab {

class ErrorReporter;

class AnnotationEditor : public QWidget {
  Q_OBJECT
public:
  AnnotationEditor(ErrorReporter* errors, QWidget* parent = nullptr);

  // The run to edit (saving the previous one's edits first); null: none selected.
  void showRun(const RunSummary* run);
  // A rescan read the run again: takes its annotations unless the user is editing them.
  void refreshRun(const RunSummary& run);
  // Writes the edits to annotations.json; false (with the reason shown) when it cannot.
  bool save();
  // F2: the name field, its text selected.
  void startRename();

  QString runDir() const { return mDir; }
  bool isDirty() const { return mDirty; }
  QLineEdit* nameEdit() const { return mName; }
  QLineEdit* tagsEdit() const { return mTags; }
  QPlainTextEdit* noteEdit() const { return mNote; }
  QPushButton* saveButton() const { return mSave; }
  QString detailsText() const;

Q_SIGNALS:
  // annotations.json of `dir` was written.
  void saved(const QString& dir);

private:
  void load(const RunSummary* run);
  void setDirty(bool dirty);

  ErrorReporter* mErrors;
  QString mDir;
  QString mFolderName;
  bool mDirty = false;
  bool mLoading = false;
  QLineEdit* mName = nullptr;
  QLineEdit* mTags = nullptr;
  QPlainTextEdit* mNote = nullptr;
  QPushButton* mSave = nullptr;
  QLabel* mDetails = nullptr;
};

}  // namespace latentlab
