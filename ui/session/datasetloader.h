#pragma once

#include "common/metatypes.h"
#include "data/dataset.h"

#include <QFutureWatcher>
#include <QObject>
#include <QStringList>

namespace latentlab {

// Reads a dataset on a worker thread (70,000 images take a second or two) and
// reports back on the GUI thread. A newer request supersedes an older one.
class DatasetLoader : public QObject {
  Q_OBJECT
public:
  explicit DatasetLoader(QObject* parent = nullptr);
  ~DatasetLoader() override;

  // `nameOrPath`: a catalog name (mnist, …) or a folder/file path.
  void load(const QString& nameOrPath, std::size_t limit = 0, int imageSize = 0, const QString& dataDir = {});
  bool isLoading() const { return mWatcher.isRunning(); }
  // Blocks until the current load is done (tests and screenshot mode).
  void waitForFinished();

Q_SIGNALS:
  void started(const QString& nameOrPath);
  void loaded(latentlab::DatasetPtr dataset, const QString& nameOrPath, const QStringList& warnings);
  void failed(const QString& nameOrPath, const QString& message);

private:
  struct Outcome {
    DatasetPtr dataset;
    QStringList warnings;
    QString error;
  };
  void onFinished();

  QFutureWatcher<Outcome> mWatcher;
  QString mPending;
  int mGeneration = 0;
  int mWatchedGeneration = 0;
};

}  // namespace latentlab
