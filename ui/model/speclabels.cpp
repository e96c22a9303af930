#include "model/speclabels.h"

#include <QObject>

namespace latentlab {

const std::vector<Activation>& activationChoices() {
  static const std::vector<Activation> choices{Activation::ReLU,    Activation::SELU, Activation::LeakyReLU,
                                               Activation::Sigmoid, Activation::Tanh, Activation::None};
  return choices;
}

QString activationLabel(Activation activation) {
  switch (activation) {
    case Activation::ReLU:
      return QStringLiteral("ReLU");
    case Activation::SELU:
      return QStringLiteral("SELU");
    case Activation::LeakyReLU:
      return QStringLiteral("LeakyReLU");
    case Activation::Sigmoid:
      return QStringLiteral("Sigmoid");
    case Activation::Tanh:
      return QStringLiteral("Tanh");
    case Activation::None:
      return QObject::tr("None");
  }
  return {};
}

const std::vector<Pooling>& poolingChoices() {
  static const std::vector<Pooling> choices{Pooling::None, Pooling::Max, Pooling::Avg};
  return choices;
}

QString poolingLabel(Pooling pooling) {
  switch (pooling) {
    case Pooling::None:
      return QObject::tr("None");
    case Pooling::Max:
      return QObject::tr("Max 2x2");
    case Pooling::Avg:
      return QObject::tr("Avg 2x2");
  }
  return {};
}

QString layerTypeLabel(LayerType type) {
  switch (type) {
    case LayerType::Conv:
      return QObject::tr("Conv");
    case LayerType::ConvTranspose:
      return QObject::tr("Deconv");
    case LayerType::Linear:
      return QObject::tr("Linear");
    case LayerType::Upsample:
      return QObject::tr("Upsample");
    case LayerType::Reshape:
      return QObject::tr("Reshape");
  }
  return {};
}

}  // namespace latentlab
