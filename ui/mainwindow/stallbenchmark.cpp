#include "mainwindow/stallbenchmark.h"

#include "common/asyncjob.h"
#include "latent/latentmapview.h"
#include "latent/latentpanel.h"
#include "mainwindow/mainwindow.h"
#include "session/datasetloader.h"
#include "session/session.h"
#include "training/trainingcontroller.h"
#include "training/trainingpanel.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QTabWidget>

#include <algorithm>
#include <cstdio>
#include <random>

#include <time.h>

namespace latentlab {

namespace {
// CPU seconds the calling thread has used.
double threadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return double(now.tv_sec) + double(now.tv_nsec) / 1e9;
}
}  // namespace

StallBenchmark::StallBenchmark(MainWindow* window, double seconds, bool followMap)
    : QObject(window), mWindow(window), mSeconds(seconds), mFollowMap(followMap) {
  mTicker.setInterval(2);
  mTicker.setTimerType(Qt::PreciseTimer);
  connect(&mTicker, &QTimer::timeout, this, &StallBenchmark::tick);
}

void StallBenchmark::start() {
  connect(mWindow->datasetLoader(), &DatasetLoader::failed, this, [](const QString& name, const QString& message) {
    std::fprintf(stderr, "latentlab: cannot open dataset %s: %s\n", qPrintable(name), qPrintable(message));
    QCoreApplication::exit(1);
  });
  connect(mWindow->session(), &Session::datasetChanged, this, &StallBenchmark::onDatasetReady);
}

void StallBenchmark::onDatasetReady() {
  if (mStarted || mWindow->datasetLoader()->isLoading()) return;
  mStarted = true;
  TrainConfig config = mWindow->session()->config();
  config.epochs = 1000;  // stopped by the clock, not by the epoch count
  mWindow->session()->setConfig(config);
  connect(mWindow->trainingController(), &TrainingController::batchReported, this, [this] { ++mBatches; });
  connect(mWindow->latentPanel()->mapJob(), &AsyncJob::finished, this, [this] { ++mMaps; });
  mWindow->latentPanel()->findChild<QCheckBox*>("followTraining")->setChecked(mFollowMap);
  mWindow->tabs()->setCurrentWidget(mFollowMap ? static_cast<QWidget*>(mWindow->latentPanel())
                                               : static_cast<QWidget*>(mWindow->trainingPanel()));
  if (!mWindow->trainingPanel()->startTraining()) {
    std::fprintf(stderr, "latentlab: the benchmark could not start training\n");
    QCoreApplication::exit(1);
    return;
  }
  mRunTime.start();
  mGuiCpuAtStart = threadCpuSeconds();
  mSinceTick.start();
  mTicker.start();
}

void StallBenchmark::switchTabs() {
  // Away to another tab and back, each repainted at once: what the user waits for after Ctrl+3.
  QTabWidget* tabs = mWindow->tabs();
  const int shown = tabs->currentIndex();
  const int other =
      tabs->indexOf(shown == tabs->indexOf(mWindow->trainingPanel()) ? static_cast<QWidget*>(mWindow->latentPanel())
                                                                     : static_cast<QWidget*>(mWindow->trainingPanel()));
  for (int index : {other, shown}) {
    QElapsedTimer clock;
    clock.start();
    tabs->setCurrentIndex(index);
    mWindow->repaint();
    mTabSwitchMs.push_back(double(clock.nsecsElapsed()) / 1e6);
  }
}

void StallBenchmark::tick() {
  mGapsMs.push_back(double(mSinceTick.nsecsElapsed()) / 1e6);
  // Every five seconds a pair of tab switches (their time is measured apart, not as a stall).
  if (mRunTime.elapsed() / 5000 > qint64(mTabSwitchMs.size() / 2)) {
    switchTabs();
    mSinceTick.restart();
    return;
  }
  mSinceTick.restart();
  if (mRunTime.elapsed() >= qint64(mSeconds * 1000)) finish();
}

double mapRedrawMilliseconds(int points) {
  // Ten clusters of points, as a t-SNE map of MNIST looks, on a map view of the tab's size.
  std::mt19937 random(1);
  std::normal_distribution<float> spread(0.0f, 3.0f);
  std::vector<float> xy;
  std::vector<std::uint16_t> groups;
  for (int i = 0; i < points; ++i) {
    const int group = i % 10;
    xy.push_back(30.0f * std::cos(group * 0.628f) + spread(random));
    xy.push_back(30.0f * std::sin(group * 0.628f) + spread(random));
    groups.push_back(std::uint16_t(group));
  }
  LatentMapView view;
  view.resize(1000, 780);
  view.setPoints(std::move(xy), std::move(groups), false);
  view.benchmarkRedraw(3);  // warm up
  return view.benchmarkRedraw(30);
}

void StallBenchmark::finish() {
  mTicker.stop();
  const double guiCpuPercent = 100.0 * (threadCpuSeconds() - mGuiCpuAtStart) / (double(mRunTime.elapsed()) / 1000.0);
  mWindow->trainingController()->stop();
  mWindow->trainingController()->waitForFinished(-1);
  std::vector<double> gaps = mGapsMs;
  std::sort(gaps.begin(), gaps.end());
  const auto percentile = [&](double p) { return gaps.empty() ? 0.0 : gaps[std::size_t(p * double(gaps.size() - 1))]; };
  const double mapRedraw = mapRedrawMilliseconds(70000);
  std::printf(
      "{\"benchmark\": \"gui_stall\", \"dataset\": \"%s\", \"preset\": \"%s\", \"seconds\": %.1f, "
      "\"batch_reports\": %lld, \"ticks\": %zu, \"stall_ms_max\": %.2f, \"stall_ms_p99\": %.2f, \"stall_ms_p50\": "
      "%.2f, "
      "\"map_redraw_ms_70k\": %.2f, \"follow_map\": %s, \"maps\": %lld, \"gui_thread_cpu_percent\": %.1f, "
      "\"tab_switch_ms_max\": %.1f}\n",
      qPrintable(mWindow->session()->datasetName()), qPrintable(mWindow->session()->presetName()), mSeconds, mBatches,
      gaps.size(), gaps.empty() ? 0.0 : gaps.back(), percentile(0.99), percentile(0.5), mapRedraw,
      mFollowMap ? "true" : "false", mMaps, guiCpuPercent,
      mTabSwitchMs.empty() ? 0.0 : *std::max_element(mTabSwitchMs.begin(), mTabSwitchMs.end()));
  std::fflush(stdout);
  QCoreApplication::exit(0);
}

}  // namespace latentlab
