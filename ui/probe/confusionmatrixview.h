#pragma once

// A confusion matrix as a heatmap: one row per true class, one column per predicted
// class, each cell with its count and coloured by its share of the row (so a rare
// class's mistakes show as clearly as a common one's). Class names label both axes;
// hovering a cell says what it holds; a click or the arrow keys select a cell, Enter
// activates it. Knows nothing about models.

#include <QStringList>
#include <QWidget>

#include <vector>

namespace latentlab {

class ConfusionMatrixView : public QWidget {
  Q_OBJECT
public:
  explicit ConfusionMatrixView(QWidget* parent = nullptr);

  // counts[true][predicted]; a square matrix with one name per class. Clears the selection.
  void setMatrix(std::vector<std::vector<long long>> counts, const QStringList& classNames);
  // No matrix: `placeholder` instead.
  void clear(const QString& placeholder);

  int classCount() const { return int(mCounts.size()); }
  long long count(int truth, int predicted) const;
  long long rowTotal(int truth) const;
  long long total() const;
  QString className(int k) const { return mNames.value(k); }

  // The selected cell; -1, -1 when none.
  int selectedTruth() const { return mSelectedTruth; }
  int selectedPredicted() const { return mSelectedPredicted; }
  // Selects a cell (as a click there) and emits cellSelected; out of range clears.
  void selectCell(int truth, int predicted);
  void clearSelection();

  // Where a cell is drawn (widget coordinates); empty without a matrix.
  QRect cellRect(int truth, int predicted) const;
  // "true 4 → predicted 9: 37 items (3.8% of the 4s)".
  QString cellText(int truth, int predicted) const;

  QSize sizeHint() const override;
  QSize minimumSizeHint() const override;

Q_SIGNALS:
  void cellSelected(int truth, int predicted);
  void cellActivated(int truth, int predicted);  // Enter or a double-click

protected:
  bool event(QEvent* event) override;
  void paintEvent(QPaintEvent* event) override;
  void mousePressEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void leaveEvent(QEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

private:
  struct Geometry {
    int left = 0;  // the first column's x
    int top = 0;   // the first row's y
    int side = 0;  // a cell's side
    bool rotatedNames = false;
  };
  Geometry geometry() const;
  int headerWidth() const;  // names and title left of the rows
  int headerHeight(bool rotated) const;
  bool namesNeedRotation() const;
  bool cellAt(const QPoint& position, int& truth, int& predicted) const;
  void paintNames(QPainter& painter, const Geometry& g);

  std::vector<std::vector<long long>> mCounts;
  std::vector<long long> mRowTotals;
  QStringList mNames;
  QString mPlaceholder;
  int mSelectedTruth = -1;
  int mSelectedPredicted = -1;
  int mHoverTruth = -1;
  int mHoverPredicted = -1;
};

}  // namespace latentlab
