#pragma once

// Deleting a run: to the desktop trash (QFile::moveToTrash), never while it trains.

#include <QString>

namespace latentlab {

// Why the run folder must not be deleted now (its status.json says it is training and
// the writer lives), or empty when it may be.
QString whyRunCannotBeTrashed(const QString& dir);

// Moves the folder to the desktop trash; empty on success, else what went wrong and what to do.
QString moveRunToTrash(const QString& dir);

}  // namespace latentlab
