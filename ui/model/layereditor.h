#pragma once

#include "modelspec.h"

#include <QGroupBox>

class QAction;
class QTableView;

namespace latentlab {

class LayerTableModel;

// The encoder's layer table with its Add conv / Add linear / Remove / Move up /
// Move down actions. Edits reach the owner through model()->layersEdited().
class LayerEditor : public QGroupBox {
  Q_OBJECT
public:
  explicit LayerEditor(QWidget* parent = nullptr);

  LayerTableModel* model() const { return mModel; }
  QTableView* view() const { return mView; }
  int currentRow() const;  // -1 without a selection
  void selectRow(int row);

  QAction* addConvAction() const { return mAddConv; }
  QAction* addLinearAction() const { return mAddLinear; }
  QAction* removeAction() const { return mRemove; }
  QAction* moveUpAction() const { return mMoveUp; }
  QAction* moveDownAction() const { return mMoveDown; }

Q_SIGNALS:
  // The selected row changed (-1: none), also after a new spec cleared the selection.
  void currentLayerChanged(int row);

private:
  void buildActions();
  void fitColumns();
  void refreshActions();
  void addLayer(LayerType type);
  void removeLayer();
  void moveLayer(int delta);

  LayerTableModel* mModel = nullptr;
  QTableView* mView = nullptr;
  QAction* mAddConv = nullptr;
  QAction* mAddLinear = nullptr;
  QAction* mRemove = nullptr;
  QAction* mMoveUp = nullptr;
  QAction* mMoveDown = nullptr;
};

}  // namespace latentlab
