#include "experiments/comparisonview.h"

#include "experiments/comparisoncurves.h"
#include "experiments/comparisontable.h"
#include "experiments/linkedmapsview.h"
#include "experiments/reconstructiongrid.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QVBoxLayout>

#include <numeric>
#include <unordered_map>

namespace latentlab {

ComparisonView::ComparisonView(Session* session, QWidget* parent) : QWidget(parent) {
  auto* hint =
      new QLabel(tr("Select 2 to 8 runs in the Runs table (Ctrl+click or Shift+click) and press Compare "
                    "(Ctrl+D) to see their curves, settings and reconstructions side by side."));
  hint->setWordWrap(true);
  hint->setAlignment(Qt::AlignCenter);
  hint->setMargin(24);

  mTitle = new QLabel;
  mTitle->setWordWrap(true);
  mTitle->setTextFormat(Qt::RichText);
  mTitle->setToolTip(tr("The compared runs, each in the colour every view of the comparison draws it in"));
  mCurves = new ComparisonCurves;
  mGrid = new ReconstructionGrid(session);
  mTable = new ComparisonTableView;
  mLinked = new LinkedMapsView(session);
  auto* views = new QTabWidget;
  views->setObjectName("comparisonViews");
  views->addTab(mGrid, tr("Reconstructions"));
  views->addTab(mLinked, tr("Linked maps"));
  views->setTabToolTip(0, tr("The same test images reconstructed by each run"));
  views->setTabToolTip(1, tr("The first two runs' latent maps over the same test images: hover or select in one, "
                             "see the same images in the other"));

  auto* top = new QSplitter(Qt::Horizontal);
  top->setChildrenCollapsible(false);
  top->addWidget(mCurves);
  top->addWidget(views);
  top->setStretchFactor(0, 1);
  top->setStretchFactor(1, 1);
  mPanes = new QSplitter(Qt::Vertical);
  mPanes->setChildrenCollapsible(false);
  mPanes->addWidget(top);
  mPanes->addWidget(mTable);
  mPanes->setStretchFactor(0, 1);
  mPanes->setStretchFactor(1, 0);

  auto* comparison = new QWidget;
  auto* layout = new QVBoxLayout(comparison);
  layout->setContentsMargins(0, 0, 0, 0);
  mExportReport = new QPushButton(tr("Export report…"));
  mExportReport->setObjectName("exportComparisonReport");
  mExportReport->setToolTip(
      tr("Write the comparison's lab report (PDF and HTML): summary table, overlaid curves, reconstruction grid, "
         "parallel coordinates and the best run"));
  connect(mExportReport, &QPushButton::clicked, this, [this] {
    QStringList dirs;
    for (const auto& run : mRuns) dirs << QString::fromStdString(run.path.string());
    Q_EMIT reportRequested(dirs);
  });
  auto* titleRow = new QHBoxLayout;
  titleRow->addWidget(mTitle, 1);
  titleRow->addWidget(mExportReport, 0, Qt::AlignTop);
  layout->addLayout(titleRow);
  layout->addWidget(mPanes, 1);

  mStack = new QStackedWidget;
  mStack->addWidget(hint);
  mStack->addWidget(comparison);
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(mStack);
}

std::vector<QColor> ComparisonView::colors() const {
  std::vector<QColor> colors;
  for (const ComparedRun& run : mCompared) colors.push_back(run.color);
  return colors;
}

void ComparisonView::setRuns(const std::vector<RunSummary>& runs) {
  mRuns = runs;
  mCompared = comparedRuns(runs);
  mStack->setCurrentIndex(runs.empty() ? 0 : 1);
  refreshTitle();
  mCurves->setRuns(mCompared);
  mTable->setRuns(mRuns, colors());
  mGrid->setRuns(mCompared);
  QStringList dirs;
  for (const RunSummary& run : mRuns) dirs << QString::fromStdString(run.path.string());
  mLinked->setRuns(dirs.mid(0, 2));
  // Once laid out (the page is being shown): the table as tall as its rows need.
  QMetaObject::invokeMethod(this, &ComparisonView::fitTable, Qt::QueuedConnection);
}

void ComparisonView::fitTable() {
  const QList<int> sizes = mPanes->sizes();
  const int total = std::accumulate(sizes.begin(), sizes.end(), 0);
  if (total <= 0) return;
  const int table = std::min(mTable->preferredHeight(), total / 2);
  mPanes->setSizes({total - table, table});
}

void ComparisonView::updateRuns(const std::vector<RunSummary>& library) {
  if (mRuns.empty()) return;
  std::unordered_map<std::string, const RunSummary*> byPath;
  for (const RunSummary& run : library) byPath.emplace(run.path.string(), &run);
  bool changed = false, metricsChanged = false;
  for (std::size_t i = 0; i < mRuns.size(); ++i) {
    const auto found = byPath.find(mRuns[i].path.string());
    if (found == byPath.end()) continue;  // trashed or moved: keep what was read
    const RunSummary& fresh = *found->second;
    if (fresh.updatedAt == mRuns[i].updatedAt && fresh.name() == mRuns[i].name() && fresh.state == mRuns[i].state)
      continue;
    metricsChanged = metricsChanged || fresh.epochsDone != mRuns[i].epochsDone;
    mRuns[i] = fresh;
    mCompared[i].name = QString::fromStdString(fresh.name());
    mCompared[i].epochsDone = fresh.epochsDone;
    changed = true;
  }
  if (!changed) return;
  refreshTitle();
  mTable->setRuns(mRuns, colors());
  mCurves->renameRuns(mCompared);
  if (metricsChanged) mCurves->reload();
}

void ComparisonView::refreshTitle() {
  QStringList names;
  for (const ComparedRun& run : mCompared)
    names << QStringLiteral("<span style='color:%1'>■</span> %2").arg(run.color.name(), run.name.toHtmlEscaped());
  mTitle->setText(tr("Comparing %1 runs: %2").arg(mCompared.size()).arg(names.join("&nbsp;&nbsp; ")));
}

}  // namespace latentlab
