#pragma once

// The Experiments tab's Sweeps page: which sweep to look at (every sweep folder the
// runs library found, and any just created), New sweep…, and the chosen sweep's view.

#include <QStringList>
#include <QWidget>

class QComboBox;
class QPushButton;

namespace latentlab {

class ErrorReporter;
class Session;
class SweepView;
class TrainingController;

class SweepsPage : public QWidget {
  Q_OBJECT
public:
  SweepsPage(Session* session, TrainingController* controller, ErrorReporter* errors, QWidget* parent = nullptr);

  // The sweep folders found by a scan of the runs library (added to the choice).
  void addSweepFolders(const QStringList& folders);
  void showSweep(const QString& folder);
  // Opens the New sweep dialog; a sweep written by it starts on the training worker.
  void newSweep();

  SweepView* view() const { return mView; }
  QComboBox* sweepChoice() const { return mChoice; }

Q_SIGNALS:
  void openRunRequested(const QString& runDir);
  void reportRequested(const QString& sweepDir);

private:
  Session* mSession;
  TrainingController* mController;
  ErrorReporter* mErrors;
  QComboBox* mChoice = nullptr;
  QPushButton* mNew = nullptr;
  SweepView* mView = nullptr;
};

}  // namespace latentlab
