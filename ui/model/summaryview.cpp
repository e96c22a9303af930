#include "model/summaryview.h"

#include <QApplication>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace latentlab {

namespace {
enum Column { LayerColumn, ShapeColumn, ParametersColumn, ColumnCount };
enum Role { SectionRole = Qt::UserRole, SpecIndexRole, GroupRole };

QString sectionTitle(const std::string& section, const ModelSpec& spec) {
  // A GAN's plan keeps the autoencoder's sections: encoder = D's body, latent = D's head, decoder = G.
  if (spec.isGan()) {
    if (section == "encoder") return QObject::tr("Discriminator");
    if (section == "latent") return QObject::tr("Discriminator head");
    if (section == "decoder") return QObject::tr("Generator");
  }
  if (section == "encoder") return QObject::tr("Encoder");
  if (section == "latent") return spec.isVariational() ? QObject::tr("Latent (μ and log σ²)") : QObject::tr("Latent");
  if (section == "decoder")
    return spec.mirrorDecoder ? QObject::tr("Decoder (mirrored)") : QObject::tr("Decoder (explicit, read-only)");
  return QString::fromStdString(section);
}

QString rowTip(const SummaryRow& row, const ModelSpec& spec) {
  if (row.section == "decoder" && !spec.mirrorDecoder)
    return QObject::tr(
        "From the spec's own decoder list; read-only here (set Decoder to Mirror to follow the encoder)");
  if (row.section == "encoder" && row.specIndex >= 0) return QObject::tr("Encoder layer %1").arg(row.specIndex + 1);
  if (row.section == "decoder" && row.specIndex >= 0)
    return QObject::tr("Mirrors encoder layer %1").arg(row.specIndex + 1);
  return {};
}

QTableWidgetItem* cell(const QString& text, Qt::Alignment alignment = Qt::AlignLeft | Qt::AlignVCenter) {
  auto* item = new QTableWidgetItem(text);
  item->setFlags(Qt::ItemIsEnabled);
  item->setTextAlignment(alignment);
  return item;
}

// "Code: 16x8x8 = 1,024 values · 3.0× smaller than the 3x32x32 input".
QString codeDescription(const ModelSummary& summary, const ModelSpec& spec) {
  if (summary.gan) {
    QString text = QObject::tr("Latent z: %1 values, drawn from a standard normal for every generated image")
                       .arg(QString::fromStdString(summary.codeShape));
    if (summary.generatorAverage > 0.0)
      text += QObject::tr(
                  ". Samples come from a running average of the generator's weights (decay %1), "
                  "steadier than the generator itself")
                  .arg(summary.generatorAverage);
    return text;
  }
  long long codeValues = 1;  // codeShape is "10" or "16x8x8"
  for (const auto& dim : QString::fromStdString(summary.codeShape).split('x')) codeValues *= dim.toLongLong();
  QString text = QObject::tr("Code: %1").arg(QString::fromStdString(summary.codeShape));
  if (summary.codeShape.find('x') != std::string::npos)
    text += QObject::tr(" = %1 values").arg(QString::fromStdString(withThousands(codeValues)));
  else
    text += QObject::tr(" values");
  if (codeValues > 0)
    text += QObject::tr("  ·  %1× smaller than the %2 input")
                .arg(double(spec.input.elementCount()) / double(codeValues), 0, 'f', 1)
                .arg(QString::fromStdString(spec.input.toString()));
  return text;
}

long long sectionTotal(const std::vector<SummaryRow>& rows, const std::string& section) {
  long long total = 0;
  for (const auto& row : rows)
    if (row.section == section) total += row.parameters;
  return total;
}
}  // namespace

