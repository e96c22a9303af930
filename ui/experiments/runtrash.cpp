#include "experiments/runtrash.h"

#include "run/runstatus.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QObject>

namespace latentlab {

QString whyRunCannotBeTrashed(const QString& dir) {
  std::optional<RunStatusRecord> status;
  try {
    status = readRunStatus(dir.toStdString());
  } catch (...) {
    return {};  // a damaged status.json is no training
  }
  if (!status || status->state != "running" || !isWriterAlive(*status)) return {};
  return QObject::tr(
             "%1 is still training (process %2 on %3, epoch %4). Stop it first (Stop in the toolbar, or end "
             "the latentlab-cli process), then delete it.")
      .arg(QFileInfo(dir).fileName())
      .arg(status->pid)
      .arg(QString::fromStdString(status->host.empty() ? std::string("this machine") : status->host))
      .arg(status->epoch);
}

QString moveRunToTrash(const QString& dir) {
  if (!QFileInfo(dir).isDir()) return QObject::tr("%1 no longer exists; nothing was deleted.").arg(dir);
  if (QFile::moveToTrash(dir)) return {};
  const QString dataHome = qEnvironmentVariable("XDG_DATA_HOME", QDir::homePath() + "/.local/share");
  return QObject::tr(
             "Could not move %1 to the trash. Check that you may write to the folder and to the trash "
             "(%2/Trash), or delete the folder in a file manager.")
      .arg(dir, dataHome);
}

}  // namespace latentlab
