#include "experiments/reconstructiongrid.h"

#include "common/asyncjob.h"
#include "common/imageconversion.h"
#include "common/jobprogress.h"
#include "common/refreshwhenshown.h"
#include "common/usermessage.h"
#include "experiments/filmgrid.h"
#include "experiments/imagegridview.h"
#include "run/filmstrip.h"
#include "run/runreconstructions.h"
#include "session/session.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>

namespace latentlab {

namespace {
QVector<QImage> planarImages(const std::vector<std::uint8_t>& pixels, const ImageShape& shape, int count) {
  QVector<QImage> images;
  if (shape.pixelCount() == 0 || pixels.size() < std::size_t(count) * shape.pixelCount()) return images;
  for (int i = 0; i < count; ++i)
    images.push_back(toQImage(pixels.data() + std::size_t(i) * shape.pixelCount(), shape));
  return images;
}

QString shortName(const QString& nameOrPath) {
  const QString name = QFileInfo(nameOrPath).fileName();
  return nameOrPath.contains('/') && !name.isEmpty() ? name : nameOrPath;
}
}  // namespace

ReconstructionGrid::ReconstructionGrid(Session* session, QWidget* parent) : QWidget(parent), mSession(session) {
  mJob = new AsyncJob(JobPolicy::Replace, this);
  mSource = new QComboBox;
  mSource->addItem(tr("Best weights"), int(Source::BestWeights));
  mSource->addItem(tr("Latest weights"), int(Source::LatestWeights));
  mSource->addItem(tr("Film of epoch"), int(Source::Film));
  mSource->setToolTip(
      tr("Best or latest weights: the same test images reconstructed afresh by every run. Film of epoch: each run's "
         "own validation samples as it reconstructed them at that epoch while training."));
  mEpoch = new QSpinBox;
  mEpoch->setRange(1, 1);
  mEpoch->setPrefix(tr("epoch "));
  mEpoch->setToolTip(tr("The epoch whose film frame (samples/epoch-NNNN.png) each run shows"));
  mCount = new QSpinBox;
  mCount->setRange(2, 16);
  mCount->setValue(8);
  mCount->setSuffix(tr(" images"));
  mCount->setToolTip(tr("How many test images to reconstruct (spread over the classes)"));
  mUpdate = new QPushButton(tr("Update"));
  mUpdate->setToolTip(tr("Reconstruct again, e.g. after a compared run saved better weights"));
  mView = new ImageGridView;
  mView->setPlaceholder(tr("Reconstructions appear here."));
  mView->setToolTip(tr("The first row holds the originals, then one row per run in its colour"));
  auto* scroll = new QScrollArea;
  scroll->setWidget(mView);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  mNote = new QLabel;
  mNote->setWordWrap(true);
  mNote->setToolTip(tr("Where the images come from"));

  auto* controls = new QHBoxLayout;
  controls->setContentsMargins(0, 0, 0, 0);
  controls->addWidget(mSource);
  controls->addWidget(mEpoch);
  controls->addWidget(mCount);
  controls->addWidget(mUpdate);
  controls->addStretch(1);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(controls);
  // On a row of its own: the progress bar never widens the controls (and the window).
  layout->addWidget(new JobProgress(mJob));
  layout->addWidget(scroll, 1);
  layout->addWidget(mNote);

  mRefresh = new RefreshWhenShown(this, [this] { compute(); });
  connect(mSource, &QComboBox::currentIndexChanged, this, [this] {
    refreshControls();
    refresh();
  });
  connect(mEpoch, &QSpinBox::valueChanged, this, &ReconstructionGrid::refresh);
  connect(mCount, &QSpinBox::valueChanged, this, &ReconstructionGrid::refresh);
  connect(mUpdate, &QPushButton::clicked, this, &ReconstructionGrid::refresh);
  connect(mJob, &AsyncJob::failed, this, [this](const JobFailure& failure) {
    mView->setRows({});
    mView->setPlaceholder(tr("No reconstructions: %1").arg(userMessage(failure)));
    mNote->clear();
  });
  refreshControls();
}

void ReconstructionGrid::setRuns(const std::vector<ComparedRun>& runs) {
  mRuns = runs;
  int epochs = 1;
  for (const ComparedRun& run : runs) epochs = std::max(epochs, run.epochsDone);
  {
    const QSignalBlocker block(mEpoch);
    const bool wasLast = mEpoch->value() == mEpoch->maximum();
    mEpoch->setRange(1, epochs);
    if (wasLast) mEpoch->setValue(epochs);
  }
  mView->setRows({});
  mView->setPlaceholder(tr("Reconstructing…"));
  refresh();
}

void ReconstructionGrid::setSource(Source source) {
  mSource->setCurrentIndex(mSource->findData(int(source)));
}

void ReconstructionGrid::setFilmEpoch(int epoch) {
  mEpoch->setValue(epoch);
}

ReconstructionGrid::Source ReconstructionGrid::source() const {
  return Source(mSource->currentData().toInt());
}

QString ReconstructionGrid::noteText() const {
  return mNote->text();
}

void ReconstructionGrid::refreshControls() {
  const bool film = source() == Source::Film;
  mEpoch->setVisible(film);
  mCount->setVisible(!film);
}

void ReconstructionGrid::refresh() {
  if (!mRuns.empty()) mRefresh->request();
}

void ReconstructionGrid::compute() {
  if (mRuns.empty()) return;
  QStringList dirs;
  for (const ComparedRun& run : mRuns) dirs << run.dir;
  if (source() == Source::Film) {
    const int epoch = mEpoch->value();
    mJob->run([dirs, epoch](const JobRun& job) { return readFilmGrid(dirs, epoch, job.context()); },
              [this](const FilmGrid& grid) { showFilm(grid); });
    return;
  }
  RunReconstructionRequest request;
  for (const QString& dir : dirs) request.runs.emplace_back(dir.toStdString());
  request.count = mCount->value();
  request.preferBest = source() == Source::BestWeights;
  // The Session's copy of the first run's dataset saves loading it again.
  if (mSession->dataset() && !mRuns.front().dataset.isEmpty() && mSession->datasetName() == mRuns.front().dataset)
    request.dataset = mSession->dataset();
  mJob->run([request](const JobRun& job) { return reconstructRuns(request, job.context()); },
            [this](const RunReconstructions& result) { showReconstructions(result); });
}

void ReconstructionGrid::showReconstructions(const RunReconstructions& result) {
  QVector<GridRow> rows;
  GridRow originals;
  originals.label = tr("Test images");
  originals.detail = shortName(QString::fromStdString(result.dataset));
  originals.images = planarImages(result.originals, result.shape, result.count());
  originals.tooltip = tr("Clean test images of %1 (the first run's dataset and test split)")
                          .arg(QString::fromStdString(result.dataset));
  rows.push_back(originals);
  for (std::size_t i = 0; i < result.rows.size() && i < mRuns.size(); ++i) {
    const RunReconstructionRow& source = result.rows[i];
    GridRow row;
    row.label = mRuns[i].name;
    row.color = mRuns[i].color;
    if (source.problem.empty()) {
      row.detail = tr("%1 · epoch %2").arg(QString::fromStdString(source.weights)).arg(source.epoch);
      row.images = planarImages(source.images, source.shape, result.count());
      row.tooltip = tr("%1\nreconstructed with %2 (epoch %3)")
                        .arg(mRuns[i].dir, QString::fromStdString(source.weights))
                        .arg(source.epoch);
    } else {
      row.message = userText(source.problem);
      row.tooltip = mRuns[i].dir + "\n" + row.message;
    }
    rows.push_back(row);
  }
  mView->setRows(rows);
  const bool best = source() == Source::BestWeights;
  mNote->setText(
      (best ? tr("The same %1 clean test images of %2 reconstructed by each run's best weights (best.pt: its epoch "
                 "with the lowest validation loss; checkpoint.pt when it has none).")
            : tr("The same %1 clean test images of %2 reconstructed by each run's latest weights (checkpoint.pt)."))
          .arg(result.count())
          .arg(shortName(QString::fromStdString(result.dataset))));
}

void ReconstructionGrid::showFilm(const FilmGrid& grid) {
  QVector<GridRow> rows;
  GridRow samples;
  samples.label = tr("Validation samples");
  samples.detail = tr("epoch %1 film").arg(grid.epoch);
  samples.images = grid.targets;
  samples.tooltip = tr("The first run's validation samples, as its film shows them");
  if (grid.targets.isEmpty()) samples.message = tr("No run has a film frame for epoch %1.").arg(grid.epoch);
  rows.push_back(samples);
  bool otherSamples = false;
  for (std::size_t i = 0; i < grid.rows.size() && i < mRuns.size(); ++i) {
    const FilmGridRow& source = grid.rows[i];
    GridRow row;
    row.label = mRuns[i].name;
    row.color = mRuns[i].color;
    row.detail = tr("film · epoch %1").arg(grid.epoch);
    row.images = source.reconstructions;
    row.message = source.problem;
    if (source.otherSamples) {
      row.message = tr("(other validation images)");
      otherSamples = true;
    }
    const QString why = source.details.isEmpty() ? row.message : source.details;
    row.tooltip = mRuns[i].dir + (why.isEmpty() ? QString() : "\n" + why);
    rows.push_back(row);
  }
  mView->setRows(rows);
  QString note = tr("Each run's own film at epoch %1: its validation samples as it reconstructed them while "
                    "training (samples/%2). Runs share these images only when they share dataset, split and seed.")
                     .arg(grid.epoch)
                     .arg(QString::fromStdString(filmStripName(grid.epoch)));
  if (otherSamples) note += tr(" Rows marked “other validation images” show different samples than the first row.");
  mNote->setText(note);
}

}  // namespace latentlab
