#include "model/layereditor.h"

#include "model/actionbutton.h"
#include "model/layerdelegate.h"
#include "model/layertablemodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace latentlab {

LayerEditor::LayerEditor(QWidget* parent) : QGroupBox(tr("Encoder layers"), parent) {
  mModel = new LayerTableModel(this);
  mView = new QTableView;
  mView->setModel(mModel);
  mView->setItemDelegate(new LayerDelegate(mView));
  mView->setSelectionBehavior(QAbstractItemView::SelectRows);
  mView->setSelectionMode(QAbstractItemView::SingleSelection);
  mView->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::SelectedClicked |
                         QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
  mView->setAlternatingRowColors(true);
  mView->setWordWrap(false);
  mView->verticalHeader()->setDefaultSectionSize(mView->fontMetrics().height() + 14);
  mView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
  mView->verticalHeader()->setDefaultAlignment(Qt::AlignCenter);
  mView->horizontalHeader()->setStretchLastSection(true);
  mView->horizontalHeader()->setHighlightSections(false);
  mView->setToolTip(tr("Double-click a cell to edit it; row numbers match the encoder layers named in messages"));
  fitColumns();
  buildActions();

  auto* buttons = new QHBoxLayout;
  for (QAction* action : {mAddConv, mAddLinear}) buttons->addWidget(buttonFor(action));
  buttons->addSpacing(12);
  buttons->addWidget(buttonFor(mRemove));
  buttons->addStretch(1);
  for (QAction* action : {mMoveUp, mMoveDown}) buttons->addWidget(buttonFor(action));
  auto* hint =
      new QLabel(tr("Conv layers first, then linear layers. The decoder mirrors them; the latent layer "
                    "follows the last row."));
  hint->setWordWrap(true);
  hint->setStyleSheet("color: palette(placeholder-text);");
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(buttons);
  layout->addWidget(mView, 1);
  layout->addWidget(hint);

  auto selectionMoved = [this] {
    refreshActions();
    Q_EMIT currentLayerChanged(currentRow());
  };
  connect(mView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, selectionMoved);
  // A reset (new spec) drops the selection without a currentRowChanged.
  connect(mModel, &QAbstractItemModel::modelReset, this, selectionMoved);
  connect(mModel, &QAbstractItemModel::rowsRemoved, this, &LayerEditor::refreshActions);
  refreshActions();
}

void LayerEditor::buildActions() {
  // Add works anywhere in the tab; remove and move only while the table has focus,
  // so Delete and Alt+arrows keep their meaning in the spin boxes.
  QWidget* tab = this;
  mAddConv =
      makeEditorAction(tab, tr("Add conv"), tr("Add a conv layer after the selected conv, or after the last one"),
                       QKeySequence("Ctrl+Shift+C"), Qt::WidgetWithChildrenShortcut);
  mAddLinear =
      makeEditorAction(tab, tr("Add linear"), tr("Add a linear layer after the selected linear, or at the end"),
                       QKeySequence("Ctrl+Shift+L"), Qt::WidgetWithChildrenShortcut);
  mRemove = makeEditorAction(mView, tr("Remove"), tr("Remove the selected layer"), QKeySequence::Delete,
                             Qt::WidgetShortcut, style()->standardIcon(QStyle::SP_TrashIcon));
  mMoveUp = makeEditorAction(mView, tr("Move up"), tr("Move the selected layer one row up"), QKeySequence("Alt+Up"),
                             Qt::WidgetShortcut, style()->standardIcon(QStyle::SP_ArrowUp));
  mMoveDown =
      makeEditorAction(mView, tr("Move down"), tr("Move the selected layer one row down"), QKeySequence("Alt+Down"),
                       Qt::WidgetShortcut, style()->standardIcon(QStyle::SP_ArrowDown));
  connect(mAddConv, &QAction::triggered, this, [this] { addLayer(LayerType::Conv); });
  connect(mAddLinear, &QAction::triggered, this, [this] { addLayer(LayerType::Linear); });
  connect(mRemove, &QAction::triggered, this, &LayerEditor::removeLayer);
  connect(mMoveUp, &QAction::triggered, this, [this] { moveLayer(-1); });
  connect(mMoveDown, &QAction::triggered, this, [this] { moveLayer(+1); });
}

void LayerEditor::fitColumns() {
  // Wide enough for the header and the widest value, so nothing is clipped.
  const QFontMetrics metrics = mView->fontMetrics();
  const int padding = 28;
  const QString samples[LayerTableModel::ColumnCount] = {
      "Linear", "65536", "15x15", "8", "15", "Max 2x2", "Default (LeakyReLU)"};
  auto* header = mView->horizontalHeader();
  for (int column = 0; column < LayerTableModel::ColumnCount - 1; ++column) {
    const QString title = mModel->headerData(column, Qt::Horizontal).toString();
    const int icon = column == LayerTableModel::TypeColumn ? 22 : 0;  // the warning icon of a marked row
    header->resizeSection(
        column,
        std::max(metrics.horizontalAdvance(title), metrics.horizontalAdvance(samples[column])) + padding + icon);
  }
  header->setMinimumSectionSize(metrics.horizontalAdvance("Stride") + padding);
}

int LayerEditor::currentRow() const {
  const QModelIndex current = mView->selectionModel()->currentIndex();
  return current.isValid() ? current.row() : -1;
}

void LayerEditor::selectRow(int row) {
  if (row < 0 || row >= mModel->rowCount()) {
    mView->selectionModel()->clearCurrentIndex();
    mView->clearSelection();
  } else {
    mView->selectionModel()->setCurrentIndex(mModel->index(row, LayerTableModel::SizeColumn),
                                             QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    mView->scrollTo(mModel->index(row, 0));
  }
  refreshActions();
  Q_EMIT currentLayerChanged(currentRow());
}

void LayerEditor::refreshActions() {
  const int row = currentRow();
  mRemove->setEnabled(row >= 0);
  mMoveUp->setEnabled(row > 0);
  mMoveDown->setEnabled(row >= 0 && row + 1 < mModel->rowCount());
}

void LayerEditor::addLayer(LayerType type) {
  selectRow(mModel->addLayer(type, currentRow()));
}

void LayerEditor::removeLayer() {
  const int row = currentRow();
  if (!mModel->removeLayer(row)) return;
  selectRow(std::min(row, mModel->rowCount() - 1));
}

void LayerEditor::moveLayer(int delta) {
  const int row = mModel->moveLayer(currentRow(), delta);
  if (row >= 0) selectRow(row);
}

}  // namespace latentlab
