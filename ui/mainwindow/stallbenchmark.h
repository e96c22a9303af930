#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <vector>

namespace latentlab {

class MainWindow;

// `latentlab --bench-ui`: trains the current model on the current dataset for a
// while and measures how long the GUI event loop ever goes without running a
// 2 ms timer (a stall the user would feel), while every live plot updates, and
// how much CPU the GUI thread itself uses. With `followMap` the Latent map tab
// is shown and its map follows every epoch, as in real use. Prints one JSON
// line and quits.
class StallBenchmark : public QObject {
  Q_OBJECT
public:
  StallBenchmark(MainWindow* window, double seconds, bool followMap = false);
  void start();

private:
  void onDatasetReady();
  void tick();
  void switchTabs();
  void finish();

  MainWindow* mWindow;
  double mSeconds;
  bool mFollowMap;
  double mGuiCpuAtStart = 0.0;
  long long mMaps = 0;
  std::vector<double> mTabSwitchMs;  // a tab switch and its full repaint, as a user's click makes
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
