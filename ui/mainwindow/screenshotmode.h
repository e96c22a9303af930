#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

namespace latentlab {

class MainWindow;

struct ScreenshotOptions {
  QString outputDir;
  QString runDir;        // open this run before capturing
  int trainEpochs = 0;   // train this many epochs first and capture while the next one runs
};

// Drives the main window for `latentlab --screenshot`: waits for the dataset,
// opens the run or trains, renders every tab to <dir>/<tab>.png and quits with
// exit code 0, or 1 with the reason on stderr.
class ScreenshotMode : public QObject {
  Q_OBJECT
public:
  ScreenshotMode(MainWindow* window, ScreenshotOptions options);

  void start();

private:
  void onDatasetReady();
  void requestCapture();
  void capture();
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
