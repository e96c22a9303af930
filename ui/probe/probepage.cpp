#include "probe/probepage.h"

#include "common/asyncjob.h"
#include "common/errorreporter.h"
#include "common/jobprogress.h"
#include "common/usermessage.h"
#include "probe/classaccuracychart.h"
#include "probe/confusionmatrixview.h"
#include "probe/probecellitems.h"
#include "probe/probecurves.h"
#include "probe/probetext.h"
#include "session/session.h"
#include "train/modelfit.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>

namespace latentlab {

namespace {
constexpr int kKnnK = 5;
constexpr int kDefaultEpochs = 30;

QLabel* wrappingLabel() {
  auto* label = new QLabel;
  label->setWordWrap(true);
  label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);  // never widens the window
  label->setTextInteractionFlags(Qt::TextSelectableByMouse);
  return label;
}
}  // namespace

ProbePage::ProbePage(Session* session, ErrorReporter* errors, QWidget* parent)
    : QWidget(parent), mSession(session), mErrors(errors) {
  mProbing = new AsyncJob(JobPolicy::Replace, this);
  mReading = new AsyncJob(JobPolicy::Replace, this);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(4, 4, 4, 4);
  layout->addWidget(buildOptions());
  // On a row of its own: the progress bar never widens the options (and the window).
  layout->addWidget(new JobProgress(mProbing));
  mStatus = wrappingLabel();
  mStatus->setObjectName("probeStatus");
  layout->addWidget(mStatus);
  layout->addWidget(buildHeader());
  layout->addWidget(buildViews(), 1);

  connect(mRun, &QPushButton::clicked, this, &ProbePage::startProbe);
  connect(mProbing, &AsyncJob::busyChanged, this, &ProbePage::refreshState);
  connect(mProbing, &AsyncJob::failed, this, [this](const JobFailure& failure) {
    mLiveText.clear();
    mStoredText = tr("The probe failed: %1").arg(userMessage(failure));
    mMatrix->clear(tr("No result."));
    mErrors->report(tr("Linear probe"), failure);
    refreshState();
  });
  connect(mProbing, &AsyncJob::cancelled, this, [this] {
    mLiveText.clear();
    mStoredText =
        mCurves->pointCount() > 0
            ? tr("Cancelled after %1 epochs (their curves stay); nothing was saved.").arg(mCurves->pointCount())
            : tr("Cancelled; nothing was saved.");
    mMatrix->clear(tr("Cancelled."));
    refreshState();
  });
  connect(mReading, &AsyncJob::failed, this, [this](const JobFailure& failure) {
    mStoredText = tr("The run's probe.json could not be read (%1); running the probe again replaces it.")
                      .arg(userMessage(failure));
    refreshState();
  });
  connect(mMatrix, &ConfusionMatrixView::cellSelected, this, &ProbePage::onCellSelected);
  connect(mMatrix, &ConfusionMatrixView::cellActivated, this, [this](int truth, int predicted) {
    if (mMatrix->selectedTruth() != truth || mMatrix->selectedPredicted() != predicted)
      mMatrix->selectCell(truth, predicted);
    if (mMarking) Q_EMIT showOnMapRequested();
  });
  connect(mCellItems, &ProbeCellItems::showOnMapRequested, this, &ProbePage::showOnMapRequested);
  connect(mSession, &Session::runChanged, this, &ProbePage::onRunChanged);
  connect(mSession, &Session::datasetChanged, this, &ProbePage::onDatasetChanged);
  connect(mSession, &Session::configChanged, this, &ProbePage::refreshState);
  connect(mSession, &Session::snapshotChanged, this, [this] {
    if (mResult && mSource == Source::File) mResultSnapshot = mSession->snapshot();
    refreshState();
  });
  onRunChanged();
}

ProbePage::~ProbePage() = default;

