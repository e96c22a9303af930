#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace latentlab {

// One piece of long work of a Playground page, run on a pool thread. The work
// returns a closure that applies its results on the GUI thread (so results need
// no meta-types); progress arrives queued; cancel() sets the flag the core loops
// check, and the work's result is then dropped. A new start() supersedes the old.
// The work must not touch the page: only the closure it returns may (it runs on
// the GUI thread, and only for the current, uncancelled work).
class BackgroundTask : public QObject {
  Q_OBJECT
public:
  using Progress = std::function<void(double)>;
  using Apply = std::function<void()>;
  using Work = std::function<Apply(const Progress& progress, const std::atomic<bool>& cancel)>;

  explicit BackgroundTask(QObject* parent = nullptr);
  ~BackgroundTask() override;

  void start(Work work);
  void cancel();
  bool isRunning() const { return mRunning; }
  // Blocks until the work is done and its results applied (tests).
  void waitForFinished();

Q_SIGNALS:
  void started();
  void progressed(double fraction);
  void finished();  // after the results were applied
  void failed(const QString& message);
  void cancelled();
  void runningChanged(bool running);

private:
  struct Outcome {
    Apply apply;
    QString error;
  };
  void onFinished();

  QFutureWatcher<Outcome> mWatcher;
  std::shared_ptr<std::atomic<bool>> mCancel;
  int mGeneration = 0;
  bool mRunning = false;
};

}  // namespace latentlab
