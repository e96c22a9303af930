#include "playground/playgroundpanel.h"

#include "common/asyncjob.h"
#include "playground/anomalycharts.h"
#include "playground/anomalypage.h"
#include "playground/colorizepage.h"
#include "playground/denoisepage.h"
#include "playground/drawpad.h"
#include "playground/drawpage.h"
#include "playground/inpaintpage.h"
#include "playground/maskcanvas.h"

#include <QComboBox>
#include <QLabel>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace latentlab {

PlaygroundPanel::PlaygroundPanel(Session* session, ErrorReporter* errors, QWidget* parent)
    : Panel(parent), mSession(session) {
  mInpaint = new InpaintPage(session, errors);
  mDenoise = new DenoisePage(session);
  mColorize = new ColorizePage(session, errors);
  mAnomaly = new AnomalyPage(session);
  mDraw = new DrawPage(session);
  mPages = new QTabWidget;
  mPages->setObjectName("playgroundPages");
  mPages->setTabPosition(QTabWidget::West);
  const struct {
    QWidget* page;
    QString title;
    QString tip;
  } pages[] = {
      {mInpaint, tr("Inpaint"), tr("Paint holes on an image and let the model fill them (Alt+1)")},
      {mDenoise, tr("Denoise"), tr("Corrupt test images and compare the model's output with the clean images (Alt+2)")},
      {mColorize, tr("Colorize"), tr("Gray in, color out: needs a colorization model (Alt+3)")},
      {mAnomaly, tr("Anomaly"), tr("Tell another dataset from the test split by reconstruction error (Alt+4)")},
      {mDraw, tr("Draw"), tr("Draw your own input and see its code, reconstruction and neighbours (Alt+5)")},
  };
  for (const auto& page : pages) {
    // Each page scrolls inside its tab, so the Playground fits a laptop screen without cutting a page.
    auto* scroll = new QScrollArea;
    scroll->setWidget(page.page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    const int index = mPages->addTab(scroll, page.title);
    mPages->setTabToolTip(index, page.tip);
    auto* action = new QAction(this);
    action->setShortcut(QKeySequence(QString("Alt+%1").arg(index + 1)));
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(action, &QAction::triggered, this, [this, index] { mPages->setCurrentIndex(index); });
    addAction(action);
  }
  mGanNotice = new QLabel;
  mGanNotice->setObjectName("playgroundGanNotice");
  mGanNotice->setWordWrap(true);
  mGanNotice->setStyleSheet("QLabel { background: #fff4ce; border: 1px solid #e0c060; padding: 8px; }");
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(mGanNotice);
  layout->addWidget(mPages);
  connect(session, &Session::snapshotChanged, this, &PlaygroundPanel::refreshForModelKind);
  connect(session, &Session::specChanged, this, &PlaygroundPanel::refreshForModelKind);
  refreshForModelKind();
}

// Every page encodes an image and decodes its code: a GAN's generator only decodes, so the
// pages are disabled with the reason and where to go instead, rather than failing on use.
void PlaygroundPanel::refreshForModelKind() {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  const bool gan = snapshot ? snapshot->isGan() : mSession->spec().isGan();
  mGanNotice->setVisible(gan);
  mPages->setEnabled(!gan);
  if (!gan) return;
  const std::string name = snapshot ? snapshot->spec().name : mSession->spec().name;
  mGanNotice->setText(tr("%1 is a GAN: its generator makes images from a latent code but has no encoder, and every "
                         "Playground tool encodes an image first. Explore the generator on the Latent map tab "
                         "(sliders, interpolation, Real image), or train or open an autoencoder run to use these "
                         "tools.")
                          .arg(name.empty() ? tr("This model") : QString::fromStdString(name)));
}

QCustomPlot* PlaygroundPanel::exportablePlot() {
  if (currentPage() == mAnomaly) return mAnomaly->histogram();
  return nullptr;
}

void PlaygroundPanel::prepareScreenshot() {
  // A colorization model cannot inpaint: show what it is for instead.
  if (mColorize->isActive()) {
    showPage(mColorize);
    mColorize->refreshSamples();
    return;
  }
  showPage(mInpaint);
  mInpaint->showSample(7);
  if (mInpaint->canvas()->maskedCount() == 0) mInpaint->applyRandomBox(15);
  mInpaint->updateResult();
}

bool PlaygroundPanel::prepareDenoiseScreenshot() {
  showPage(mDenoise);
  return mDenoise->evaluateTestSplit();  // with the page's default noise
}

bool PlaygroundPanel::prepareAnomalyScreenshot(const QString& otherSet, int limit) {
  showPage(mAnomaly);
  mAnomaly->datasetCombo()->setCurrentText(otherSet);
  mAnomaly->limitSpin()->setValue(limit);
  return mAnomaly->score();
}

void PlaygroundPanel::prepareDrawScreenshot() {
  showPage(mDraw);
  DrawPad* pad = mDraw->pad();
  pad->clear();
  // A "7" in MNIST proportions (28x28 canvas coordinates, scaled to other sizes):
  // a top bar, then a slanted stem.
  const double sx = pad->canvasWidth() / 28.0, sy = pad->canvasHeight() / 28.0;
  pad->drawStroke({8 * sx, 7 * sy}, {20 * sx, 7 * sy});
  pad->drawStroke({20 * sx, 7 * sy}, {13 * sx, 22 * sy});
  mDraw->ensureReference();  // the score and neighbours need the encoded test split
  mDraw->updateFromPad();
}

bool PlaygroundPanel::isBusy() const {
  return mInpaint->isBusy() || mDenoise->task()->isBusy() || mAnomaly->task()->isBusy() || mDraw->task()->isBusy();
}

void PlaygroundPanel::showPage(QWidget* page) {
  for (int index = 0; index < mPages->count(); ++index)
    if (static_cast<QScrollArea*>(mPages->widget(index))->widget() == page) mPages->setCurrentIndex(index);
}

QWidget* PlaygroundPanel::currentPage() const {
  auto* scroll = static_cast<QScrollArea*>(mPages->currentWidget());
  return scroll ? scroll->widget() : nullptr;
}

}  // namespace latentlab
