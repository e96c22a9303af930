#pragma once

// The comparison's summary table (core/run/runcomparison.h): one row per run in its
// colour, the settings that differ highlighted, the equal ones folded into one
// "Shared:" line, the run with the lowest best validation loss marked, and the table
// copied as CSV or Markdown for a lab notebook.

#include "experiments/runpalette.h"
#include "run/runcomparison.h"

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;

namespace latentlab {

class ComparisonTableView : public QWidget {
  Q_OBJECT
public:
  explicit ComparisonTableView(QWidget* parent = nullptr);

  // `colors`: one per run, as the other views of the comparison draw it.
  void setRuns(const std::vector<RunSummary>& runs, const std::vector<QColor>& colors);

  const ComparisonTable& comparison() const { return mComparison; }
  // The table's column of a run column key, or -1.
  int columnOf(const std::string& key) const;
  bool isHighlighted(int column) const;
  QTableWidget* table() const { return mTable; }
  QLabel* sharedLabel() const { return mShared; }
  QPushButton* copyCsvButton() const { return mCopyCsv; }
  QPushButton* copyMarkdownButton() const { return mCopyMarkdown; }
  // The height that shows every row, the shared line and the buttons.
  int preferredHeight() const;
  void copyCsv() const;
  void copyMarkdown() const;

private:
  ComparisonTable mComparison;
  QTableWidget* mTable = nullptr;
  QLabel* mShared = nullptr;
  QPushButton* mCopyCsv = nullptr;
  QPushButton* mCopyMarkdown = nullptr;
};

}  // namespace latentlab
