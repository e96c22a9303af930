#pragma once

#include "common/metatypes.h"
#include "data/dataset.h"

#include <QObject>
#include <QStringList>

namespace latentlab {

class AsyncJob;

// Reads a dataset off the GUI thread (70,000 images take a second or two) and
// reports back on the GUI thread. A newer request replaces an older one.
class DatasetLoader : public QObject {
  Q_OBJECT
public:
  explicit DatasetLoader(QObject* parent = nullptr);

  // `nameOrPath`: a catalog name (mnist, …) or a folder/file path.
  void load(const QString& nameOrPath, std::size_t limit = 0, int imageSize = 0, const QString& dataDir = {});
  bool isLoading() const;
  // Blocks until the current load is done (tests and screenshot mode).
  void waitForFinished();

Q_SIGNALS:
  void started(const QString& nameOrPath);
  void loaded(latentlab::DatasetPtr dataset, const QString& nameOrPath, const QStringList& warnings);
  void failed(const QString& nameOrPath, const QString& message);

private:
  AsyncJob* mJob;
  QString mPending;
};

}  // namespace latentlab
