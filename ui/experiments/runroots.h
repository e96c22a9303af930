#pragma once

// Where the runs library looks for runs: the default runs folder (always) and the
// folders the user added, which are kept in the settings (experiments/runFolders).

#include <QObject>
#include <QStringList>

#include <filesystem>
#include <vector>

namespace latentlab {

class RunRoots : public QObject {
  Q_OBJECT
public:
  explicit RunRoots(QObject* parent = nullptr);

  static QString defaultRoot();
  QStringList added() const { return mAdded; }
  std::vector<std::filesystem::path> all() const;

  // False when the folder is already searched.
  bool add(const QString& folder);
  void remove(const QString& folder);

Q_SIGNALS:
  void changed();

private:
  void save() const;

  QStringList mAdded;
};

}  // namespace latentlab
