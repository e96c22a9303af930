#pragma once

#include "modelspec.h"

#include <QString>

#include <vector>

namespace latentlab {

// The words the model editor shows for spec enums, in one place so the layer
// table and the model settings offer the same choices in the same order.

const std::vector<Activation>& activationChoices();  // ReLU, SELU, LeakyReLU, Sigmoid, Tanh, None
QString activationLabel(Activation activation);      // "LeakyReLU", "None"

const std::vector<Pooling>& poolingChoices();  // None, Max, Avg
QString poolingLabel(Pooling pooling);         // "None", "Max 2x2", "Avg 2x2"

QString layerTypeLabel(LayerType type);  // "Conv", "Linear"

}  // namespace latentlab
