#include "experiments/runroots.h"

#include "common/paths.h"

#include <QDir>
#include <QSettings>

namespace latentlab {

namespace {
constexpr const char* kSettingsKey = "experiments/runFolders";

QString normalized(const QString& folder) {
  return QDir::cleanPath(QDir(folder).absolutePath());
}
}  // namespace

RunRoots::RunRoots(QObject* parent) : QObject(parent) {
  for (const QString& folder : QSettings().value(kSettingsKey).toStringList())
    if (!folder.isEmpty() && !mAdded.contains(normalized(folder))) mAdded << normalized(folder);
}

QString RunRoots::defaultRoot() {
  return normalized(QString::fromStdString(defaultRunsDir().string()));
}

std::vector<std::filesystem::path> RunRoots::all() const {
  std::vector<std::filesystem::path> roots{defaultRoot().toStdString()};
  for (const QString& folder : mAdded) roots.emplace_back(folder.toStdString());
  return roots;
}

bool RunRoots::add(const QString& folder) {
  const QString path = normalized(folder);
  if (path == defaultRoot() || mAdded.contains(path)) return false;
  mAdded << path;
  save();
  Q_EMIT changed();
  return true;
}

void RunRoots::remove(const QString& folder) {
  if (!mAdded.removeAll(normalized(folder))) return;
  save();
  Q_EMIT changed();
}

void RunRoots::save() const {
  QSettings().setValue(kSettingsKey, mAdded);
}

}  // namespace latentlab
