#pragma once

#include "inference/modelsnapshot.h"
#include "latent/latentmap.h"

#include <QObject>

#include <memory>

namespace latentlab {

class AsyncJob;
class LatentMapView;

// The decoded atlas behind the latent map: images decoded on a 14 x 14 grid over
// the visible part of the map, drawn faintly under the points. The 196 decodes
// run on a worker; each pan or zoom replaces the request before it.
class MapAtlas : public QObject {
  Q_OBJECT
public:
  static constexpr int kSide = 14;

  MapAtlas(LatentMapView* view, QObject* parent = nullptr);

  // Decodes for the view's current range; the view shows the lattice when it is ready.
  void refresh(ModelSnapshotPtr snapshot, std::shared_ptr<const LatentMap> map);
  void clear();
  AsyncJob* job() const { return mJob; }

private:
  LatentMapView* mView;
  AsyncJob* mJob;
};

}  // namespace latentlab
