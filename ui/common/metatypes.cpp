#include "common/metatypes.h"

namespace latentlab {

void registerMetaTypes() {
  qRegisterMetaType<BatchStats>();
  qRegisterMetaType<EpochStats>();
  qRegisterMetaType<FilmFrame>();
  qRegisterMetaType<TrainingResult>();
  qRegisterMetaType<ModelSnapshotPtr>();
  qRegisterMetaType<DatasetPtr>();
  qRegisterMetaType<SweepProgress>();
  qRegisterMetaType<SweepResult>();
}

}  // namespace latentlab
