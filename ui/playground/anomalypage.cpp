#include "playground/anomalypage.h"

#include "common/asyncjob.h"
#include "common/imageconversion.h"
#include "common/jobprogress.h"
#include "common/usermessage.h"
#include "data/datasetcatalog.h"
#include "evaluate/oodevaluation.h"
#include "latent/datasetencoding.h"
#include "playground/anomalycharts.h"
#include "playground/imagetile.h"
#include "playground/playgroundimages.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace latentlab {

namespace {
constexpr int kGallerySize = 12;
constexpr int kGalleryColumns = 6;
constexpr int kSliderSteps = 1000;

QString shortName(const QString& nameOrPath) {
  const QFileInfo info(nameOrPath);
  return nameOrPath.contains('/') && !info.fileName().isEmpty() ? info.fileName() : nameOrPath;
}
}  // namespace

AnomalyPage::AnomalyPage(Session* session, QWidget* parent) : QWidget(parent), mSession(session) {
  mTask = new AsyncJob(JobPolicy::Replace, this);
  mStatus = new QLabel;
  mStatus->setWordWrap(true);
  mHistogram = new ErrorHistogram;
  mRocPlot = new RocPlot;
  mThreshold = new QSlider(Qt::Horizontal);
  mThreshold->setRange(0, kSliderSteps);
  mThreshold->setEnabled(false);
  mThreshold->setToolTip(tr("Inputs whose reconstruction error is at least the threshold are flagged as anomalous"));
  mRatesLabel = new QLabel;
  mRatesLabel->setWordWrap(true);

  auto* histogramBox = new QWidget;
  auto* histogramLayout = new QVBoxLayout(histogramBox);
  histogramLayout->setContentsMargins(0, 0, 0, 0);
  histogramLayout->addWidget(mHistogram, 1);
  auto* thresholdRow = new QHBoxLayout;
  thresholdRow->addWidget(new QLabel(tr("Threshold")));
  thresholdRow->addWidget(mThreshold, 1);
  histogramLayout->addLayout(thresholdRow);
  histogramLayout->addWidget(mRatesLabel);
  auto* plots = new QHBoxLayout;
  plots->addWidget(histogramBox, 3);
  plots->addWidget(mRocPlot, 2);

  auto* gallery = new QGroupBox(tr("Most anomalous inputs of both sets (highest reconstruction error first)"));
  mGallery = new QGridLayout(gallery);
  for (int i = 0; i < kGallerySize; ++i) {
    auto* tile = new ImageTile(64);
    mGalleryTiles.push_back(tile);
    mGallery->addWidget(tile, i / kGalleryColumns, i % kGalleryColumns, Qt::AlignTop);
  }
  mGallery->setColumnStretch(kGalleryColumns, 1);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(buildControls());
  layout->addWidget(mStatus);
  layout->addLayout(plots, 1);
  layout->addWidget(gallery);

  connect(mThreshold, &QSlider::valueChanged, this, &AnomalyPage::refreshRates);
  connect(mTask, &AsyncJob::busyChanged, this, [this](bool busy) { mScore->setEnabled(!busy); });
  connect(mTask, &AsyncJob::cancelled, this, [this] { mStatus->setText(tr("Scoring cancelled.")); });
  connect(mTask, &AsyncJob::failed, this,
          [this](const JobFailure& failure) { mStatus->setText(tr("Scoring failed: %1").arg(userMessage(failure))); });
  connect(mTask, &AsyncJob::progressed, this, [this](double fraction) {
    if (fraction < 0.1)
      mStatus->setText(tr("Loading %1…").arg(mOther->currentText()));
    else
      mStatus->setText(tr("Reconstructing both sets…"));
  });
  auto stale = [this] {
    mTask->cancel();
    clearScores();
  };
  connect(mSession, &Session::snapshotChanged, this, [this] {
    if (!mTask->isBusy() && !hasScores()) clearScores();  // refresh the hint; old scores stay until re-scored
  });
  connect(mSession, &Session::datasetChanged, this, stale);
  clearScores();
}

