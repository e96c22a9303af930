#include "session/datasetloader.h"

#include "common/asyncjob.h"
#include "common/usermessage.h"
#include "data/datasetcatalog.h"

namespace latentlab {

namespace {
struct LoadedSet {
  DatasetPtr dataset;
  QStringList warnings;
};
}  // namespace

DatasetLoader::DatasetLoader(QObject* parent) : QObject(parent), mJob(new AsyncJob(JobPolicy::Replace, this)) {
  connect(mJob, &AsyncJob::failed, this,
          [this](const JobFailure& failure) { Q_EMIT failed(mPending, userMessage(failure)); });
}

bool DatasetLoader::isLoading() const {
  return mJob->isBusy();
}

void DatasetLoader::load(const QString& nameOrPath, std::size_t limit, int imageSize, const QString& dataDir) {
  mPending = nameOrPath;
  Q_EMIT started(nameOrPath);
  const std::string name = nameOrPath.toStdString();
  const std::string dir = dataDir.toStdString();
  mJob->run(
      [name, dir, limit, imageSize](const JobRun&) {
        DatasetLoadOptions options;
        options.limit = limit;
        options.imageFolder.size = imageSize;
        std::vector<std::string> warnings;
        LoadedSet loaded;
        loaded.dataset = std::make_shared<const Dataset>(DatasetCatalog(dir).load(name, options, &warnings));
        for (const auto& warning : warnings) loaded.warnings << QString::fromStdString(warning);
        return loaded;
      },
      [this, nameOrPath](LoadedSet loaded) { Q_EMIT this->loaded(loaded.dataset, nameOrPath, loaded.warnings); });
}

void DatasetLoader::waitForFinished() {
  mJob->waitForFinished();
}

}  // namespace latentlab
