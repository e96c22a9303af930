#include "data/coloredmnist.h"

#include "common/error.h"

#include <array>
#include <cmath>
#include <random>

namespace latentlab {

namespace {
std::array<float, 3> hsvToRgb(float hueDegrees, float saturation, float value) {
  const float h = std::fmod(hueDegrees + 360.0f, 360.0f) / 60.0f;
  const float c = value * saturation;
  const float x = c * (1.0f - std::fabs(std::fmod(h, 2.0f) - 1.0f));
  const float m = value - c;
  std::array<float, 3> rgb{};
  switch (int(h)) {
    case 0:
      rgb = {c, x, 0};
      break;
    case 1:
      rgb = {x, c, 0};
      break;
    case 2:
      rgb = {0, c, x};
      break;
    case 3:
      rgb = {0, x, c};
      break;
    case 4:
      rgb = {x, 0, c};
      break;
    default:
      rgb = {c, 0, x};
      break;
  }
  for (float& channel : rgb) channel += m;
  return rgb;
}
}  // namespace

Dataset makeColoredMnist(const Dataset& mnist, std::uint64_t seed) {
  if (mnist.shape.channels != 1)
    throw inputError("Colored MNIST is derived from a grayscale digit set, but " + mnist.source + " has " +
                     std::to_string(mnist.shape.channels) + " channels");
  Dataset colored;
  colored.name = "colored-mnist";
  colored.source = mnist.source + " (colored, seed " + std::to_string(seed) + ")";
  colored.shape = ImageShape{3, mnist.shape.height, mnist.shape.width};
  colored.labels = mnist.labels;
  colored.classNames = mnist.classNames;
  colored.officialTrainCount = mnist.officialTrainCount;
  colored.pixels.resize(mnist.size() * colored.shape.pixelCount());

  std::mt19937_64 random(seed);
  std::uniform_real_distribution<float> jitter(-18.0f, 18.0f);
  std::uniform_real_distribution<float> saturation(0.6f, 1.0f);
  std::uniform_real_distribution<float> value(0.7f, 1.0f);
  const std::size_t plane = mnist.shape.pixelCount();
  for (std::size_t index = 0; index < mnist.size(); ++index) {
    const float hue = 36.0f * float(mnist.labels[index] % 10) + jitter(random);
    const auto color = hsvToRgb(hue, saturation(random), value(random));
    const std::uint8_t* gray = mnist.image(index);
    std::uint8_t* target = colored.pixels.data() + index * 3 * plane;
    for (int channel = 0; channel < 3; ++channel)
      for (std::size_t pixel = 0; pixel < plane; ++pixel)
        target[channel * plane + pixel] = std::uint8_t(std::lround(gray[pixel] * color[channel]));
  }
  return colored;
}

}  // namespace latentlab