QWidget* ProbePage::buildOptions() {
  mEpochs = new QSpinBox;
  mEpochs->setRange(1, 500);
  mEpochs->setValue(kDefaultEpochs);
  mEpochs->setToolTip(
      tr("Passes of the probe over the labelled training codes (the codes are encoded once, so an "
         "epoch takes a moment; with fine-tuning each epoch runs the encoder too)"));
  auto* epochsLabel = new QLabel(tr("Epochs"));
  epochsLabel->setToolTip(mEpochs->toolTip());
  mLabels = new QComboBox;
  mLabels->addItem(tr("100% of the labels"), 1.0);
  mLabels->addItem(tr("10% of the labels"), 0.1);
  mLabels->addItem(tr("1% of the labels"), 0.01);
  mLabels->setToolTip(
      tr("The share of the training split's labels the probe (and fine-tuning) may use: how far "
         "a few labels go on top of the unsupervised codes"));
  mFineTune = new QCheckBox(tr("Fine-tune the encoder"));
  mFineTune->setToolTip(
      tr("After the probe, also train a copy of the encoder with it on the labelled training "
         "images (as many epochs again, the encoder at a tenth of the learning rate): supervised "
         "fine-tuning of the pretrained encoder. The weights themselves are not changed; kNN stays "
         "on the frozen codes."));
  mRun = new QPushButton(tr("Run probe"));
  mRun->setObjectName("runProbe");
  mRun->setShortcut(QKeySequence("Ctrl+Return"));
  auto* options = new QWidget;
  auto* row = new QHBoxLayout(options);
  row->setContentsMargins(0, 0, 0, 0);
  row->addWidget(epochsLabel);
  row->addWidget(mEpochs);
  row->addSpacing(8);
  row->addWidget(mLabels);
  row->addSpacing(8);
  row->addWidget(mFineTune);
  row->addSpacing(8);
  row->addWidget(mRun);
  row->addStretch(1);
  return options;
}

QWidget* ProbePage::buildHeader() {
  mAccuracy = new QLabel;
  mAccuracy->setObjectName("probeAccuracy");
  QFont big = mAccuracy->font();
  big.setPointSizeF(big.pointSizeF() * 1.35);
  big.setBold(true);
  mAccuracy->setFont(big);
  mAccuracy->setToolTip(tr("The share of the test split the linear probe classifies correctly"));
  mKnn = new QLabel;
  mKnn->setObjectName("probeKnn");
  QFont medium = mKnn->font();
  medium.setPointSizeF(medium.pointSizeF() * 1.15);
  mKnn->setFont(medium);
  mKnn->setToolTip(tr("A majority vote of the %1 nearest training codes (Euclidean), on the test split: "
                      "a second figure that needs no training")
                       .arg(kKnnK));
  mSummary = wrappingLabel();
  auto* reference = wrappingLabel();
  reference->setText(probeReferenceText());
  reference->setToolTip(tr("The lab report's figure to compare with (mnist-conv, latent 10)"));
  QPalette gray = reference->palette();
  gray.setColor(QPalette::WindowText, gray.color(QPalette::PlaceholderText));
  reference->setPalette(gray);
  mSummary->setPalette(gray);

  auto* figures = new QHBoxLayout;
  figures->setContentsMargins(0, 0, 0, 0);
  figures->addWidget(mAccuracy);
  figures->addSpacing(24);
  figures->addWidget(mKnn);
  figures->addStretch(1);
  auto* header = new QWidget;
  auto* layout = new QVBoxLayout(header);
  layout->setContentsMargins(0, 2, 0, 2);
  layout->setSpacing(2);
  layout->addLayout(figures);
  layout->addWidget(mSummary);
  layout->addWidget(reference);
  return header;
}

QWidget* ProbePage::buildViews() {
  mCurves = new ProbeCurves;
  mCurves->setObjectName("probeCurves");
  mClassChart = new ClassAccuracyChart;
  mClassChart->setObjectName("probeClassAccuracy");
  mMatrix = new ConfusionMatrixView;
  mMatrix->setObjectName("confusionMatrix");
  mCellItems = new ProbeCellItems;
  auto* left = new QSplitter(Qt::Vertical);
  left->addWidget(mCurves);
  left->addWidget(mClassChart);
  left->setStretchFactor(0, 3);
  left->setStretchFactor(1, 2);
  auto* right = new QSplitter(Qt::Vertical);
  right->addWidget(mMatrix);
  right->addWidget(mCellItems);
  right->setStretchFactor(0, 3);
  right->setStretchFactor(1, 2);
  auto* views = new QSplitter(Qt::Horizontal);
  views->setObjectName("probeViews");
  views->addWidget(left);
  views->addWidget(right);
  views->setStretchFactor(0, 1);
  views->setStretchFactor(1, 1);
  mSplitters = {views, left, right};
  for (QSplitter* splitter : mSplitters) splitter->setChildrenCollapsible(false);
  return views;
}

