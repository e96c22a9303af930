#include "experiments/annotationeditor.h"

#include "common/errorreporter.h"
#include "common/usermessage.h"
#include "run/runannotations.h"

#include <QFormLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

namespace latentlab {

namespace {
QString joinTags(const std::vector<std::string>& tags) {
  QStringList list;
  for (const auto& tag : tags) list << QString::fromStdString(tag);
  return list.join(", ");
}

// The folder, and what is wrong with it (broken) or how it ended.
QString detailsHtml(const RunSummary& run) {
  QString details = QString::fromStdString(run.path.string()).toHtmlEscaped();
  if (run.state == RunState::Broken)
    details += QStringLiteral("<br><span style='color:#b00020'>%1</span>")
                   .arg(QObject::tr("Broken: %1").arg(userText(run.reason)).toHtmlEscaped());
  else if (!run.reason.empty())
    details += QStringLiteral("<br>%1").arg(userText(run.reason).toHtmlEscaped());
  return details;
}
}  // namespace

AnnotationEditor::AnnotationEditor(ErrorReporter* errors, QWidget* parent) : QWidget(parent), mErrors(errors) {
  mName = new QLineEdit;
  mName->setToolTip(tr("The name the runs table shows (F2); empty keeps the folder's name. Saved on Enter."));
  mName->setClearButtonEnabled(true);
  mTags = new QLineEdit;
  mTags->setPlaceholderText(tr("baseline, lr-sweep, …"));
  mTags->setToolTip(tr("Tags, separated by commas; the filter finds runs by them. Saved on Enter."));
  mNote = new QPlainTextEdit;
  mNote->setPlaceholderText(tr("What this run tried, what it showed…"));
  mNote->setToolTip(tr("A free-text note kept in the run folder (annotations.json); Save or Ctrl+Enter writes it"));
  mNote->setTabChangesFocus(true);
  mSave = new QPushButton(tr("Save"));
  mSave->setToolTip(tr("Write the name, tags and note to the run folder's annotations.json (Ctrl+Enter)"));
  mDetails = new QLabel;
  mDetails->setWordWrap(true);
  mDetails->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mDetails->setToolTip(tr("The run folder, and what is wrong with it when it cannot be read"));

  auto* form = new QFormLayout;
  form->setContentsMargins(0, 0, 0, 0);
  form->addRow(tr("Name"), mName);
  form->addRow(tr("Tags"), mTags);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(form);
  layout->addWidget(new QLabel(tr("Note")));
  layout->addWidget(mNote, 1);
  layout->addWidget(mSave, 0, Qt::AlignRight);
  layout->addWidget(mDetails);

  auto* saveKey = new QShortcut(QKeySequence("Ctrl+Return"), this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
  connect(saveKey, &QShortcut::activated, this, &AnnotationEditor::save);
  connect(mSave, &QPushButton::clicked, this, &AnnotationEditor::save);
  connect(mName, &QLineEdit::textEdited, this, [this] { setDirty(true); });
  connect(mTags, &QLineEdit::textEdited, this, [this] { setDirty(true); });
  connect(mNote, &QPlainTextEdit::textChanged, this, [this] {
    if (!mLoading) setDirty(true);
  });
  connect(mName, &QLineEdit::editingFinished, this, [this] {
    if (mDirty) save();
  });
  connect(mTags, &QLineEdit::editingFinished, this, [this] {
    if (mDirty) save();
  });
  load(nullptr);
}

void AnnotationEditor::showRun(const RunSummary* run) {
  const QString dir = run ? QString::fromStdString(run->path.string()) : QString();
  if (dir == mDir && run) {
    refreshRun(*run);
    return;
  }
  if (mDirty) save();
  load(run);
}

void AnnotationEditor::refreshRun(const RunSummary& run) {
  if (QString::fromStdString(run.path.string()) != mDir) return;
  if (mDirty || mName->hasFocus() || mTags->hasFocus() || mNote->hasFocus()) {
    mDetails->setText(detailsHtml(run));  // only the details follow while the user types
    return;
  }
  load(&run);
}

void AnnotationEditor::load(const RunSummary* run) {
  mLoading = true;
  mDir = run ? QString::fromStdString(run->path.string()) : QString();
  mFolderName = run ? QString::fromStdString(run->folderName) : QString();
  mName->setText(run ? QString::fromStdString(run->annotations.displayName) : QString());
  mName->setPlaceholderText(run ? mFolderName : tr("Select a run in the table"));
  mTags->setText(run ? joinTags(run->annotations.tags) : QString());
  mNote->setPlainText(run ? QString::fromStdString(run->annotations.note) : QString());
  mDetails->setText(run ? detailsHtml(*run) : QString());
  for (QWidget* field : {static_cast<QWidget*>(mName), static_cast<QWidget*>(mTags), static_cast<QWidget*>(mNote)})
    field->setEnabled(run != nullptr);
  mLoading = false;
  setDirty(false);
}

void AnnotationEditor::setDirty(bool dirty) {
  mDirty = dirty && !mDir.isEmpty();
  mSave->setEnabled(mDirty);
}

bool AnnotationEditor::save() {
  if (mDir.isEmpty() || !mDirty) return true;
  RunAnnotations annotations;
  const QString name = mName->text().trimmed();
  annotations.displayName = name == mFolderName ? std::string() : name.toStdString();
  annotations.tags = parseTagList(mTags->text().toStdString());
  annotations.note = mNote->toPlainText().trimmed().toStdString();
  try {
    writeRunAnnotations(mDir.toStdString(), annotations);
  } catch (...) {
    mErrors->report(
        tr("Cannot save the run's notes"),
        tr("Could not write %1: %2. Check that the run folder still exists and is writable.")
            .arg(QString::fromStdString(runAnnotationsFile(mDir.toStdString()).string()), currentErrorMessage()));
    return false;
  }
  // What the file now holds (tags trimmed and de-duplicated).
  mLoading = true;
  mTags->setText(joinTags(annotations.tags));
  mLoading = false;
  setDirty(false);
  Q_EMIT saved(mDir);
  return true;
}

void AnnotationEditor::startRename() {
  if (mDir.isEmpty()) return;
  mName->setFocus(Qt::ShortcutFocusReason);
  if (mName->text().isEmpty()) mName->setText(mFolderName);
  mName->selectAll();
}

QString AnnotationEditor::detailsText() const {
  return mDetails->text();
}

}  // namespace latentlab
