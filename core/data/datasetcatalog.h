#pragma once

#include "data/dataset.h"
#include "data/imagefolderreader.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace latentlab {

enum class DatasetFormat { Idx, IdxImageFile, Cifar10, Svhn, SvhnMatFile, NpmDigits, ImageFolder, ColoredMnist };
std::string formatName(DatasetFormat format);

// Where a dataset lives and how to read it.
struct DatasetLocation {
  std::string name;
  DatasetFormat format = DatasetFormat::Idx;
  std::filesystem::path path;
};

struct DatasetLoadOptions {
  std::size_t limit = 0;  // keep at most this many items (0 = all), proportionally per official part
  ImageFolderOptions imageFolder;
};

// A known dataset name with a one-line description and its status on this machine.
struct CatalogEntry {
  std::string name;
  std::string description;
  std::optional<DatasetLocation> location;  // empty when not installed
};

// Resolves dataset names (mnist, fashion-mnist, kmnist, cifar10, svhn, colored-mnist)
// or paths, searching the folders of datasetSearchDirs() in order.
class DatasetCatalog {
public:
  explicit DatasetCatalog(std::string dataDirOverride = {});

  static std::vector<std::string> knownNames();
  // What a run stores for `nameOrPath`: a known name as it is, an existing path made absolute
  // and normalized (so the run's config.json works from any folder), anything else verbatim.
  static std::string storedReference(const std::string& nameOrPath);
  std::vector<std::filesystem::path> searchDirs() const { return mSearchDirs; }

  std::vector<CatalogEntry> entries() const;
  std::optional<DatasetLocation> locate(const std::string& name) const;

  // Finds and reads `nameOrPath`; throws an Error that lists where it looked.
  Dataset load(const std::string& nameOrPath, const DatasetLoadOptions& options = {},
               std::vector<std::string>* warnings = nullptr) const;

  // Detects the format of a file or folder; nullopt when it holds no dataset LatentLab reads.
  static std::optional<DatasetLocation> detect(const std::filesystem::path& path);

private:
  Dataset read(const DatasetLocation& location, const DatasetLoadOptions& options,
               std::vector<std::string>* warnings) const;
  std::string notFoundMessage(const std::string& name) const;

  std::vector<std::filesystem::path> mSearchDirs;
};

// Class names of the well-known sets (Fashion-MNIST's garments, KMNIST's kana).
std::vector<std::string> classNamesFor(const std::string& datasetName);

}  // namespace latentlab
