#pragma once

#include <QWidget>

class QCustomPlot;

namespace latentlab {

// A central tab. Each panel is self-contained: it talks to the Session and the
// controllers, never to other panels, so the main window only arranges them.
class Panel : public QWidget {
  Q_OBJECT
public:
  using QWidget::QWidget;

  virtual QString panelTitle() const = 0;
  // Short stable id: the screenshot file name (<id>.png) and the settings key.
  virtual QString panelId() const = 0;
  // The plot that File > Export plot saves while this panel is shown.
  virtual QCustomPlot* exportablePlot() { return nullptr; }
};

}  // namespace latentlab
