#include "data/svhnreader.h"

#include "common/error.h"

#ifdef LATENTLAB_HAVE_MATIO
#include <matio.h>
#endif

namespace latentlab {
namespace fs = std::filesystem;

bool looksLikeSvhnFolder(const fs::path& folder) {
  return fs::is_directory(folder) && (fs::exists(folder / "train_32x32.mat") || fs::exists(folder / "test_32x32.mat"));
}

Dataset loadSvhnFolder(const fs::path& folder, const std::string& name) {
  const fs::path train = folder / "train_32x32.mat";
  const fs::path test = folder / "test_32x32.mat";
  if (!fs::exists(train) && !fs::exists(test))
    throw inputError(folder.string() + " holds neither train_32x32.mat nor test_32x32.mat (SVHN cropped digits)");
  Dataset dataset = readSvhnMat(fs::exists(train) ? train : test);
  dataset.officialTrainCount = dataset.size();
  if (fs::exists(train) && fs::exists(test)) appendDataset(dataset, readSvhnMat(test));
  dataset.name = name;
  dataset.source = folder.string();
  return dataset;
}

#ifdef LATENTLAB_HAVE_MATIO

namespace {
struct MatFileCloser {
  void operator()(mat_t* file) const { Mat_Close(file); }
};
struct MatVarFreer {
  void operator()(matvar_t* variable) const { Mat_VarFree(variable); }
};
using MatFile = std::unique_ptr<mat_t, MatFileCloser>;
using MatVar = std::unique_ptr<matvar_t, MatVarFreer>;

MatVar readVariable(mat_t* file, const fs::path& path, const char* name) {
  MatVar variable(Mat_VarRead(file, name));
  if (!variable)
    throw inputError(path.string() + " has no readable variable '" + name +
                     "'; SVHN files hold X (32x32x3xN images) and y (labels)");
  return variable;
}

double labelAt(const matvar_t* y, std::size_t index) {
  switch (y->data_type) {
    case MAT_T_DOUBLE:
      return static_cast<const double*>(y->data)[index];
    case MAT_T_SINGLE:
      return static_cast<const float*>(y->data)[index];
    case MAT_T_UINT8:
      return static_cast<const std::uint8_t*>(y->data)[index];
    default:
      return -1;
  }
}
}  // namespace

bool svhnSupported() {
  return true;
}

Dataset readSvhnMat(const fs::path& path) {
  MatFile file(Mat_Open(path.c_str(), MAT_ACC_RDONLY));
  if (!file)
    throw inputError("cannot open " + path.string() + " as a MATLAB file; it is missing, truncated or not a .mat file");
  MatVar x = readVariable(file.get(), path, "X");
  MatVar y = readVariable(file.get(), path, "y");
  if (x->rank != 4 || x->dims[2] != 3 || x->data_type != MAT_T_UINT8 || !x->data)
    throw inputError(path.string() + ": X must be a 32x32x3xN uint8 array (SVHN cropped digits)");
  const std::size_t height = x->dims[0];
  const std::size_t width = x->dims[1];
  const std::size_t count = x->dims[3];
  if (y->dims[0] * y->dims[1] != count || !y->data)
    throw inputError(path.string() + ": y holds " + std::to_string(y->dims[0] * y->dims[1]) + " labels for " +
                     std::to_string(count) + " images");

  Dataset dataset;
  dataset.source = path.string();
  dataset.shape = ImageShape{3, int(height), int(width)};
  dataset.classNames = digitClassNames();
  dataset.pixels.resize(count * dataset.shape.pixelCount());
  dataset.labels.resize(count);
  const auto* source = static_cast<const std::uint8_t*>(x->data);
  // MATLAB column-major X(row, col, channel, n) -> our planar [n][channel][row][col].
  for (std::size_t n = 0; n < count; ++n) {
    const double label = labelAt(y.get(), n);
    if (label < 1 || label > 10)
      throw inputError(path.string() + ": label " + std::to_string(label) + " of image " + std::to_string(n) +
                       " is outside SVHN's 1..10");
    dataset.labels[n] = label == 10 ? 0 : std::int64_t(label);
    auto* target = dataset.pixels.data() + n * dataset.shape.pixelCount();
    for (std::size_t channel = 0; channel < 3; ++channel)
      for (std::size_t col = 0; col < width; ++col)
        for (std::size_t row = 0; row < height; ++row)
          target[(channel * height + row) * width + col] = source[row + height * (col + width * (channel + 3 * n))];
  }
  dataset.officialTrainCount = count;
  return dataset;
}

#else

bool svhnSupported() {
  return false;
}

Dataset readSvhnMat(const fs::path& path) {
  throw inputError("cannot read " + path.string() +
                   ": this build has no MATLAB file support; install libmatio-dev and rebuild");
}

#endif

}  // namespace latentlab