void ProbePage::showEvent(QShowEvent* event) {
  QWidget::showEvent(event);
  if (mSized) return;
  // The first time the page has its size: the views share it in fixed proportions (the
  // splitters' own start follows the size hints, which leaves the matrix too little room).
  mSized = true;
  const auto share = [](QSplitter* splitter, double first) {
    const int total = splitter->orientation() == Qt::Horizontal ? splitter->width() : splitter->height();
    splitter->setSizes({int(total * first), total - int(total * first)});
  };
  share(mSplitters[0], 0.48);
  share(mSplitters[1], 0.58);
  share(mSplitters[2], 0.62);
}

void ProbePage::setEpochs(int epochs) {
  mEpochs->setValue(epochs);
}

void ProbePage::setLabelFraction(double fraction) {
  for (int i = 0; i < mLabels->count(); ++i)
    if (std::abs(mLabels->itemData(i).toDouble() - fraction) < 1e-9) mLabels->setCurrentIndex(i);
}

void ProbePage::setFineTune(bool on) {
  mFineTune->setChecked(on);
}

QString ProbePage::accuracyText() const {
  return mAccuracy->text();
}

QString ProbePage::knnText() const {
  return mKnn->text();
}

QString ProbePage::statusText() const {
  return mStatus->text();
}

QString ProbePage::whyCannotProbe() const {
  const DatasetPtr dataset = mSession->dataset();
  if (!dataset) return tr("No dataset is open: choose one under Settings > Dataset.");
  const QString wanted = QString::fromStdString(mSession->config().dataset);
  if (!wanted.isEmpty() && wanted != mSession->datasetName())
    return tr("The run's dataset %1 is not loaded (yet): the probe needs the images the run was trained on.")
        .arg(wanted);
  if (dataset->classNames.size() < 2)
    return tr("The dataset %1 has no labels (fewer than two classes): the probe needs labelled images, e.g. "
              "MNIST, Fashion-MNIST, CIFAR-10, or a folder with one sub-folder per class.")
        .arg(mSession->datasetName());
  const ModelSnapshotPtr snapshot = mSession->snapshot();
  if (!snapshot)
    return tr(
        "No weights to probe yet: train a model (Training tab, F5) or open a run (File > Open run, or Open "
        "on the Runs page).");
  if (const auto why = whyModelDoesNotFit(snapshot->spec(), *dataset))
    return tr("The weights do not fit the dataset: %1.").arg(userText(*why));
  return {};
}

bool ProbePage::startProbe() {
  const QString why = whyCannotProbe();
  if (!why.isEmpty()) {
    mErrors->report(tr("Cannot run the probe"), why);
    refreshState();
    return false;
  }
  ProbeInput input;
  input.snapshot = mSession->snapshot();
  input.dataset = mSession->dataset();
  input.split = mSession->config().split;
  input.split.seed = mSession->config().seed;  // the run's split, as the trainer makes it
  input.runDir = mSession->runDir().toStdString();
  ProbeOptions options;
  options.epochs = mEpochs->value();
  options.labelFraction = mLabels->currentData().toDouble();
  options.fineTune = mFineTune->isChecked();
  options.seed = mSession->config().seed;
  options.knnK = kKnnK;
  const int epochs = options.epochs;
  try {
    validateProbeOptions(options);
  } catch (...) {
    mErrors->report(tr("Cannot run the probe"), currentErrorMessage());
    return false;
  }

  mStoredText.clear();
  clearResult(tr("The confusion matrix appears when the probe is done."));
  mLiveText =
      tr("Probing the epoch %1 weights: the split is encoded once, then the linear layer trains for %2 "
         "epochs%3.")
          .arg(input.snapshot->epoch())
          .arg(epochs)
          .arg(options.fineTune ? tr(", then the encoder is fine-tuned with it for %1 more").arg(epochs) : QString());
  mProbing->start([this, input, options, epochs](const JobRun& run) -> AsyncJob::Apply {
    const ProbeEpochSink onEpochDone = [this, &run, epochs](const ProbeEpoch& epoch) {
      run.post([this, epoch, epochs] { onEpoch(epoch, epochs); });
    };
    auto result = std::make_shared<const ProbeResult>(latentlab::runProbe(input, options, run.context(), onEpochDone));
    QString note = tr("Measured now; there is no run folder to keep it in.");
    if (!input.runDir.empty()) {
      try {
        writeProbeResult(input.runDir, *result);
        note = tr("Measured now; kept in %1 (the runs table shows its accuracy).")
                   .arg(QString::fromStdString(probeFile(input.runDir).string()));
      } catch (...) {
        note = tr("Measured now, but probe.json could not be written: %1").arg(currentErrorMessage());
      }
    }
    return [this, result, note, snapshot = input.snapshot, dataset = input.dataset] {
      showResult(result, snapshot, dataset, Source::Measured, note);
    };
  });
  refreshState();
  return true;
}

