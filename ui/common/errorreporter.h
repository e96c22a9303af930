#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QMessageBox;
class QWidget;

namespace latentlab {

// Shows a user-caused error in a window-modal, non-blocking message box and
// remembers it, so the app keeps running and tests can read what was shown.
class ErrorReporter : public QObject {
  Q_OBJECT
public:
  explicit ErrorReporter(QWidget* parentWindow);

  void report(const QString& title, const QString& message);

  QString lastMessage() const { return mLastMessage; }
  // The box currently shown, if any (tests close it).
  QMessageBox* visibleBox() const;

Q_SIGNALS:
  void reported(const QString& message);

private:
  QWidget* mParentWindow;
  QPointer<QMessageBox> mBox;
  QString mLastMessage;
};

}  // namespace latentlab
