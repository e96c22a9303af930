#include "latent/mapcomputation.h"

#include "latent/tsne.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace latentlab {

QString methodName(MapMethod method) {
  switch (method) {
    case MapMethod::Pca:
      return QObject::tr("PCA");
    case MapMethod::Tsne:
      return QObject::tr("t-SNE");
    case MapMethod::Direct:
      return QObject::tr("2-D code");
  }
  return {};
}

MapComputation::MapComputation(QObject* parent) : QObject(parent) {
  qRegisterMetaType<MapResultPtr>();
  qRegisterMetaType<std::vector<float>>("std::vector<float>");
  connect(&mWatcher, &QFutureWatcher<Outcome>::finished, this, &MapComputation::onFinished);
}

MapComputation::~MapComputation() {
  cancel();
  mWatcher.waitForFinished();
}

void MapComputation::cancel() {
  mQueued.reset();
  if (mCancel) mCancel->store(true);
}

void MapComputation::waitForFinished() {
  mWatcher.waitForFinished();
  QCoreApplication::sendPostedEvents(this);
  QCoreApplication::sendPostedEvents(&mWatcher);
}

void MapComputation::start(MapRequest request, bool supersede) {
  if (mBusy) {
    // One computation at a time: the newest request waits for the running one. A user's
    // request stops the running one; a training epoch's lets it finish, so a map that
    // takes longer than an epoch still appears.
    mQueued = std::move(request);
    if (supersede && mCancel) mCancel->store(true);
    return;
  }
  mBusy = true;
  mCancel = std::make_shared<std::atomic<bool>>(false);
  auto cancel = mCancel;
  QPointer<MapComputation> self(this);
  mWatcher.setFuture(QtConcurrent::run([request = std::move(request), cancel, self]() -> Outcome {
    Outcome outcome;
    QElapsedTimer clock;
    clock.start();
    auto report = [self](const QString& stage, double fraction) {
      if (self)
        QMetaObject::invokeMethod(
            self,
            [self, stage, fraction] {
              if (self) Q_EMIT self->progress(stage, fraction);
            },
            Qt::QueuedConnection);
    };
    try {
      report(tr("Encoding"), 0.0);
      auto encoded =
          encodeDataset(*request.snapshot, *request.dataset, request.indices, EncodeOptions{}, [&](double fraction) {
            report(tr("Encoding"), fraction);
            return !cancel->load();
          });
      if (!encoded || cancel->load()) {
        outcome.cancelled = true;
        return outcome;
      }
      auto result = std::make_shared<MapResult>();
      result->method = request.method;
      result->epoch = request.snapshot->epoch();
      auto codes = std::make_shared<const EncodedSet>(std::move(*encoded));
      result->codes = codes;
      const std::size_t count = codes->count();
      const int dim = codes->codeSize;
      std::vector<float> positions;
      ProjectionKind kind = ProjectionKind::Pca;
      const bool samePoints =
          request.previous && request.previous->codes && request.previous->codes->indices == codes->indices;
      if (request.method == MapMethod::Direct && dim == 2) {
        positions = codes->codes;
        kind = ProjectionKind::Direct;
      } else if (request.method == MapMethod::Tsne && count >= 4) {
        report(tr("t-SNE"), 0.0);
        TsneOptions options;
        options.perplexity = std::min(request.perplexity, std::max(1.0, (double(count) - 1.0) / 3.0));
        options.seed = request.seed;
        options.threads = request.threads;
        // Each epoch's map regroups from the last one: same arrangement, but clusters
        // an early epoch split apart can merge (a plain warm start keeps the fragments).
        options.regroup = true;
        std::vector<float> initial;
        if (samePoints && request.previous->method == MapMethod::Tsne) initial = request.previous->map->positions();
        positions = runTsne(codes->codes.data(), count, dim, options, initial.empty() ? nullptr : &initial,
                            [&](const TsneProgress& step) {
                              report(tr("t-SNE"), double(step.iteration) / std::max(1, step.iterations));
                              if (self) {
                                std::vector<float> snapshot(step.layout,
                                                            step.layout + step.count * std::size_t(step.dimensions));
                                QMetaObject::invokeMethod(
                                    self,
                                    [self, snapshot = std::move(snapshot)] {
                                      if (self) Q_EMIT self->layoutUpdated(snapshot);
                                    },
                                    Qt::QueuedConnection);
                              }
                              return !cancel->load();
                            });
        if (cancel->load()) {
          outcome.cancelled = true;
          return outcome;
        }
        kind = ProjectionKind::Tsne;
      } else {
        const Pca* align =
            samePoints || (request.previous && request.previous->pca && request.previous->pca->dim() == dim)
                ? (request.previous && request.previous->pca ? &*request.previous->pca : nullptr)
                : nullptr;
        Pca pca = Pca::fit(codes->codes.data(), count, dim, std::min(2, dim), align);
        positions = pca.transform(codes->codes.data(), count);
        if (dim == 1)  // a 1-D code: spread the points along x only
          for (std::size_t i = 0; i < count; ++i) positions.insert(positions.begin() + std::ptrdiff_t(2 * i + 1), 0.0f);
        result->pca = pca;
        result->method = MapMethod::Pca;
      }
      result->map = std::make_shared<const LatentMap>(codes->codes, dim, positions, kind, result->pca);
      result->seconds = double(clock.elapsed()) / 1000.0;
      outcome.result = result;
    } catch (const std::exception& error) {
      outcome.error = QString::fromStdString(error.what());
    }
    return outcome;
  }));
}

void MapComputation::onFinished() {
  const Outcome outcome = mWatcher.result();
  if (mQueued) {
    MapRequest next = std::move(*mQueued);
    mQueued.reset();
    mBusy = false;  // so start() runs the queued request instead of queueing it again
    start(std::move(next), /*supersede=*/false);
    if (outcome.result) Q_EMIT finished(outcome.result);  // show it while the next one computes
    return;
  }
  mBusy = false;
  if (!outcome.error.isEmpty())
    Q_EMIT failed(outcome.error);
  else if (outcome.result)
    Q_EMIT finished(outcome.result);
}

}  // namespace latentlab