void ProbePage::onEpoch(const ProbeEpoch& epoch, int epochs) {
  mCurves->addEpoch(epoch);
  const double accuracy = std::isfinite(epoch.validationAccuracy) ? epoch.validationAccuracy : epoch.trainAccuracy;
  const QString phase = epoch.fineTune ? tr("Fine-tuning epoch %1 of %2").arg(epoch.epoch).arg(epochs)
                                       : tr("Probe epoch %1 of %2").arg(epoch.epoch).arg(epochs);
  mLiveText =
      (std::isfinite(epoch.validationAccuracy) ? tr("%1: validation accuracy %2.") : tr("%1: training accuracy %2."))
          .arg(phase, probePercent(accuracy));
  refreshState();
}

void ProbePage::showResult(std::shared_ptr<const ProbeResult> result, ModelSnapshotPtr snapshot, DatasetPtr dataset,
                           Source source, const QString& note) {
  clearResult(QString());
  mResult = std::move(result);
  mResultSnapshot = std::move(snapshot);
  mResultDataset = std::move(dataset);
  mSource = source;
  mResultNote = note;
  mLiveText.clear();
  mStoredText.clear();
  const ProbeResult& r = *mResult;
  if (source != Source::Measured) {
    // A stored result: the options show how it was measured, so Run probe repeats it.
    const auto frozenEpochs =
        std::count_if(r.history.begin(), r.history.end(), [](const ProbeEpoch& e) { return !e.fineTune; });
    if (frozenEpochs > 0) setEpochs(int(frozenEpochs));
    setLabelFraction(r.labelFraction);
    setFineTune(r.fineTuned);
  }
  mAccuracy->setText(r.fineTuned ? tr("Test accuracy %1 (fine-tuned; frozen probe %2)")
                                       .arg(probePercent(r.accuracy), probePercent(r.frozenAccuracy))
                                 : tr("Test accuracy %1").arg(probePercent(r.accuracy)));
  mKnn->setText(tr("kNN accuracy (k = %1) %2").arg(r.knnK).arg(probePercent(r.knnAccuracy)));
  mSummary->setText(probeSummary(r));
  mCurves->setHistory(r.history, r.accuracy);
  const int classes = int(r.confusion.size());
  const QStringList names = probeClassNames(r, classes);
  std::vector<long long> testItems;
  for (const auto& row : r.confusion) {
    long long sum = 0;
    for (long long count : row) sum += count;
    testItems.push_back(sum);
  }
  mClassChart->setAccuracies(r.perClassAccuracy, testItems, names);
  mMatrix->setMatrix(r.confusion, names);
  mCellItems->clear(
      tr("Click a cell of the confusion matrix to see its test items here, with their "
         "reconstructions; they are ringed on the latent map too."));
  refreshState();
}

void ProbePage::clearResult(const QString& placeholder) {
  mResult.reset();
  mResultSnapshot.reset();
  mResultDataset.reset();
  mResultNote.clear();
  mAccuracy->setText(tr("Test accuracy –"));
  mKnn->setText(tr("kNN accuracy (k = %1) –").arg(kKnnK));
  mSummary->setText(tr("Not measured yet."));
  mCurves->clearCurves();
  mClassChart->clearBars();
  mMatrix->clear(placeholder);
  mCellItems->clear(tr("Click a cell of the confusion matrix to see its test items here."));
  if (mMarking) mSession->clearHighlightedItems();
  mMarking = false;
}

