#include "model/layertablemodel.h"

#include "model/speclabels.h"

#include <QApplication>
#include <QColor>
#include <QPalette>
#include <QStyle>

#include <algorithm>

namespace latentlab {

namespace {
// The encoder takes conv and linear layers only (the planner rejects the others).
const LayerType kEncoderTypes[] = {LayerType::Conv, LayerType::Linear};

const QColor kErrorBackground(0xfd, 0xe2, 0xe1);
const QColor kErrorText(0x8a, 0x1c, 0x1c);

// Planner limits (see checkLayerNumbers in layerplan.cpp); padding above the
// kernel is left to the planner so its message explains the rule on the row.
struct Range {
  int minimum;
  int maximum;
};
Range rangeOf(int column) {
  switch (column) {
    case LayerTableModel::SizeColumn:
      return {1, 65536};
    case LayerTableModel::KernelColumn:
      return {1, 15};
    case LayerTableModel::StrideColumn:
      return {1, 8};
    case LayerTableModel::PaddingColumn:
      return {0, 15};
    default:
      return {0, 0};
  }
}

bool isNumberColumn(int column) {
  return column == LayerTableModel::SizeColumn || column == LayerTableModel::KernelColumn ||
         column == LayerTableModel::StrideColumn || column == LayerTableModel::PaddingColumn;
}

QString columnTip(int column) {
  switch (column) {
    case LayerTableModel::TypeColumn:
      return QObject::tr(
          "Conv: a 2-D convolution over the feature map. Linear: a fully connected layer on the "
          "flattened features. Conv layers must come before linear layers.");
    case LayerTableModel::SizeColumn:
      return QObject::tr("Output channels of a conv layer, or units of a linear layer");
    case LayerTableModel::KernelColumn:
      return QObject::tr("Side of the square convolution kernel (1 to 15)");
    case LayerTableModel::StrideColumn:
      return QObject::tr("Step of the kernel; 2 halves the feature map (1 to 8)");
    case LayerTableModel::PaddingColumn:
      return QObject::tr("Zeros added around the input (0 to the kernel size); kernel 3 with padding 1 keeps the size");
    case LayerTableModel::PoolingColumn:
      return QObject::tr("2x2 pooling after the activation; halves the feature map, the decoder upsamples back");
    case LayerTableModel::ActivationColumn:
      return QObject::tr("This layer's activation; Default follows the model's activation");
    default:
      return {};
  }
}
}  // namespace

LayerTableModel::LayerTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void LayerTableModel::setLayers(const std::vector<LayerSpec>& layers) {
  beginResetModel();
  mLayers = layers;
  mErrorRow = -1;
  mErrorMessage.clear();
  endResetModel();
}

void LayerTableModel::setModelActivation(Activation activation) {
  if (activation == mModelActivation) return;
  mModelActivation = activation;
  if (!mLayers.empty()) Q_EMIT dataChanged(index(0, ActivationColumn), index(rowCount() - 1, ActivationColumn));
}

int LayerTableModel::addLayer(LayerType type, int anchorRow) {
  const int count = rowCount();
  const auto firstLinear = std::find_if(mLayers.begin(), mLayers.end(),
                                        [](const LayerSpec& layer) { return layer.type == LayerType::Linear; });
  const int convEnd = int(firstLinear - mLayers.begin());
  const bool anchored = anchorRow >= 0 && anchorRow < count && mLayers[std::size_t(anchorRow)].type == type;
  int row = 0;
  LayerSpec layer;
  layer.type = type;
  if (type == LayerType::Conv) {
    // After the chosen conv, else after the last conv; starts as a copy of the conv before it.
    row = anchored ? anchorRow + 1 : convEnd;
    if (row > 0 && mLayers[std::size_t(row - 1)].type == LayerType::Conv) {
      layer = mLayers[std::size_t(row - 1)];
    } else {
      layer.size = 16;
      layer.kernel = 3;
      layer.stride = 2;
      layer.padding = 1;
    }
  } else {
    row = anchored ? anchorRow + 1 : count;
    const bool afterLinear = row > 0 && mLayers[std::size_t(row - 1)].type == LayerType::Linear;
    layer.size = afterLinear ? std::max(2, mLayers[std::size_t(row - 1)].size / 2) : 128;
  }
  beginInsertRows({}, row, row);
  mLayers.insert(mLayers.begin() + row, layer);
  if (mErrorRow >= row) ++mErrorRow;
  endInsertRows();
  Q_EMIT layersEdited();
  return row;
}

bool LayerTableModel::removeLayer(int row) {
  if (row < 0 || row >= rowCount()) return false;
  beginRemoveRows({}, row, row);
  mLayers.erase(mLayers.begin() + row);
  if (mErrorRow == row)
    mErrorRow = -1;
  else if (mErrorRow > row)
    --mErrorRow;
  endRemoveRows();
  Q_EMIT layersEdited();
  return true;
}

int LayerTableModel::moveLayer(int row, int delta) {
  const int target = row + delta;
  if (row < 0 || row >= rowCount() || target < 0 || target >= rowCount() || delta == 0) return -1;
  // Qt's destination is the row the moved one lands before, counted before the move.
  const int destination = delta > 0 ? target + 1 : target;
  beginMoveRows({}, row, row, {}, destination);
  std::swap(mLayers[std::size_t(row)], mLayers[std::size_t(target)]);
  if (mErrorRow == row)
    mErrorRow = target;
  else if (mErrorRow == target)
    mErrorRow = row;
  endMoveRows();
  Q_EMIT layersEdited();
  return target;
}

void LayerTableModel::setErrorRow(int row, const QString& message) {
  const int previous = mErrorRow;
  mErrorRow = row >= 0 && row < rowCount() ? row : -1;
  mErrorMessage = mErrorRow >= 0 ? message : QString();
  for (int changed : {previous, mErrorRow})
    if (changed >= 0 && changed < rowCount()) Q_EMIT dataChanged(index(changed, 0), index(changed, ColumnCount - 1));
  if ((previous >= 0 || mErrorRow >= 0) && rowCount() > 0) Q_EMIT headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
}

int LayerTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : int(mLayers.size());
}

int LayerTableModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : ColumnCount;
}

bool LayerTableModel::applies(const LayerSpec& layer, int column) {
  const bool spatial =
      column == KernelColumn || column == StrideColumn || column == PaddingColumn || column == PoolingColumn;
  return !(spatial && layer.type == LayerType::Linear);
}

QVariant LayerTableModel::displayValue(const LayerSpec& layer, int column) const {
  if (!applies(layer, column)) return QStringLiteral("–");
  switch (column) {
    case TypeColumn:
      return layerTypeLabel(layer.type);
    case SizeColumn:
      return layer.size;
    case KernelColumn:
      return QStringLiteral("%1x%1").arg(layer.kernel);
    case StrideColumn:
      return layer.stride;
    case PaddingColumn:
      return layer.padding;
    case PoolingColumn:
      return poolingLabel(layer.pooling);
    case ActivationColumn:
      return layer.activation ? activationLabel(*layer.activation)
                              : tr("Default (%1)").arg(activationLabel(mModelActivation));
    default:
      return {};
  }
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const {
  if (!index.isValid() || index.row() >= rowCount()) return {};
  const LayerSpec& layer = mLayers[std::size_t(index.row())];
  const int column = index.column();
  const bool marked = index.row() == mErrorRow;
  switch (role) {
    case Qt::DisplayRole:
      return displayValue(layer, column);
    case Qt::EditRole:
      switch (column) {
        case TypeColumn:
          return layerTypeLabel(layer.type);
        case SizeColumn:
          return layer.size;
        case KernelColumn:
          return layer.kernel;
        case StrideColumn:
          return layer.stride;
        case PaddingColumn:
          return layer.padding;
        case PoolingColumn:
          return poolingLabel(layer.pooling);
        case ActivationColumn:
          return displayValue(layer, column);
        default:
          return {};
      }
    case ChoicesRole: {
      QStringList choices;
      if (column == TypeColumn)
        for (LayerType type : kEncoderTypes) choices << layerTypeLabel(type);
      if (column == PoolingColumn)
        for (Pooling pooling : poolingChoices()) choices << poolingLabel(pooling);
      if (column == ActivationColumn) {
        choices << tr("Default (%1)").arg(activationLabel(mModelActivation));
        for (Activation activation : activationChoices()) choices << activationLabel(activation);
      }
      return choices.isEmpty() ? QVariant() : QVariant(choices);
    }
    case MinimumRole:
      return isNumberColumn(column) ? QVariant(rangeOf(column).minimum) : QVariant();
    case MaximumRole:
      return isNumberColumn(column) ? QVariant(rangeOf(column).maximum) : QVariant();
    case Qt::TextAlignmentRole:
      return QVariant::fromValue(isNumberColumn(column) || !applies(layer, column) ? Qt::AlignCenter
                                                                                   : Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
      if (marked) return mErrorMessage;
      if (!applies(layer, column)) return tr("Not used by a linear layer");
      return columnTip(column);
    case Qt::BackgroundRole:
      if (marked) return kErrorBackground;
      return {};
    case Qt::ForegroundRole:
      if (marked) return kErrorText;
      if (!applies(layer, column) || (column == ActivationColumn && !layer.activation))
        return QApplication::palette().color(QPalette::Disabled, QPalette::Text);
      return {};
    case Qt::DecorationRole:
      if (marked && column == TypeColumn) return QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning);
      return {};
    default:
      return {};
  }
}

bool LayerTableModel::inRange(int column, int value) const {
  const Range range = rangeOf(column);
  return value >= range.minimum && value <= range.maximum;
}

bool LayerTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (!index.isValid() || role != Qt::EditRole || !(flags(index) & Qt::ItemIsEditable)) return false;
  LayerSpec layer = mLayers[std::size_t(index.row())];
  const int column = index.column();
  if (isNumberColumn(column)) {
    bool ok = false;
    const int number = value.toInt(&ok);
    if (!ok || !inRange(column, number)) return false;
    if (column == SizeColumn) layer.size = number;
    if (column == KernelColumn) layer.kernel = number;
    if (column == StrideColumn) layer.stride = number;
    if (column == PaddingColumn) layer.padding = number;
  } else {
    // A choice arrives as its label (from the delegate) or its position in ChoicesRole.
    const QStringList choices = data(index, ChoicesRole).toStringList();
    bool isNumber = false;
    int choice = value.toInt(&isNumber);
    if (!isNumber || value.userType() == QMetaType::QString) choice = int(choices.indexOf(value.toString()));
    if (choice < 0 || choice >= choices.size()) return false;
    if (column == TypeColumn) {
      layer.type = kEncoderTypes[choice];
      if (layer.type == LayerType::Linear) layer.pooling = Pooling::None;  // pooling means nothing on a vector
    }
    if (column == PoolingColumn) layer.pooling = poolingChoices()[std::size_t(choice)];
    if (column == ActivationColumn) {
      if (choice == 0)
        layer.activation.reset();
      else
        layer.activation = activationChoices()[std::size_t(choice - 1)];
    }
  }
  if (layer == mLayers[std::size_t(index.row())]) return true;
  mLayers[std::size_t(index.row())] = layer;
  Q_EMIT dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
  Q_EMIT layersEdited();
  return true;
}

Qt::ItemFlags LayerTableModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::NoItemFlags;
  Qt::ItemFlags result = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
  if (applies(mLayers[std::size_t(index.row())], index.column())) result |= Qt::ItemIsEditable;
  return result;
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation == Qt::Vertical) {
    if (role == Qt::DisplayRole) return section + 1;
    if (role == Qt::ToolTipRole && section == mErrorRow) return mErrorMessage;
    if (role == Qt::ForegroundRole && section == mErrorRow) return kErrorText;
    return {};
  }
  if (role == Qt::ToolTipRole) return columnTip(section);
  if (role != Qt::DisplayRole) return {};
  switch (section) {
    case TypeColumn:
      return tr("Type");
    case SizeColumn:
      return tr("Channels / units");
    case KernelColumn:
      return tr("Kernel");
    case StrideColumn:
      return tr("Stride");
    case PaddingColumn:
      return tr("Padding");
    case PoolingColumn:
      return tr("Pooling");
    case ActivationColumn:
      return tr("Activation");
    default:
      return {};
  }
}

}  // namespace latentlab