SummaryView::SummaryView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);

  // The planner's message, in a tinted box so it cannot be missed.
  auto* errorFrame = new QFrame;
  errorFrame->setObjectName("modelErrorBox");
  errorFrame->setStyleSheet(
      "#modelErrorBox { background: #fde2e1; border: 1px solid #e3a7a4; border-radius: 4px; }"
      "#modelErrorBox QLabel { color: #7a1f1f; background: transparent; }");
  auto* errorLayout = new QHBoxLayout(errorFrame);
  errorLayout->setContentsMargins(8, 6, 8, 6);
  auto* icon = new QLabel;
  icon->setPixmap(QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(20, 20));
  icon->setAlignment(Qt::AlignTop);
  mError = new QLabel;
  mError->setWordWrap(true);
  mError->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mError->setToolTip(tr("Why the edited model cannot be built, and what to change"));
  errorLayout->addWidget(icon);
  errorLayout->addWidget(mError, 1);
  errorFrame->hide();
  mErrorBox = errorFrame;
  layout->addWidget(errorFrame);

  mTable = new QTableWidget(0, ColumnCount);
  mTable->setHorizontalHeaderLabels({tr("Layer"), tr("Output shape"), tr("Parameters")});
  mTable->horizontalHeaderItem(LayerColumn)->setTextAlignment(Qt::AlignLeft | Qt::AlignVCenter);
  mTable->horizontalHeaderItem(ParametersColumn)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
  mTable->horizontalHeaderItem(LayerColumn)->setToolTip(tr("The module, with its activation and dropout folded in"));
  mTable->horizontalHeaderItem(ShapeColumn)->setToolTip(tr("Channels x height x width, or the length of a vector"));
  mTable->horizontalHeaderItem(ParametersColumn)->setToolTip(tr("Trainable weights and biases of the layer"));
  mTable->verticalHeader()->hide();
  mTable->verticalHeader()->setMinimumSectionSize(mTable->fontMetrics().height() + 10);
  mTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
  mTable->setSelectionMode(QAbstractItemView::NoSelection);
  mTable->setFocusPolicy(Qt::NoFocus);
  mTable->setShowGrid(false);
  mTable->setWordWrap(true);  // a long layer wraps rather than being cut off in a narrow window
  mTable->setTextElideMode(Qt::ElideNone);
  mTable->setToolTip(tr("Every module of the network with its output shape and parameter count"));
  auto* header = mTable->horizontalHeader();
  header->setSectionResizeMode(LayerColumn, QHeaderView::Stretch);
  header->setSectionResizeMode(ShapeColumn, QHeaderView::ResizeToContents);
  header->setSectionResizeMode(ParametersColumn, QHeaderView::ResizeToContents);
  header->setHighlightSections(false);
  // Queued: while sectionResized is being emitted, columnWidth() still reports the old width.
  connect(
      header, &QHeaderView::sectionResized, mTable,
      [this](int column) {
        if (column == LayerColumn) fitRows();
      },
      Qt::QueuedConnection);
  layout->addWidget(mTable, 1);

  mStaleNote = new QLabel(tr("Showing the last valid model; fix the marked setting to update it."));
  mStaleNote->setStyleSheet("color: palette(placeholder-text); font-style: italic;");
  mStaleNote->hide();
  layout->addWidget(mStaleNote);

  mTotal = new QLabel;
  QFont bold = mTotal->font();
  bold.setBold(true);
  bold.setPointSizeF(bold.pointSizeF() * 1.15);
  mTotal->setFont(bold);
  mTotal->setWordWrap(true);  // a GAN's three counts must not widen the panel
  mTotal->setToolTip(tr("Trainable parameters of the whole network: encoder, latent layer(s) and decoder"));
  mTotal->setTextInteractionFlags(Qt::TextSelectableByMouse);
  mCode = new QLabel;
  mCode->setWordWrap(true);
  mCode->setToolTip(tr("Size of the code the encoder compresses each image into"));
  layout->addWidget(mTotal);
  layout->addWidget(mCode);
}

void SummaryView::showSummary(const ModelSummary& summary, const ModelSpec& spec) {
  mRows = summary.rows;
  mStale = false;
  mErrorBox->hide();
  mError->clear();
  mStaleNote->hide();
  setRowsMuted(false);
  mTotal->setEnabled(true);
  mCode->setEnabled(true);

  mTable->setRowCount(0);
  for (std::size_t index = 0; index < mRows.size(); ++index) {
    const SummaryRow& line = mRows[index];
    // A title row with the subtotal where a section starts, so the table reads as groups.
    if (index == 0 || mRows[index - 1].section != line.section)
      appendGroupRow(sectionTitle(line.section, spec), sectionTotal(mRows, line.section));
    appendLayerRow(line, rowTip(line, spec));
  }
  fitRows();
  highlightEncoderLayer(mHighlighted);
  const QString total = QString::fromStdString(withThousands(summary.totalParameters));
  if (summary.gan) {
    // The two networks train separately, so each one's size matters on its own.
    mTotal->setText(tr("Generator: %1 · Discriminator: %2 · Total parameters: %3")
                        .arg(QString::fromStdString(withThousands(summary.generatorParameters)),
                             QString::fromStdString(withThousands(summary.discriminatorParameters)), total));
    mTotal->setToolTip(
        tr("Trainable parameters of the generator (z to image), of the discriminator (image to "
           "real/fake score, its head included) and of both together"));
  } else {
    mTotal->setText(tr("Total parameters: %1").arg(total));
    mTotal->setToolTip(tr("Trainable parameters of the whole network: encoder, latent layer(s) and decoder"));
  }
  mCode->setText(codeDescription(summary, spec));
}

