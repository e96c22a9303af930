#include "experiments/sweepspage.h"

#include "common/errorreporter.h"
#include "experiments/sweepdialog.h"
#include "experiments/sweepview.h"
#include "session/session.h"
#include "training/trainingcontroller.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace latentlab {

SweepsPage::SweepsPage(Session* session, TrainingController* controller, ErrorReporter* errors, QWidget* parent)
    : QWidget(parent), mSession(session), mController(controller), mErrors(errors) {
  mChoice = new QComboBox(this);
  mChoice->setObjectName("sweepChoice");
  mChoice->setMinimumContentsLength(30);
  mChoice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
  mChoice->setToolTip(tr("The sweep to show: every sweep folder under the runs folders"));
  mNew = new QPushButton(tr("&New sweep…"), this);
  mNew->setObjectName("newSweep");
  mNew->setToolTip(tr("A grid search: vary settings, train every combination one after another (Ctrl+Shift+G)"));
  mView = new SweepView(session, controller, errors, this);

  auto* top = new QHBoxLayout;
  top->addWidget(new QLabel(tr("Sweep:"), this));
  top->addWidget(mChoice, 1);
  top->addWidget(mNew);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addLayout(top);
  layout->addWidget(mView, 1);

  connect(mChoice, &QComboBox::currentIndexChanged, this, [this] {
    const QString folder = mChoice->currentData().toString();
    if (!folder.isEmpty()) mView->showSweep(folder);
  });
  connect(mNew, &QPushButton::clicked, this, &SweepsPage::newSweep);
  connect(mView, &SweepView::openRunRequested, this, &SweepsPage::openRunRequested);
  connect(mView, &SweepView::reportRequested, this, &SweepsPage::reportRequested);
  connect(mController, &TrainingController::sweepStarted, this,
          [this](const QString& folder) { addSweepFolders({folder}); });
}

void SweepsPage::addSweepFolders(const QStringList& folders) {
  for (const QString& folder : folders) {
    if (mChoice->findData(folder) >= 0) continue;
    mChoice->addItem(QFileInfo(folder).fileName() + "  —  " + folder, folder);
  }
}

void SweepsPage::showSweep(const QString& folder) {
  addSweepFolders({folder});
  mChoice->setCurrentIndex(mChoice->findData(folder));
  mView->showSweep(folder);
}

void SweepsPage::newSweep() {
  if (mController->isRunning()) {
    mErrors->report(tr("Training in progress"),
                    tr("The training worker is busy. Stop the current training (Shift+F5) or let it finish, then "
                       "start the sweep."));
    return;
  }
  SweepDialog dialog(mSession, this);
  if (dialog.exec() != QDialog::Accepted) return;
  const QString folder = dialog.folder();
  mController->startSweep(folder, mSession->dataset());
  showSweep(folder);
}

}  // namespace latentlab