QWidget* AnomalyPage::buildControls() {
  auto* bar = new QWidget;
  auto* row = new QHBoxLayout(bar);
  row->setContentsMargins(0, 0, 0, 0);
  mOther = new QComboBox;
  mOther->setEditable(true);
  for (const auto& name : DatasetCatalog::knownNames()) mOther->addItem(QString::fromStdString(name));
  mOther->addItem(tr("Folder…"));
  mOther->setCurrentText("fashion-mnist");
  mOther->setMinimumContentsLength(18);
  mOther->setToolTip(
      tr("The set the model never saw: a catalog name, a folder path, or Folder… to pick one. "
         "Its images are converted to the model's input shape."));
  mLimit = new QSpinBox;
  mLimit->setRange(50, 70000);
  mLimit->setSingleStep(500);
  mLimit->setValue(2000);
  mLimit->setToolTip(tr("At most this many images of each set"));
  mScore = new QPushButton(tr("Score"));
  mScore->setShortcut(QKeySequence("Ctrl+Return"));
  mScore->setToolTip(tr("Reconstruct the test split and the other set and compare their errors (Ctrl+Enter)"));
  row->addWidget(new QLabel(tr("Test split vs")));
  row->addWidget(mOther);
  row->addWidget(new QLabel(tr("at most")));
  row->addWidget(mLimit);
  row->addWidget(new QLabel(tr("images each")));
  row->addWidget(mScore);
  row->addWidget(new JobProgress(mTask), 1);
  row->addStretch(0);
  connect(mScore, &QPushButton::clicked, this, &AnomalyPage::score);
  connect(mOther, &QComboBox::activated, this, [this](int index) {
    if (index != mOther->count() - 1) return;
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Dataset folder to score"));
    mOther->setCurrentText(folder.isEmpty() ? QString("fashion-mnist") : folder);
  });
  return bar;
}

bool AnomalyPage::score() {
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  const DatasetPtr dataset = mSession->dataset();
  const QString other = mOther->currentText().trimmed();
  if (!snapshot || !dataset) {
    mStatus->setText(noModelMessage());
    return false;
  }
  if (other.isEmpty() || other == tr("Folder…")) {
    mStatus->setText(tr("Name the other dataset (e.g. fashion-mnist) or pick a folder."));
    return false;
  }
  if (snapshot->outputShape() != snapshot->inputShape()) {
    mStatus->setText(tr("Anomaly scores compare a reconstruction with its input; this colorization model's output (%1) "
                        "differs from its input (%2).")
                         .arg(QString::fromStdString(snapshot->outputShape().toString()),
                              QString::fromStdString(snapshot->inputShape().toString())));
    return false;
  }
  const std::size_t limit = std::size_t(mLimit->value());
  std::vector<std::size_t> inliers = mSession->split().test;
  if (inliers.empty()) {
    inliers.resize(dataset->size());
    std::iota(inliers.begin(), inliers.end(), std::size_t(0));
  }
  inliers = spreadSubset(inliers, limit);
  const QString inlierName = tr("%1 test").arg(shortName(mSession->datasetName()));
  const std::string otherName = other.toStdString();
  clearScores();
  mStatus->setText(tr("Loading %1…").arg(other));
  mTask->start(
      [this, snapshot, dataset, inliers, otherName, limit, inlierName, other](const JobRun& run) -> AsyncJob::Apply {
        auto scores = std::make_shared<OodScores>(
            scoreOod(*snapshot, *dataset, inliers, OtherSet{otherName, limit, std::string(), 0}, run.context()));
        return [this, dataset, inliers, inlierName, other, scores] {
          mInlierSet = dataset;
          mOutlierSet = scores->other;
          mInlierIndices = inliers;
          mOutlierIndices = scores->otherIndices;
          mInlierName = inlierName;
          mOutlierName = shortName(other);
          mLoadWarnings.clear();
          for (const std::string& warning : scores->warnings)
            mLoadWarnings += QStringLiteral(" (%1)").arg(QString::fromStdString(warning));
          mInlierErrors = std::move(scores->inlierErrors);
          mOutlierErrors = std::move(scores->otherErrors);
          mRoc = std::move(scores->roc);
          showScores();
        };
      });
  return true;
}

void AnomalyPage::clearScores() {
  mInlierErrors.clear();
  mOutlierErrors.clear();
  mOutlierSet.reset();
  mRoc = {};
  mRates = {};
  mHistogram->clearErrors();
  mRocPlot->clearCurve();
  mThreshold->setEnabled(false);
  mRatesLabel->clear();
  for (ImageTile* tile : mGalleryTiles) tile->setImage({}, QString(""));
  if (!mSession->snapshot())
    mStatus->setText(noModelMessage());
  else
    mStatus->setText(
        tr("Choose a dataset the model never saw (e.g. fashion-mnist for an MNIST model) and press Score: "
           "inputs unlike the training data reconstruct worse."));
}

