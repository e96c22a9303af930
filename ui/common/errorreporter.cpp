#include "common/errorreporter.h"

#include <QMessageBox>

namespace latentlab {

ErrorReporter::ErrorReporter(QWidget* parentWindow) : QObject(parentWindow), mParentWindow(parentWindow) {}

QMessageBox* ErrorReporter::visibleBox() const {
  return mBox;
}

void ErrorReporter::report(const QString& title, const QString& message) {
  mLastMessage = message;
  if (mBox) mBox->close();
  mBox = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, mParentWindow);
  mBox->setAttribute(Qt::WA_DeleteOnClose);
  mBox->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mBox->open();  // window-modal but does not block the event loop
  Q_EMIT reported(message);
}

}  // namespace latentlab