void ProbePage::onRunChanged() {
  mProbing->cancel();
  mReading->cancel();
  mLiveText.clear();
  mStoredText.clear();
  mMarking = false;  // the Session cleared its highlighted items
  clearResult(tr("Run the probe to see which classes the codes confuse."));
  readStoredResult();
  refreshState();
}

void ProbePage::readStoredResult() {
  const QString dir = mSession->runDir();
  if (dir.isEmpty()) return;
  const std::filesystem::path path = dir.toStdString();
  mReading->run([path](const JobRun&) { return readProbeResult(path); },
                [this, dir](std::optional<ProbeResult> stored) {
                  if (dir != mSession->runDir() || mProbing->isBusy() || mResult) return;
                  if (!stored) {
                    mStoredText = tr("This run has not been probed yet.");
                    refreshState();
                    return;
                  }
                  showResult(std::make_shared<const ProbeResult>(std::move(*stored)), mSession->snapshot(),
                             mSession->dataset(), Source::File, tr("From the run's probe.json."));
                });
}

void ProbePage::onDatasetChanged() {
  mMarking = false;  // the Session cleared its highlighted items
  mMatrix->clearSelection();
  if (mResult && mSource == Source::File) mResultDataset = mSession->dataset();
  mCellItems->clear(mResult && mResultDataset != mSession->dataset()
                        ? tr("Another dataset is open: run the probe again to list a cell's items.")
                        : tr("Click a cell of the confusion matrix to see its test items here."));
  refreshState();
}

void ProbePage::onCellSelected(int truth, int predicted) {
  if (!mResult) return;
  const ProbeResult& r = *mResult;
  const QString truthName = mMatrix->className(truth), predictedName = mMatrix->className(predicted);
  const QString title = mMatrix->cellText(truth, predicted);
  if (r.testItems.empty() || r.truth.size() != r.testItems.size() || r.predicted.size() != r.testItems.size()) {
    mCellItems->clear(
        tr("%1. This stored result keeps the counts only: run the probe again to list the items.").arg(title));
    return;
  }
  if (!mResultDataset || mResultDataset != mSession->dataset()) {
    mCellItems->clear(tr("%1. Another dataset is open: run the probe again to list the items.").arg(title));
    return;
  }
  std::vector<std::size_t> items;
  for (std::size_t i = 0; i < r.testItems.size(); ++i)
    if (r.truth[i] == truth && r.predicted[i] == predicted) items.push_back(r.testItems[i]);
  mCellItems->showCell(title, items, tr("true %1 → predicted %2").arg(truthName, predictedName), mResultDataset,
                       mResultSnapshot);
  mSession->setHighlightedItems(items, confusionCellCaption(truthName, predictedName));
  mMarking = true;
}

void ProbePage::refreshState() {
  const QString why = whyCannotProbe();
  const bool busy = mProbing->isBusy();
  mRun->setEnabled(why.isEmpty() && !busy);
  mRun->setToolTip(why.isEmpty() ? tr("Encode the split with the current weights and fit one linear layer on the "
                                      "training codes (Ctrl+Return; Esc cancels)")
                                 : why);
  mEpochs->setEnabled(!busy);
  mLabels->setEnabled(!busy);
  mFineTune->setEnabled(!busy);
  QStringList lines;
  if (busy) {
    lines << mLiveText;
  } else {
    if (mResult) {
      lines << mResultNote;
      const ModelSnapshotPtr snapshot = mSession->snapshot();
      if (snapshot && snapshot->epoch() != mResult->epoch)
        lines << tr("The weights are now epoch %1's; this probe measured epoch %2's: run it again to measure them.")
                     .arg(snapshot->epoch())
                     .arg(mResult->epoch);
    } else if (!mStoredText.isEmpty()) {
      lines << mStoredText;
    }
    if (!why.isEmpty())
      lines << why;
    else if (!mResult)
      lines << tr(
          "Run probe (Ctrl+Return) encodes the run's split with the current weights, fits one linear layer "
          "on the training codes and measures it on the test items.");
  }
  lines.removeAll(QString());
  mStatus->setText(lines.join(' '));
  // A reason the page cannot work stands out; the rest reads as a note.
  mStatus->setStyleSheet(!busy && !why.isEmpty() ? QStringLiteral("color: #a0281e;") : QString());
}

}  // namespace latentlab
