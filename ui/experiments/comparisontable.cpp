#include "experiments/comparisontable.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace latentlab {

namespace {
const QColor kDiffers(255, 236, 179);  // a setting that differs between the runs
}  // namespace

ComparisonTableView::ComparisonTableView(QWidget* parent) : QWidget(parent) {
  mTable = new QTableWidget;
  mTable->setObjectName("comparisonTable");
  mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
  mTable->setSelectionMode(QAbstractItemView::ContiguousSelection);
  mTable->verticalHeader()->hide();
  mTable->verticalHeader()->setDefaultSectionSize(mTable->fontMetrics().height() + 8);
  mTable->setWordWrap(false);
  mTable->setToolTip(
      tr("The compared runs: settings that differ are highlighted, results always shown; "
         "★ marks the lowest best validation loss"));
  mShared = new QLabel;
  mShared->setWordWrap(true);
  mShared->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mShared->setToolTip(tr("Settings every compared run shares, folded out of the table"));
  mCopyCsv = new QPushButton(tr("Copy CSV"));
  mCopyCsv->setToolTip(tr("Copy the table as CSV (numbers in full precision) for a spreadsheet"));
  mCopyMarkdown = new QPushButton(tr("Copy Markdown"));
  mCopyMarkdown->setToolTip(tr("Copy the table and the shared settings as Markdown for a lab notebook"));

  auto* bottom = new QHBoxLayout;
  bottom->setContentsMargins(0, 0, 0, 0);
  bottom->addWidget(mShared, 1);
  bottom->addWidget(mCopyCsv, 0, Qt::AlignTop);
  bottom->addWidget(mCopyMarkdown, 0, Qt::AlignTop);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(mTable, 1);
  layout->addLayout(bottom);

  connect(mCopyCsv, &QPushButton::clicked, this, &ComparisonTableView::copyCsv);
  connect(mCopyMarkdown, &QPushButton::clicked, this, &ComparisonTableView::copyMarkdown);
}

void ComparisonTableView::setRuns(const std::vector<RunSummary>& runs, const std::vector<QColor>& colors) {
  mComparison = compareRuns(runs);
  const int columns = int(mComparison.columns.size());
  const int rows = int(mComparison.rows.size());
  mTable->clear();
  mTable->setColumnCount(columns);
  mTable->setRowCount(rows);
  for (int c = 0; c < columns; ++c) {
    const RunColumn& column = mComparison.columns[std::size_t(c)];
    auto* header = new QTableWidgetItem(QString::fromStdString(column.label));
    QString tip = QString::fromStdString(column.tooltip);
    if (mComparison.differs[std::size_t(c)]) {
      QFont bold = header->font();
      bold.setBold(true);
      header->setFont(bold);
      header->setBackground(kDiffers);
      tip += tr(" (differs between the runs)");
    }
    header->setToolTip(tip);
    mTable->setHorizontalHeaderItem(c, header);
  }
  for (int r = 0; r < rows; ++r) {
    const bool best = r == mComparison.bestRow;
    for (int c = 0; c < columns; ++c) {
      const RunColumn& column = mComparison.columns[std::size_t(c)];
      QString text = QString::fromStdString(mComparison.rows[std::size_t(r)][std::size_t(c)].text);
      if (c == 0 && best) text = QStringLiteral("★ ") + text;
      auto* item = new QTableWidgetItem(text);
      item->setTextAlignment(column.numeric ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter);
      if (mComparison.differs[std::size_t(c)]) item->setBackground(kDiffers);
      if (c == 0) {
        if (r < int(colors.size())) item->setIcon(colorSwatch(colors[std::size_t(r)]));
        item->setToolTip(QString::fromStdString(runs[std::size_t(r)].path.string()) +
                         (best ? tr("\n★ the lowest best validation loss of the compared runs") : QString()));
      }
      if (best) {
        QFont bold = item->font();
        bold.setBold(true);
        item->setFont(bold);
      }
      mTable->setItem(r, c, item);
    }
  }
  mTable->resizeColumnsToContents();
  QStringList shared;
  for (const auto& [label, value] : mComparison.shared)
    shared << QStringLiteral("%1 %2").arg(QString::fromStdString(label), QString::fromStdString(value));
  mShared->setText(shared.isEmpty() ? tr("Shared: nothing; every setting differs somewhere.")
                                    : tr("Shared: %1").arg(shared.join(" · ")));
}

int ComparisonTableView::preferredHeight() const {
  const int rows = mTable->horizontalHeader()->sizeHint().height() +
                   mTable->rowCount() * mTable->verticalHeader()->defaultSectionSize() +
                   mTable->horizontalScrollBar()->sizeHint().height() + 2 * mTable->frameWidth() + 4;
  const int bottom = std::max(mShared->heightForWidth(std::max(200, width() - 260)), mCopyCsv->sizeHint().height());
  return rows + bottom + 8;
}

int ComparisonTableView::columnOf(const std::string& key) const {
  for (std::size_t c = 0; c < mComparison.columns.size(); ++c)
    if (mComparison.columns[c].key == key) return int(c);
  return -1;
}

bool ComparisonTableView::isHighlighted(int column) const {
  return column >= 0 && column < int(mComparison.differs.size()) && mComparison.differs[std::size_t(column)];
}

void ComparisonTableView::copyCsv() const {
  QApplication::clipboard()->setText(QString::fromStdString(comparisonToCsv(mComparison)));
}

void ComparisonTableView::copyMarkdown() const {
  QApplication::clipboard()->setText(QString::fromStdString(comparisonToMarkdown(mComparison)));
}

}  // namespace latentlab
