#pragma once

// Core value types that travel through queued (cross-thread) signals.

#include "data/dataset.h"
#include "inference/modelsnapshot.h"
#include "sweep/sweeprunner.h"
#include "train/trainingevents.h"

#include <QMetaType>

Q_DECLARE_METATYPE(latentlab::BatchStats)
Q_DECLARE_METATYPE(latentlab::EpochStats)
Q_DECLARE_METATYPE(latentlab::FilmFrame)
Q_DECLARE_METATYPE(latentlab::TrainingResult)
Q_DECLARE_METATYPE(latentlab::ModelSnapshotPtr)
Q_DECLARE_METATYPE(latentlab::DatasetPtr)
Q_DECLARE_METATYPE(latentlab::SweepProgress)
Q_DECLARE_METATYPE(latentlab::SweepResult)

namespace latentlab {
// Call once before any cross-thread signal carries these types.
void registerMetaTypes();
}  // namespace latentlab
