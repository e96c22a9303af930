#pragma once

#include <QObject>

#include <functional>

class QWidget;

namespace latentlab {

// A widget's refresh that waits until the widget is on screen: request() runs it
// at once when the widget is visible, else the next time it is shown. Pages that
// run the model on new weights (the Playground's) then cost nothing while hidden,
// which keeps the GUI thread free during training.
class RefreshWhenShown : public QObject {
  Q_OBJECT
public:
  RefreshWhenShown(QWidget* widget, std::function<void()> refresh);

  void request();
  bool isPending() const { return mPending; }

protected:
  bool eventFilter(QObject* watched, QEvent* event) override;

private:
  QWidget* mWidget;
  std::function<void()> mRefresh;
  bool mPending = false;
};

}  // namespace latentlab
