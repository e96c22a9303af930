#pragma once

#include <QWidget>

class QProgressBar;
class QPushButton;

namespace latentlab {

class AsyncJob;

// A progress bar (with the job's stage) and a Cancel button that follow an
// AsyncJob: shown while it is busy, hidden otherwise. Cancel or Escape stops it.
class JobProgress : public QWidget {
  Q_OBJECT
public:
  explicit JobProgress(AsyncJob* job, QWidget* parent = nullptr);

  QProgressBar* bar() const { return mBar; }
  QPushButton* cancelButton() const { return mCancel; }

private:
  QProgressBar* mBar = nullptr;
  QPushButton* mCancel = nullptr;
};

}  // namespace latentlab
