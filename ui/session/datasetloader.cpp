#include "session/datasetloader.h"

#include "common/error.h"
#include "data/datasetcatalog.h"

#include <QtConcurrent/QtConcurrentRun>

namespace latentlab {

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent) {
  connect(&mWatcher, &QFutureWatcher<Outcome>::finished, this, &DatasetLoader::onFinished);
}

DatasetLoader::~DatasetLoader() {
  mWatcher.waitForFinished();
}

void DatasetLoader::load(const QString& nameOrPath, std::size_t limit, int imageSize, const QString& dataDir) {
  mPending = nameOrPath;
  mWatchedGeneration = ++mGeneration;
  Q_EMIT started(nameOrPath);
  const std::string name = nameOrPath.toStdString();
  const std::string dir = dataDir.toStdString();
  // Runs on a pool thread; touches only its own copies of the arguments.
  mWatcher.setFuture(QtConcurrent::run([name, dir, limit, imageSize]() {
    Outcome outcome;
    try {
      DatasetLoadOptions options;
      options.limit = limit;
      options.imageFolder.size = imageSize;
      std::vector<std::string> warnings;
      outcome.dataset = std::make_shared<const Dataset>(DatasetCatalog(dir).load(name, options, &warnings));
      for (const auto& warning : warnings) outcome.warnings << QString::fromStdString(warning);
    } catch (const std::exception& error) {
      outcome.error = QString::fromStdString(error.what());
    }
    return outcome;
  }));
}

void DatasetLoader::waitForFinished() {
  mWatcher.waitForFinished();
  QCoreApplication::sendPostedEvents(&mWatcher);
}

void DatasetLoader::onFinished() {
  if (mWatchedGeneration != mGeneration) return;
  const Outcome outcome = mWatcher.result();
  if (!outcome.error.isEmpty())
    Q_EMIT failed(mPending, outcome.error);
  else
    Q_EMIT loaded(outcome.dataset, mPending, outcome.warnings);
}

}  // namespace latentlab
