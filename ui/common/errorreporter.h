#pragma once

#include "jobs/jobfailure.h"

#include <QObject>
#include <QPointer>
#include <QString>

class QMessageBox;
class QWidget;

namespace latentlab {

// Shows a user-caused error in a window-modal, non-blocking message box and
// remembers it, so the app keeps running and tests can read what was shown.
// The box holds one readable sentence; a library's full text (LibTorch's, with
// its backtrace) goes to the "Show Details…" expander and the log only.
class ErrorReporter : public QObject {
  Q_OBJECT
public:
  explicit ErrorReporter(QWidget* parentWindow);

  // `message` may be a raw exception text: a backtrace in it moves to the details.
  void report(const QString& title, const QString& message);
  void report(const QString& title, const JobFailure& failure);

  QString lastMessage() const { return mLastMessage; }
  QString lastDetails() const { return mLastDetails; }
  // The box currently shown, if any (tests close it).
  QMessageBox* visibleBox() const;

Q_SIGNALS:
  void reported(const QString& message);

private:
  void show(const QString& title, const QString& message, const QString& details);

  QWidget* mParentWindow;
  QPointer<QMessageBox> mBox;
  QString mLastMessage;
  QString mLastDetails;
};

}  // namespace latentlab
