#include "common/errorreporter.h"

#include "common/usermessage.h"

#include <QMessageBox>
#include <QtGlobal>

namespace latentlab {

ErrorReporter::ErrorReporter(QWidget* parentWindow) : QObject(parentWindow), mParentWindow(parentWindow) {}

QMessageBox* ErrorReporter::visibleBox() const {
  return mBox;
}

void ErrorReporter::report(const QString& title, const QString& message) {
  // Messages written for users are single lines; anything longer came from a library.
  const bool raw = message.contains(QLatin1String("Exception raised from")) ||
                   message.contains(QLatin1String("frame #")) || message.count('\n') > 3;
  if (!raw) {
    show(title, userText(message.toStdString()), {});
    return;
  }
  const JobFailure failure = describeLibraryMessage(message.toStdString());
  show(title, userMessage(failure), message);
}

void ErrorReporter::report(const QString& title, const JobFailure& failure) {
  const QString details = QString::fromStdString(failure.details);
  const QString message = userMessage(failure);
  show(title, message, details == QString::fromStdString(failure.message) ? QString() : details);
}

void ErrorReporter::show(const QString& title, const QString& message, const QString& details) {
  mLastMessage = message;
  mLastDetails = details;
  // The log keeps everything, the full library text included.
  qWarning("%s: %s%s%s", qPrintable(title), qPrintable(message), details.isEmpty() ? "" : "\n", qPrintable(details));
  if (mBox) mBox->close();
  mBox = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, mParentWindow);
  mBox->setAttribute(Qt::WA_DeleteOnClose);
  mBox->setTextInteractionFlags(Qt::TextSelectableByMouse);
  if (!details.isEmpty()) mBox->setDetailedText(details);
  mBox->open();  // window-modal but does not block the event loop
  Q_EMIT reported(message);
}

}  // namespace latentlab
