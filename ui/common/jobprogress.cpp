#include "common/jobprogress.h"

#include "common/asyncjob.h"

#include <QHBoxLayout>
#include <QProgressBar>
#include <QPushButton>

#include <cmath>

namespace latentlab {

JobProgress::JobProgress(AsyncJob* job, QWidget* parent) : QWidget(parent) {
  mBar = new QProgressBar;
  mBar->setRange(0, 100);
  mBar->setMinimumWidth(140);
  mBar->setTextVisible(true);
  mCancel = new QPushButton(tr("Cancel"));
  mCancel->setShortcut(QKeySequence(Qt::Key_Escape));
  mCancel->setToolTip(tr("Stop the computation (Esc)"));
  auto* row = new QHBoxLayout(this);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(mBar, 1);
  row->addWidget(mCancel);
  setVisible(false);
  connect(mCancel, &QPushButton::clicked, job, &AsyncJob::cancel);
  connect(job, &AsyncJob::started, this, [this] {
    mBar->setValue(0);
    mBar->setFormat(QStringLiteral("%p%"));
  });
  connect(job, &AsyncJob::progressed, this, [this](double fraction, const QString& stage) {
    mBar->setValue(int(std::lround(fraction * 100)));
    mBar->setFormat(stage.isEmpty() ? QStringLiteral("%p%") : stage + QStringLiteral(" %p%"));
  });
  connect(job, &AsyncJob::busyChanged, this, [this](bool busy) { setVisible(busy); });
}

}  // namespace latentlab