void SummaryView::appendGroupRow(const QString& title, long long parameters) {
  const int row = mTable->rowCount();
  mTable->insertRow(row);
  mTable->setItem(row, LayerColumn, cell(title));
  mTable->setItem(row, ShapeColumn, cell({}));
  mTable->setItem(row, ParametersColumn,
                  cell(QString::fromStdString(withThousands(parameters)), Qt::AlignRight | Qt::AlignVCenter));
  QFont bold = mTable->font();
  bold.setBold(true);
  const QBrush background = palette().color(QPalette::AlternateBase).darker(104);
  for (int column = 0; column < ColumnCount; ++column) {
    QTableWidgetItem* item = mTable->item(row, column);
    item->setFont(bold);
    item->setBackground(background);
    item->setData(GroupRole, true);
    item->setToolTip(tr("Parameters of the whole %1").arg(title.toLower()));
  }
}

void SummaryView::appendLayerRow(const SummaryRow& line, const QString& tip) {
  const int row = mTable->rowCount();
  mTable->insertRow(row);
  const QString layer = QString::fromStdString(line.layer);
  mTable->setItem(row, LayerColumn, cell(layer));
  mTable->setItem(row, ShapeColumn, cell(QString::fromStdString(line.outputShape), Qt::AlignCenter));
  auto* parameters = cell(QString::fromStdString(withThousands(line.parameters)), Qt::AlignRight | Qt::AlignVCenter);
  if (line.parameters == 0) parameters->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
  mTable->setItem(row, ParametersColumn, parameters);
  for (int column = 0; column < ColumnCount; ++column) {
    QTableWidgetItem* item = mTable->item(row, column);
    item->setData(SectionRole, QString::fromStdString(line.section));
    item->setData(SpecIndexRole, line.specIndex);
    item->setToolTip(tip.isEmpty() ? layer : layer + "\n" + tip);
  }
}

void SummaryView::showError(const QString& message) {
  mStale = true;
  mError->setText(message);
  mErrorBox->show();
  mStaleNote->setVisible(!mRows.empty());
  setRowsMuted(true);  // greyed but still scrollable: these numbers belong to the last valid spec
  mTotal->setEnabled(false);
  mCode->setEnabled(false);
}

void SummaryView::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  // Queued: the table's columns take their new widths after this event.
  QMetaObject::invokeMethod(
      this, [this] { fitRows(); }, Qt::QueuedConnection);
}

void SummaryView::fitRows() {
  // Wrapped rows get the same breathing room as single-line ones.
  const QAbstractItemView* view = mTable;
  const int minimum = mTable->verticalHeader()->minimumSectionSize();
  for (int row = 0; row < mTable->rowCount(); ++row)
    mTable->setRowHeight(row, std::max(minimum, view->sizeHintForRow(row) + 8));
}

void SummaryView::setRowsMuted(bool muted) {
  QPalette colors = mTable->palette();
  const QPalette base = palette();
  for (auto group : {QPalette::Active, QPalette::Inactive})
    colors.setColor(group, QPalette::Text,
                    muted ? base.color(QPalette::Disabled, QPalette::Text) : base.color(group, QPalette::Text));
  mTable->setPalette(colors);
}

void SummaryView::highlightEncoderLayer(int specIndex) {
  mHighlighted = specIndex;
  QColor tint = palette().color(QPalette::Highlight);
  tint.setAlpha(45);
  for (int row = 0; row < mTable->rowCount(); ++row) {
    const QTableWidgetItem* first = mTable->item(row, LayerColumn);
    if (!first || first->data(GroupRole).toBool()) continue;
    const bool match = specIndex >= 0 && first->data(SectionRole).toString() == QLatin1String("encoder") &&
                       first->data(SpecIndexRole).toInt() == specIndex;
    for (int column = 0; column < ColumnCount; ++column)
      mTable->item(row, column)->setBackground(match ? QBrush(tint) : QBrush());
  }
}

QString SummaryView::totalText() const {
  return mTotal->text();
}

QString SummaryView::codeText() const {
  return mCode->text();
}

QString SummaryView::errorText() const {
  return mStale ? mError->text() : QString();
}

}  // namespace latentlab
