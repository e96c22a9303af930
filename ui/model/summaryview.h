#pragma once

#include "modelsummary.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace latentlab {

// The right side of the Model tab: the layer-by-layer summary grouped by section (layer,
// output shape, parameters), the bold total and the code size. When the edited
// spec cannot be built it shows the planner's message above the table and keeps
// the last valid summary greyed out, so the numbers never describe a broken spec.
class SummaryView : public QWidget {
  Q_OBJECT
public:
  explicit SummaryView(QWidget* parent = nullptr);

  // `spec` is the spec the summary was made from (for the code size and the decoder note).
  void showSummary(const ModelSummary& summary, const ModelSpec& spec);
  void showError(const QString& message);
  // Tints the summary rows made from encoder layer `specIndex` (-1: none).
  void highlightEncoderLayer(int specIndex);

  QTableWidget* table() const { return mTable; }
  QString totalText() const;
  QString codeText() const;
  QString errorText() const;  // empty while the spec is valid
  bool isStale() const { return mStale; }

protected:
  // Rows are re-fitted to the new column width, so wrapped layer names are never cut.
  void resizeEvent(QResizeEvent* event) override;

private:
  void appendGroupRow(const QString& title, long long parameters);
  void appendLayerRow(const SummaryRow& line, const QString& tip);
  void fitRows();
  void setRowsMuted(bool muted);

  QLabel* mError = nullptr;
  QWidget* mErrorBox = nullptr;
  QTableWidget* mTable = nullptr;
  QLabel* mTotal = nullptr;
  QLabel* mCode = nullptr;
  QLabel* mStaleNote = nullptr;
  std::vector<SummaryRow> mRows;
  int mHighlighted = -1;
  bool mStale = false;
};

}  // namespace latentlab
