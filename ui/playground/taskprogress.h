#pragma once

#include <QWidget>

class QProgressBar;
class QPushButton;

namespace latentlab {

class BackgroundTask;

// A progress bar and a Cancel button that follow a BackgroundTask: shown while
// it runs, hidden otherwise. Cancel (or Escape while the page has focus) stops it.
class TaskProgress : public QWidget {
  Q_OBJECT
public:
  explicit TaskProgress(BackgroundTask* task, QWidget* parent = nullptr);

  QProgressBar* bar() const { return mBar; }
  QPushButton* cancelButton() const { return mCancel; }

private:
  QProgressBar* mBar = nullptr;
  QPushButton* mCancel = nullptr;
};

}  // namespace latentlab
