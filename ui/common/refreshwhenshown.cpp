#include "common/refreshwhenshown.h"

#include <QEvent>
#include <QWidget>

namespace latentlab {

RefreshWhenShown::RefreshWhenShown(QWidget* widget, std::function<void()> refresh)
    : QObject(widget), mWidget(widget), mRefresh(std::move(refresh)) {
  widget->installEventFilter(this);
}

void RefreshWhenShown::request() {
  if (mWidget->isVisible()) {
    mPending = false;
    mRefresh();
  } else {
    mPending = true;
  }
}

bool RefreshWhenShown::eventFilter(QObject* watched, QEvent* event) {
  if (watched == mWidget && event->type() == QEvent::Show && mPending) {
    mPending = false;
    mRefresh();
  }
  return QObject::eventFilter(watched, event);
}

}  // namespace latentlab
