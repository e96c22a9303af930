#include "data/imagefolderreader.h"

#include "common/error.h"

#include <algorithm>
#include <set>

#ifdef LATENTLAB_HAVE_OPENCV
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <fcntl.h>
#include <unistd.h>
#include <cstdio>
#include <mutex>
#endif

namespace latentlab {
namespace fs = std::filesystem;

namespace {
bool isImageFile(const fs::path& path) {
  static const std::set<std::string> extensions = {".png",  ".jpg", ".jpeg", ".bmp", ".tif", ".tiff",
                                                   ".webp", ".pgm", ".ppm",  ".pbm", ".gif"};
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return extensions.count(extension) > 0;
}

struct ClassFiles {
  std::string className;
  std::vector<fs::path> files;
};

std::vector<ClassFiles> listClassFolders(const fs::path& folder) {
  std::vector<ClassFiles> classes;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(folder, error)) {
    if (!entry.is_directory()) continue;
    ClassFiles found{entry.path().filename().string(), {}};
    for (const auto& file : fs::directory_iterator(entry.path(), error))
      if (file.is_regular_file() && isImageFile(file.path())) found.files.push_back(file.path());
    if (found.files.empty()) continue;
    std::sort(found.files.begin(), found.files.end());
    classes.push_back(std::move(found));
  }
  std::sort(classes.begin(), classes.end(),
            [](const ClassFiles& a, const ClassFiles& b) { return a.className < b.className; });
  return classes;
}
}  // namespace

bool looksLikeImageFolder(const fs::path& folder) {
  return fs::is_directory(folder) && !listClassFolders(folder).empty();
}

#ifdef LATENTLAB_HAVE_OPENCV

bool imageFoldersSupported() {
  return true;
}

namespace {
// OpenCV's codecs (libpng, libjpeg) print their own lines such as "libpng error: Read Error"
// straight to stderr; the reader reports unreadable files itself, so those lines are muted
// while one file decodes. The mutex keeps two loading threads from swapping the saved stderr.
cv::Mat decodeQuietly(const fs::path& file) {
  static std::mutex stderrMutex;
  const std::lock_guard<std::mutex> lock(stderrMutex);
  std::fflush(stderr);
  const int saved = ::dup(STDERR_FILENO);
  const int devNull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (saved >= 0 && devNull >= 0) ::dup2(devNull, STDERR_FILENO);
  cv::Mat image;
  try {
    image = cv::imread(file.string(), cv::IMREAD_UNCHANGED);
  } catch (const cv::Exception&) {
    image.release();
  }
  std::fflush(stderr);
  if (saved >= 0 && devNull >= 0) ::dup2(saved, STDERR_FILENO);
  if (devNull >= 0) ::close(devNull);
  if (saved >= 0) ::close(saved);
  return image;
}
}  // namespace

Dataset loadImageFolder(const fs::path& folder, const std::string& name, const ImageFolderOptions& options,
                        std::vector<std::string>* warnings) {
  if (!fs::is_directory(folder)) throw inputError(folder.string() + " is not a folder");
  const auto classes = listClassFolders(folder);
  if (classes.empty())
    throw inputError(folder.string() + " holds no class sub-folders with images; expected " + folder.string() +
                     "/<class name>/<image>.png (png, jpg, bmp, tif, webp)");

  struct Loaded {
    cv::Mat image;
    std::int64_t label;
  };
  std::vector<Loaded> loaded;
  std::set<std::pair<int, int>> sizes;
  bool allGray = true;
  std::size_t unreadable = 0;
  fs::path firstUnreadable;
  for (std::size_t label = 0; label < classes.size(); ++label) {
    for (const auto& file : classes[label].files) {
      cv::Mat image = decodeQuietly(file);
      if (image.empty()) {
        if (unreadable++ == 0) firstUnreadable = file;
        continue;
      }
      if (image.depth() != CV_8U) image.convertTo(image, CV_8U, image.depth() == CV_16U ? 1.0 / 257.0 : 255.0);
      if (image.channels() == 4) cv::cvtColor(image, image, cv::COLOR_BGRA2BGR);
      if (image.channels() == 3) allGray = false;
      sizes.insert({image.rows, image.cols});
      loaded.push_back({image, std::int64_t(label)});
    }
  }
  if (loaded.empty())
    throw inputError(folder.string() + " holds no readable image (" + firstUnreadable.string() +
                     " cannot be decoded, nor can the others); check the files' formats");
  // One line for all of them: a folder of 10,000 broken files must not print 10,000 lines.
  if (unreadable > 0 && warnings)
    warnings->push_back("skipped " + std::to_string(unreadable) + (unreadable == 1 ? " file" : " files") + " of " +
                        folder.string() + " that cannot be decoded as images (the first: " + firstUnreadable.string() +
                        "); fix or remove them");

  const int channels = options.channels != 0 ? options.channels : (allGray ? 1 : 3);
  if (channels != 1 && channels != 3)
    throw usageError("image channels must be 1 or 3, not " + std::to_string(channels));
  int size = options.size;
  if (size != 0 && (size < 4 || size > 1024))
    throw usageError("the image size ({image-size}) must be between 4 and 1024 pixels, not " + std::to_string(size));
  if (size == 0) {
    const bool oneSquareSize = sizes.size() == 1 && sizes.begin()->first == sizes.begin()->second;
    size = oneSquareSize ? sizes.begin()->first : 64;
    if (size < 4 || size > 1024)
      throw usageError("the images of " + folder.string() + " are " + std::to_string(size) + "x" +
                       std::to_string(size) + " pixels; resize them to a side between 4 and 1024 with {image-size}");
  }

  Dataset dataset;
  dataset.name = name;
  dataset.source = folder.string();
  dataset.shape = ImageShape{channels, size, size};
  for (const auto& item : classes) dataset.classNames.push_back(item.className);
  dataset.pixels.reserve(loaded.size() * dataset.shape.pixelCount());
  for (const auto& item : loaded) {
    cv::Mat image = item.image;
    if (channels == 1 && image.channels() == 3) cv::cvtColor(image, image, cv::COLOR_BGR2GRAY);
    if (channels == 3 && image.channels() == 1) cv::cvtColor(image, image, cv::COLOR_GRAY2BGR);
    if (channels == 3) cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
    if (image.rows != size || image.cols != size)
      cv::resize(image, image, cv::Size(size, size), 0, 0, image.rows > size ? cv::INTER_AREA : cv::INTER_LINEAR);
    std::vector<cv::Mat> planes;
    cv::split(image, planes);
    for (const auto& plane : planes)
      for (int row = 0; row < size; ++row)
        dataset.pixels.insert(dataset.pixels.end(), plane.ptr<std::uint8_t>(row), plane.ptr<std::uint8_t>(row) + size);
    dataset.labels.push_back(item.label);
  }
  dataset.officialTrainCount = dataset.size();
  return dataset;
}

#else

bool imageFoldersSupported() {
  return false;
}

Dataset loadImageFolder(const fs::path& folder, const std::string&, const ImageFolderOptions&,
                        std::vector<std::string>*) {
  throw inputError("cannot read the image folder " + folder.string() +
                   ": this build has no image support; install libopencv-dev and rebuild");
}

#endif

}  // namespace latentlab
