#include "model/layerdelegate.h"

#include "model/layertablemodel.h"

#include <QComboBox>
#include <QSpinBox>

namespace latentlab {

QWidget* LayerDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                     const QModelIndex& index) const {
  const QStringList choices = index.data(LayerTableModel::ChoicesRole).toStringList();
  if (!choices.isEmpty()) {
    auto* combo = new QComboBox(parent);
    combo->addItems(choices);
    combo->setToolTip(index.data(Qt::ToolTipRole).toString());
    // One pick is one edit: commit and close without waiting for focus to leave.
    connect(combo, &QComboBox::activated, this, [this, combo] {
      auto* self = const_cast<LayerDelegate*>(this);
      Q_EMIT self->commitData(combo);
      Q_EMIT self->closeEditor(combo);
    });
    return combo;
  }
  const QVariant minimum = index.data(LayerTableModel::MinimumRole);
  if (minimum.isValid()) {
    auto* box = new QSpinBox(parent);
    box->setRange(minimum.toInt(), index.data(LayerTableModel::MaximumRole).toInt());
    box->setAlignment(Qt::AlignCenter);
    box->setToolTip(index.data(Qt::ToolTipRole).toString());
    return box;
  }
  return QStyledItemDelegate::createEditor(parent, option, index);
}

void LayerDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
  if (auto* combo = qobject_cast<QComboBox*>(editor)) {
    combo->setCurrentIndex(combo->findText(index.data(Qt::EditRole).toString()));
    return;
  }
  if (auto* box = qobject_cast<QSpinBox*>(editor)) {
    box->setValue(index.data(Qt::EditRole).toInt());
    return;
  }
  QStyledItemDelegate::setEditorData(editor, index);
}

void LayerDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const {
  if (auto* combo = qobject_cast<QComboBox*>(editor)) {
    model->setData(index, combo->currentText(), Qt::EditRole);
    return;
  }
  if (auto* box = qobject_cast<QSpinBox*>(editor)) {
    box->interpretText();
    model->setData(index, box->value(), Qt::EditRole);
    return;
  }
  QStyledItemDelegate::setModelData(editor, model, index);
}

void LayerDelegate::updateEditorGeometry(QWidget* editor, const QStyleOptionViewItem& option,
                                         const QModelIndex& index) const {
  editor->setGeometry(option.rect);
}

}  // namespace latentlab
