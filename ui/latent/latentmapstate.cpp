#include "latent/latentmapstate.h"

#include <QColor>

#include <algorithm>

namespace latentlab {

namespace {
// A perceptually ordered blue-to-yellow ramp (viridis-like) for continuous colouring.
QRgb rampColor(double t) {
  static const QColor stops[] = {QColor(68, 1, 84), QColor(59, 82, 139), QColor(33, 145, 140), QColor(94, 201, 98),
                                 QColor(253, 231, 37)};
  t = std::clamp(t, 0.0, 1.0) * 4.0;
  const int i = std::min(3, int(t));
  const double f = t - i;
  const QColor& a = stops[i];
  const QColor& b = stops[i + 1];
  return qRgb(int(a.red() + (b.red() - a.red()) * f), int(a.green() + (b.green() - a.green()) * f),
              int(a.blue() + (b.blue() - a.blue()) * f));
}

std::vector<QRgb> rampColors(const std::vector<float>& values) {
  if (values.empty()) return {};
  std::vector<float> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  // Percentile limits keep a few outliers from washing out the ramp.
  const float low = sorted[sorted.size() / 50], high = sorted[sorted.size() - 1 - sorted.size() / 50];
  std::vector<QRgb> colors;
  colors.reserve(values.size());
  for (float value : values) colors.push_back(rampColor(high > low ? (value - low) / (high - low) : 0.5));
  return colors;
}
}  // namespace

int LatentMapState::addResult(MapResultPtr result) {
  auto same =
      std::find_if(mHistory.begin(), mHistory.end(), [&](const MapResultPtr& r) { return r->epoch == result->epoch; });
  if (same != mHistory.end())
    *same = result;
  else
    mHistory.push_back(result);
  std::sort(mHistory.begin(), mHistory.end(),
            [](const MapResultPtr& a, const MapResultPtr& b) { return a->epoch < b->epoch; });
  mCurrent = std::move(result);
  return currentPosition();
}

bool LatentMapState::showHistory(int position) {
  if (position < 0 || position >= int(mHistory.size())) return false;
  mCurrent = mHistory[std::size_t(position)];
  return true;
}

void LatentMapState::clear() {
  mCurrent.reset();
  mHistory.clear();
  mCode = {};
}

int LatentMapState::currentPosition() const {
  const auto found = std::find(mHistory.begin(), mHistory.end(), mCurrent);
  return found == mHistory.end() ? -1 : int(found - mHistory.begin());
}

void LatentMapState::setCurrentCode(std::vector<float> code, QImage image, QString caption) {
  mCode = CurrentCode{std::move(code), std::move(image), std::move(caption)};
}

bool LatentMapState::codeFitsMap() const {
  return mCurrent && !mCode.code.empty() && int(mCode.code.size()) == mCurrent->codes->codeSize;
}

std::vector<QRgb> pointColors(const EncodedSet& codes, const MapColoring& coloring) {
  switch (coloring.mode) {
    case MapColoring::Mode::Class:
      return {};
    case MapColoring::Mode::Error:
      return codes.errors.size() == codes.count() ? rampColors(codes.errors) : std::vector<QRgb>{};
    case MapColoring::Mode::Dimension: {
      if (coloring.dimension < 0 || coloring.dimension >= codes.codeSize) return {};
      std::vector<float> values(codes.count());
      for (std::size_t i = 0; i < codes.count(); ++i) values[i] = codes.code(i)[coloring.dimension];
      return rampColors(values);
    }
  }
  return {};
}

}  // namespace latentlab
