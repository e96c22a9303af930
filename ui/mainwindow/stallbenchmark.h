#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace latentlab {

class MainWindow;

// `latentlab --bench-ui`: trains the current model on the current dataset for a
// while and measures how long the GUI event loop ever goes without running a
// 2 ms timer (a stall the user would feel), while every live plot updates.
// Prints one JSON line and quits.
class StallBenchmark : public QObject {
  Q_OBJECT
public:
  StallBenchmark(MainWindow* window, double seconds);
  void start();

private:
  void onDatasetReady();
  void tick();
  void finish();

  MainWindow* mWindow;
  double mSeconds;
  bool mStarted = false;
  QTimer mTicker;
  QElapsedTimer mSinceTick;
  QElapsedTimer mRunTime;
  std::vector<double> mGapsMs;
  long long mBatches = 0;
};

// Mean milliseconds of a full re-draw of a latent map of `points` points (pan-sized range changes).
double mapRedrawMilliseconds(int points);

}  // namespace latentlab
