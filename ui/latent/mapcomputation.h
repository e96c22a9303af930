#pragma once

#include "common/metatypes.h"
#include "latent/datasetencoding.h"
#include "latent/latentmap.h"
#include "latent/pca.h"

#include <QFutureWatcher>
#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

namespace latentlab {

enum class MapMethod { Pca, Tsne, Direct };

struct MapRequest {
  ModelSnapshotPtr snapshot;
  DatasetPtr dataset;
  std::vector<std::size_t> indices;  // the items to encode and place
  MapMethod method = MapMethod::Pca;
  double perplexity = 30.0;
  std::uint64_t seed = 1;
  int threads = 0;  // t-SNE threads, 0 = all cores
  // The previous map of the same items: PCA keeps its axis signs, t-SNE starts from its layout.
  std::shared_ptr<const struct MapResult> previous;
};

// One computed map: the codes, the 2-D positions and the queries over them.
struct MapResult {
  std::shared_ptr<const EncodedSet> codes;
  std::shared_ptr<const LatentMap> map;
  std::optional<Pca> pca;
  MapMethod method = MapMethod::Pca;
  int epoch = 0;
  double seconds = 0.0;
};
using MapResultPtr = std::shared_ptr<const MapResult>;

// Encodes and projects on a worker thread: progress and (for t-SNE) the layout
// as it forms arrive as queued signals; a new start cancels the one running.
class MapComputation : public QObject {
  Q_OBJECT
public:
  explicit MapComputation(QObject* parent = nullptr);
  ~MapComputation() override;

  // `supersede`: cancel a running computation (a user's request) rather than let it finish first.
  void start(MapRequest request, bool supersede = true);
  void cancel();
  // True from start() until the last result has been delivered (also while one waits in the queue).
  bool isRunning() const { return mBusy; }
  void waitForFinished();

Q_SIGNALS:
  void progress(const QString& stage, double fraction);
  void layoutUpdated(const std::vector<float>& xy);  // t-SNE positions while it runs
  void finished(latentlab::MapResultPtr result);
  void failed(const QString& message);

private:
  struct Outcome {
    MapResultPtr result;
    QString error;
    bool cancelled = false;
  };
  void onFinished();

  QFutureWatcher<Outcome> mWatcher;
  std::shared_ptr<std::atomic<bool>> mCancel;
  std::optional<MapRequest> mQueued;
  bool mBusy = false;
};

QString methodName(MapMethod method);

}  // namespace latentlab

Q_DECLARE_METATYPE(latentlab::MapResultPtr)
