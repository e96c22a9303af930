#pragma once

#include "mainwindow/panel.h"
#include "session/session.h"

class QLabel;
class QTabWidget;

namespace latentlab {

class AnomalyPage;
class ColorizePage;
class DenoisePage;
class DrawPage;
class ErrorReporter;
class InpaintPage;

// The Playground tab: one page per demo of what a trained autoencoder can do
// (inpaint, denoise, colorize, detect anomalies, draw your own input), all
// working on the session's latest weights and dataset.
class PlaygroundPanel : public Panel {
  Q_OBJECT
public:
  PlaygroundPanel(Session* session, ErrorReporter* errors, QWidget* parent = nullptr);

  QString panelTitle() const override { return tr("Playground"); }
  QString panelId() const override { return "playground"; }
  QCustomPlot* exportablePlot() override;

  // Something worth a picture for `latentlab --screenshot`: the Inpaint page with a random
  // box, or the Colorize page for a colorization model.
  void prepareScreenshot();
  // The other README pictures, each showing its page. The first two start background
  // work (false, with the reason on the page, when it cannot start): wait for !isBusy().
  bool prepareDenoiseScreenshot();                                    // evaluates the test split
  bool prepareAnomalyScreenshot(const QString& otherSet, int limit);  // scores the test split vs otherSet
  void prepareDrawScreenshot();                                       // draws a "7" on the pad
  // Whether a page is still working off the GUI thread (evaluating, scoring, encoding).
  bool isBusy() const;

  // Brings a page (inpaintPage(), …) to the front; the page shown now.
  void showPage(QWidget* page);
  QWidget* currentPage() const;
  InpaintPage* inpaintPage() const { return mInpaint; }
  DenoisePage* denoisePage() const { return mDenoise; }
  ColorizePage* colorizePage() const { return mColorize; }
  AnomalyPage* anomalyPage() const { return mAnomaly; }
  DrawPage* drawPage() const { return mDraw; }
  // Shown instead of usable pages while the model is a GAN (which has no encoder).
  QLabel* ganNotice() const { return mGanNotice; }

private:
  void refreshForModelKind();

  Session* mSession = nullptr;
  QLabel* mGanNotice = nullptr;
  QTabWidget* mPages = nullptr;
  InpaintPage* mInpaint = nullptr;
  DenoisePage* mDenoise = nullptr;
  ColorizePage* mColorize = nullptr;
  AnomalyPage* mAnomaly = nullptr;
  DrawPage* mDraw = nullptr;
};

}  // namespace latentlab
