#pragma once

#include <QStyledItemDelegate>

namespace latentlab {

// Edits a layer-table cell with a combo box (cells offering ChoicesRole) or a
// spin box bounded by MinimumRole/MaximumRole, so a typed value is never out of
// range. A combo commits as soon as a choice is picked.
class LayerDelegate : public QStyledItemDelegate {
  Q_OBJECT
public:
  using QStyledItemDelegate::QStyledItemDelegate;

  QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
  void setEditorData(QWidget* editor, const QModelIndex& index) const override;
  void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
  void updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                            const QModelIndex& index) const override;
};

}  // namespace latentlab
