#include "playground/taskprogress.h"

#include "playground/backgroundtask.h"

#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>

#include <cmath>

namespace latentlab {

TaskProgress::TaskProgress(BackgroundTask* task, QWidget* parent) : QWidget(parent) {
  mBar = new QProgressBar;
  mBar->setRange(0, 100);
  mBar->setMinimumWidth(160);
  mBar->setTextVisible(true);
  mCancel = new QPushButton(tr("Cancel"));
  mCancel->setShortcut(QKeySequence(Qt::Key_Escape));
  mCancel->setToolTip(tr("Stop the computation (Esc)"));
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(mBar, 1);
  row->addWidget(mCancel);
  setVisible(false);
  connect(mCancel, &QPushButton::clicked, task, &BackgroundTask::cancel);
  connect(task, &BackgroundTask::started, this, [this] { mBar->setValue(0); });
  connect(task, &BackgroundTask::progressed, this,
          [this](double fraction) { mBar->setValue(int(std::lround(fraction * 100))); });
  connect(task, &BackgroundTask::runningChanged, this, [this](bool running) { setVisible(running); });
}

}  // namespace latentlab
