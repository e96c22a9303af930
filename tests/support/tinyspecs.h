#pragma once

// A tiny convolutional autoencoder spec for tests that need a real model fast.

#include "modelspec.h"

#include <string>

namespace latentlab::test {

// 16x16 input with `inputChannels`, two stride-2 convs of 8, code 8, mirrored decoder;
// `outputChannels` 0 means as many as the input (3 with a 1-channel input: colorization).
inline ModelSpec tinyConvSpec(int inputChannels = 1, int outputChannels = 0) {
  return parseModelSpec(R"({"name": "tiny", "input": [)" + std::to_string(inputChannels) +
                            R"(, 16, 16], "activation": "relu", "output_activation": "sigmoid",
    "output_channels": )" + std::to_string(outputChannels) +
                            R"(,
    "encoder": [{"conv": 8, "kernel": 3, "stride": 2, "padding": 1},
                {"conv": 8, "kernel": 3, "stride": 2, "padding": 1}],
    "latent": 8, "decoder": "mirror"})",
                        "tiny");
}

}  // namespace latentlab::test
