#pragma once

#include "modelspec.h"

#include <QAbstractTableModel>
#include <QString>

#include <vector>

namespace latentlab {

// The encoder's layers as an editable table: one row per conv or linear layer.
// Editors get their choices and ranges from the model (ChoicesRole, MinimumRole,
// MaximumRole), so the delegate stays generic. A row that cannot be built is
// marked red with the planner's message as its tooltip.
class LayerTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column {
    TypeColumn,
    SizeColumn,
    KernelColumn,
    StrideColumn,
    PaddingColumn,
    PoolingColumn,
    ActivationColumn,
    ColumnCount
  };
  enum Role { ChoicesRole = Qt::UserRole + 1, MinimumRole, MaximumRole };

  explicit LayerTableModel(QObject* parent = nullptr);

  // Replaces every row (a preset or a loaded spec); emits no layersEdited.
  void setLayers(const std::vector<LayerSpec>& layers);
  const std::vector<LayerSpec>& layers() const { return mLayers; }

  // The model-wide activation, shown in rows that do not override it.
  void setModelActivation(Activation activation);

  // Inserts a layer next to `anchorRow` where the encoder's order allows it
  // (convs before linears) and returns its row.
  int addLayer(LayerType type, int anchorRow);
  bool removeLayer(int row);
  // Moves a row up (-1) or down (+1); returns the new row, or -1 at an edge.
  int moveLayer(int row, int delta);

  // Marks one row as the reason the spec cannot be built (-1 clears the mark).
  void setErrorRow(int row, const QString& message);
  int errorRow() const { return mErrorRow; }
  QString errorMessage() const { return mErrorMessage; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  // Whether a cell means anything for its layer (kernel, stride, padding and pooling do not for a linear layer).
  static bool applies(const LayerSpec& layer, int column);

Q_SIGNALS:
  // The user changed, added, removed or moved a layer.
  void layersEdited();

private:
  QVariant displayValue(const LayerSpec& layer, int column) const;
  bool inRange(int column, int value) const;

  std::vector<LayerSpec> mLayers;
  Activation mModelActivation = Activation::ReLU;
  int mErrorRow = -1;
  QString mErrorMessage;
};

}  // namespace latentlab
