#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace latentlab {

class MainWindow;

struct ScreenshotOptions {
  QString outputDir;
  QString runDir;       // open this run before capturing
  int trainEpochs = 0;  // train this many epochs first and capture while the next one runs
};

// Drives the main window for `latentlab --screenshot`: waits for the dataset,
// opens the run or trains, renders every tab to <dir>/<tab>.png, the Playground's
// Denoise, Anomaly and Draw pages in use to <dir>/playground-<page>.png (skipped
// with a warning when they cannot be made), and quits with exit code 0, or 1
// with the reason on stderr.
class ScreenshotMode : public QObject {
  Q_OBJECT
public:
  ScreenshotMode(MainWindow* window, ScreenshotOptions options);

  void start();

private:
  void onDatasetReady();
  void requestCapture();
  void capture();
  // Calls next(true) once done() holds, or next(false) after timeoutMs; polls, never blocks.
  void waitFor(std::function<bool()> done, int timeoutMs, std::function<void(bool)> next);
  void savePlayground(const QString& fileName);
  void captureDenoise();
  void captureAnomaly();
  void captureDraw();
  void captureLatent();
  void captureLatentTools();
  void warn(const QString& message);
  void fail(const QString& message);

  MainWindow* mWindow;
  ScreenshotOptions mOptions;
  bool mStarted = false;
  bool mCaptured = false;
  bool mCaptureRequested = false;
  int mWaitedMs = 0;
  QStringList mWritten;
};

}  // namespace latentlab