void AnomalyPage::showScores() {
  const auto mean = [](const std::vector<float>& v) {
    return v.empty() ? 0.0 : std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
  };
  mHistogram->setErrors(mInlierErrors, mOutlierErrors, mInlierName, mOutlierName);
  mRocPlot->setCurve(mRoc);
  mStatus->setText(tr("%1 images of %2 (mean error %3) vs %4 of %5 (mean error %6): ROC AUC %7.")
                       .arg(mInlierErrors.size())
                       .arg(mInlierName)
                       .arg(mean(mInlierErrors), 0, 'g', 3)
                       .arg(mOutlierErrors.size())
                       .arg(mOutlierName)
                       .arg(mean(mOutlierErrors), 0, 'g', 3)
                       .arg(mRoc.auc, 0, 'f', 3) +
                   mLoadWarnings);
  // Start at the error that flags 5% of the inliers: a usual operating point.
  std::vector<float> sorted = mInlierErrors;
  std::sort(sorted.begin(), sorted.end());
  mThreshold->setEnabled(true);
  setThreshold(sorted[std::min(sorted.size() - 1, std::size_t(0.95 * double(sorted.size())))]);
  refreshRates();
  refreshGallery();
}

void AnomalyPage::setThreshold(double error) {
  const double upper = mHistogram->upperLimit();
  const int position = std::clamp(int(std::lround(error / upper * kSliderSteps)), 0, kSliderSteps);
  if (position == mThreshold->value())
    refreshRates();
  else
    mThreshold->setValue(position);
}

double AnomalyPage::threshold() const {
  return mThreshold->value() * mHistogram->upperLimit() / kSliderSteps;
}

void AnomalyPage::refreshRates() {
  if (!hasScores()) return;
  const double t = threshold();
  mRates = ratesAtThreshold(mInlierErrors, mOutlierErrors, t);
  mHistogram->setThreshold(t);
  mRocPlot->setOperatingPoint(mRates.falsePositiveRate, mRates.truePositiveRate);
  mRatesLabel->setText(tr("Error ≥ %1 is flagged: %2% of %3 caught (true positive rate), %4% of %5 flagged by mistake "
                          "(false positive rate).")
                           .arg(t, 0, 'g', 3)
                           .arg(mRates.truePositiveRate * 100, 0, 'f', 1)
                           .arg(mOutlierName)
                           .arg(mRates.falsePositiveRate * 100, 0, 'f', 1)
                           .arg(mInlierName));
}

void AnomalyPage::refreshGallery() {
  struct Entry {
    float error;
    bool outlier;
    std::size_t index;
  };
  std::vector<Entry> entries;
  for (std::size_t i = 0; i < mInlierErrors.size(); ++i)
    entries.push_back({mInlierErrors[i], false, mInlierIndices[i]});
  for (std::size_t i = 0; i < mOutlierErrors.size(); ++i)
    entries.push_back({mOutlierErrors[i], true, mOutlierIndices[i]});
  const std::size_t shown = std::min<std::size_t>(kGallerySize, entries.size());
  std::partial_sort(entries.begin(), entries.begin() + std::ptrdiff_t(shown), entries.end(),
                    [](const Entry& a, const Entry& b) { return a.error > b.error; });
  for (std::size_t i = 0; i < mGalleryTiles.size(); ++i) {
    if (i >= shown) {
      mGalleryTiles[i]->setImage({}, QString(""));
      continue;
    }
    const Entry& entry = entries[i];
    const Dataset& set = entry.outlier ? *mOutlierSet : *mInlierSet;
    const std::size_t item = entry.index;
    mGalleryTiles[i]->setImage(
        datasetImage(set, item),
        tr("%1 #%2\nMSE %3").arg(entry.outlier ? mOutlierName : mInlierName).arg(item).arg(entry.error, 0, 'g', 3));
  }
}

int AnomalyPage::galleryCount() const {
  int count = 0;
  for (ImageTile* tile : mGalleryTiles) count += tile->image().isNull() ? 0 : 1;
  return count;
}

QString AnomalyPage::galleryCaption(int i) const {
  return mGalleryTiles[std::size_t(i)]->caption();
}
QString AnomalyPage::statusText() const {
  return mStatus->text();
}
QString AnomalyPage::ratesText() const {
  return mRatesLabel->text();
}

}  // namespace latentlab
