// The GUI's one async primitive: its policies, cancellation within a second,
// results and posts delivered on the GUI thread only for current work, and
// failures (a real LibTorch error among them) as one readable line.
#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "presets.h"
#include "train/trainer.h"
#include "uitestsupport.h"

#include <QMessageBox>
#include <QSignalSpy>
#include <QThread>
#include <QtTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace latentlab;
using namespace latentlab::test;

namespace {
// Work that loops until cancelled (or `seconds` pass), checking the token as core jobs do.
int spin(const JobContext& job, double seconds, int value) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < end) {
    job.throwIfCancelled();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return value;
}
}  // namespace

class AsyncJobTest : public QObject {
  Q_OBJECT
private Q_SLOTS:
  void runsOffTheGuiThreadAndDeliversOnIt();
  void replaceDropsTheRunningResult();
  void latestLetsTheRunningOneFinishAndSkipsTheMiddle();
  void queueRunsEveryRequestInOrder();
  void cancelAnswersAtOnceAndTheWorkStopsWithinASecond();
  void postsArriveOnlyForCurrentWork();
  void aLibTorchErrorIsShownAsOneReadableLine();
};

void AsyncJobTest::runsOffTheGuiThreadAndDeliversOnIt() {
  AsyncJob job(JobPolicy::Replace);
  QThread* workThread = nullptr;
  QThread* deliveryThread = nullptr;
  QSignalSpy progress(&job, &AsyncJob::progressed);
  job.run(
      [&](const JobRun& run) {
        workThread = QThread::currentThread();
        run.context().report(1.0, "step");
        return 7;
      },
      [&](int value) {
        deliveryThread = QThread::currentThread();
        QCOMPARE(value, 7);
      });
  QVERIFY(job.isBusy());
  QVERIFY(waitUntil([&] { return !job.isBusy(); }, 5000));
  QVERIFY(workThread && workThread != QThread::currentThread());
  QCOMPARE(deliveryThread, QThread::currentThread());
  QCOMPARE(progress.count(), 1);
  QCOMPARE(progress.at(0).at(1).toString(), QString("step"));
}

void AsyncJobTest::replaceDropsTheRunningResult() {
  AsyncJob job(JobPolicy::Replace);
  std::vector<int> delivered;
  job.run([](const JobRun& run) { return spin(run.context(), 10, 1); }, [&](int v) { delivered.push_back(v); });
  job.run([](const JobRun& run) { return spin(run.context(), 10, 2); }, [&](int v) { delivered.push_back(v); });
  job.run([](const JobRun& run) { return spin(run.context(), 0.05, 3); }, [&](int v) { delivered.push_back(v); });
  QElapsedTimer clock;
  clock.start();
  job.waitForFinished();
  QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));  // the first stopped at once
  QCOMPARE(delivered, std::vector<int>({3}));                                      // the second never ran
}

void AsyncJobTest::latestLetsTheRunningOneFinishAndSkipsTheMiddle() {
  AsyncJob job(JobPolicy::Latest);
  std::vector<int> delivered;
  for (int value : {1, 2, 3})
    job.run([value](const JobRun& run) { return spin(run.context(), 0.2, value); },
            [&](int v) { delivered.push_back(v); });
  job.waitForFinished();
  QCOMPARE(delivered, std::vector<int>({1, 3}));
  QVERIFY(!job.isBusy());
}

void AsyncJobTest::queueRunsEveryRequestInOrder() {
  AsyncJob job(JobPolicy::Queue);
  std::vector<int> delivered;
  for (int value : {1, 2, 3})
    job.run([value](const JobRun& run) { return spin(run.context(), 0.05, value); },
            [&](int v) { delivered.push_back(v); });
  // A request's own policy overrides the job's: this one replaces whatever waits.
  job.start([](const JobRun&) -> AsyncJob::Apply { return {}; }, JobPolicy::Latest);
  job.waitForFinished();
  QCOMPARE(delivered, std::vector<int>({1}));
}

void AsyncJobTest::cancelAnswersAtOnceAndTheWorkStopsWithinASecond() {
  AsyncJob job(JobPolicy::Replace);
  QSignalSpy cancelled(&job, &AsyncJob::cancelled);
  QSignalSpy busy(&job, &AsyncJob::busyChanged);
  std::atomic<bool> started{false}, stopped{false};
  bool applied = false;
  job.start([&](const JobRun& run) -> AsyncJob::Apply {
    started = true;
    try {
      spin(run.context(), 30, 0);
    } catch (const JobCancelled&) {
      stopped = true;
      throw;
    }
    return [&] { applied = true; };
  });
  QVERIFY(waitUntil([&] { return started.load(); }, 5000));
  job.cancel();
  QCOMPARE(cancelled.count(), 1);
  QVERIFY(!job.isBusy());
  QCOMPARE(busy.last().at(0).toBool(), false);
  QElapsedTimer clock;
  clock.start();
  QVERIFY(waitUntil([&] { return stopped.load(); }, 1000));
  QVERIFY(clock.elapsed() < 1000);
  job.waitForFinished();
  QVERIFY(!applied);
  QCOMPARE(cancelled.count(), 1);
}

void AsyncJobTest::postsArriveOnlyForCurrentWork() {
  AsyncJob job(JobPolicy::Replace);
  std::vector<int> posts;
  std::atomic<bool> firstPosted{false};
  job.start([&](const JobRun& run) -> AsyncJob::Apply {
    run.post([&] { posts.push_back(1); });
    firstPosted = true;
    spin(run.context(), 10, 0);
    return {};
  });
  QVERIFY(waitUntil([&] { return !posts.empty(); }, 5000));
  // Replaced: a post the old work makes now never shows.
  job.start([&](const JobRun& run) -> AsyncJob::Apply {
    run.post([&] { posts.push_back(2); });
    return {};
  });
  job.waitForFinished();
  QCOMPARE(posts, std::vector<int>({1, 2}));
}

void AsyncJobTest::aLibTorchErrorIsShownAsOneReadableLine() {
  // A real LibTorch error from core: decoding a negative number of codes.
  const ModelSnapshotPtr snapshot =
      trainSnapshot(presetSpec("mnist-conv"), TrainConfig{},
                    std::make_shared<const Dataset>(makeBlobDataset(64, {1, 28, 28}, 10, 2)), 1);
  QVERIFY(snapshot);
  QWidget window;
  ErrorReporter errors(&window);
  AsyncJob job(JobPolicy::Replace);
  connect(&job, &AsyncJob::failed, &errors, [&](const JobFailure& failure) { errors.report("Decode", failure); });
  job.run(
      [snapshot](const JobRun&) {
        const std::vector<float> code(std::size_t(snapshot->codeSize()), 0.0f);
        return snapshot->decode(code.data(), -1);
      },
      [](const std::vector<float>&) {});
  job.waitForFinished();
  const QString shown = errors.lastMessage();
  QVERIFY2(!shown.isEmpty(), "the failure was reported");
  QVERIFY2(!shown.contains('\n'), qPrintable(shown));
  QVERIFY2(!shown.contains("Exception raised from") && !shown.contains("frame #"), qPrintable(shown));
  QVERIFY2(shown.contains("negative dimension"), qPrintable(shown));
  QVERIFY(shown.at(0).isUpper());
  QVERIFY(errors.visibleBox());
  errors.visibleBox()->close();
}

QTEST_MAIN(AsyncJobTest)
#include "asyncjob_test.moc"
