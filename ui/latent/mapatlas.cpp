#include "latent/mapatlas.h"

#include "common/asyncjob.h"
#include "latent/decodedimages.h"
#include "latent/latentmapview.h"

namespace latentlab {

namespace {
struct AtlasImages {
  std::vector<QImage> images;
  QCPRange keys, values;
};

// Runs on a worker: the codes at the cell centres, decoded and made faint.
AtlasImages decodeAtlas(const ModelSnapshot& snapshot, const LatentMap& map, QCPRange keys, QCPRange values,
                        const JobContext& job) {
  const int side = MapAtlas::kSide;
  std::vector<float> codes;
  codes.reserve(std::size_t(side * side * map.codeSize()));
  for (int row = 0; row < side; ++row)
    for (int column = 0; column < side; ++column) {
      const double x = keys.lower + (column + 0.5) * keys.size() / side;
      const double y = values.upper - (row + 0.5) * values.size() / side;
      const MapQuery query = map.codeAt(x, y);
      codes.insert(codes.end(), query.code.begin(), query.code.end());
    }
  job.throwIfCancelled();
  AtlasImages atlas{decodeToImages(snapshot, codes.data(), side * side), keys, values};
  for (QImage& image : atlas.images) {  // faint, so the points stay readable
    image = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < image.height(); ++y) {
      auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
      for (int x = 0; x < image.width(); ++x) line[x] = qRgba(qRed(line[x]), qGreen(line[x]), qBlue(line[x]), 110);
    }
  }
  return atlas;
}
}  // namespace

MapAtlas::MapAtlas(LatentMapView* view, QObject* parent)
    : QObject(parent), mView(view), mJob(new AsyncJob(JobPolicy::Replace, this)) {}

void MapAtlas::refresh(ModelSnapshotPtr snapshot, std::shared_ptr<const LatentMap> map) {
  if (!snapshot || !map) return clear();
  const QCPRange keys = mView->xAxis->range(), values = mView->yAxis->range();
  mJob->run([snapshot, map, keys,
             values](const JobRun& run) { return decodeAtlas(*snapshot, *map, keys, values, run.context()); },
            [this](const AtlasImages& atlas) { mView->setAtlas(atlas.images, kSide, atlas.keys, atlas.values); });
}

void MapAtlas::clear() {
  mJob->cancel();
  mView->setAtlas({}, 0, {}, {});
}

}  // namespace latentlab
