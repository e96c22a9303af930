#include "latent/realimageview.h"

#include "common/asyncjob.h"
#include "common/imagebox.h"
#include "common/imageconversion.h"
#include "common/jobprogress.h"
#include "latent/datasetencoding.h"
#include "latent/decodedimages.h"
#include "train/modelfit.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSpinBox>
#include <QVBoxLayout>

namespace latentlab {

namespace {
QString labelName(const Dataset& dataset, std::size_t index) {
  const auto label = dataset.labels[index];
  return label >= 0 && std::size_t(label) < dataset.classNames.size()
             ? QString::fromStdString(dataset.classNames[std::size_t(label)])
             : QString::number(label);
}

// Latent optimisation of one item, the slow part: it reports each step and stops when cancelled.
RealImageView::Placed fitItem(const ModelSnapshot& model, const Dataset& dataset, std::size_t index,
                              const JobContext& job) {
  const std::vector<float> input = modelInputs(model, dataset, &index, 1);
  RealImageView::Placed placed;
  placed.index = index;
  placed.code = model.fitCodes(input.data(), 1, job);
  const std::vector<float> image = model.decode(placed.code.data(), 1);
  double sum = 0.0;
  for (std::size_t p = 0; p < image.size() && p < input.size(); ++p)
    sum += double(image[p] - input[p]) * double(image[p] - input[p]);
  placed.error = sum / double(std::max<std::size_t>(1, image.size()));
  placed.original = datasetImage(dataset, index);
  placed.fitted = toQImage(image.data(), model.outputShape());
  placed.caption = QObject::tr("real #%1 · %2").arg(index).arg(labelName(dataset, index));
  return placed;
}
}  // namespace

RealImageView::RealImageView(QWidget* parent) : QWidget(parent) {
  // Replace: a newer request (another item) makes the running fit's result moot.
  mJob = new AsyncJob(JobPolicy::Replace, this);
  auto* intro =
      new QLabel(tr("A GAN has no encoder. Placing a real image searches for the z whose generated image matches it "
                    "(latent optimisation, about a second), then marks that z on the map."));
  intro->setWordWrap(true);
  mItem = new QSpinBox;
  mItem->setObjectName("realImageItem");
  mItem->setPrefix(tr("item #"));
  mItem->setToolTip(tr("The dataset item to place on the generator's map"));
  auto* random = new QPushButton(tr("Random"));
  random->setToolTip(tr("Pick a random dataset item"));
  mPlace = new QPushButton(tr("Place real image…"));
  mPlace->setObjectName("placeRealImage");
  mPlace->setToolTip(tr("Fit z so that G(z) matches this item, off the GUI thread; Cancel stops it"));
  auto* progress = new JobProgress(mJob);
  auto* pick = new QHBoxLayout;
  pick->addWidget(mItem);
  pick->addWidget(random);
  pick->addWidget(mPlace);
  pick->addStretch(1);

  mOriginal = makeImageBox(84);
  mOriginal->setToolTip(tr("The real image"));
  mFitted = makeImageBox(84);
  mFitted->setToolTip(tr("G(z) for the z found: how close the generator can get"));
  mCaption = new QLabel(tr("No real image placed yet."));
  mCaption->setWordWrap(true);
  mCaption->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  auto* pair = new QHBoxLayout;
  pair->addWidget(mOriginal);
  pair->addWidget(mFitted);
  pair->addWidget(mCaption, 1);

  mList = new QListWidget;
  mList->setObjectName("placedRealImages");
  mList->setIconSize(QSize(28, 28));
  mList->setMaximumHeight(140);
  mList->setToolTip(tr("The real images on the map; select one to mark and inspect it"));
  auto* uses = new QHBoxLayout;
  for (int which = 0; which < 2; ++which) {
    mUse[which] = new QPushButton(which == 0 ? tr("Use as A") : tr("Use as B"));
    mUse[which]->setToolTip(tr("Make the selected real image an end of the interpolation"));
    mUse[which]->setEnabled(false);
    uses->addWidget(mUse[which]);
    connect(mUse[which], &QPushButton::clicked, this, [this, which] {
      if (selectedRow() >= 0) Q_EMIT endpointChosen(which, selectedRow());
    });
  }
  auto* clear = new QPushButton(tr("Clear"));
  clear->setToolTip(tr("Remove the real images from the map"));
  uses->addWidget(clear);
  uses->addStretch(1);

  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(pick);
  layout->addWidget(progress);
  layout->addLayout(pair);
  layout->addWidget(new QLabel(tr("Placed real images")));
  layout->addWidget(mList);
  layout->addLayout(uses);
  layout->addStretch(1);

  connect(random, &QPushButton::clicked, this, [this] {
    if (mItem->maximum() > 0) mItem->setValue(int(QRandomGenerator::global()->bounded(mItem->maximum() + 1)));
  });
  connect(mPlace, &QPushButton::clicked, this, [this] { placeItem(std::size_t(mItem->value())); });
  connect(clear, &QPushButton::clicked, this, &RealImageView::clearPlaced);
  connect(mList, &QListWidget::currentRowChanged, this, [this](int row) {
    for (QPushButton* use : mUse) use->setEnabled(row >= 0);
    if (row < 0 || std::size_t(row) >= mPlaced.size()) return;
    showFit(mPlaced[std::size_t(row)]);
    Q_EMIT chosen(row);
  });
}

void RealImageView::setSources(ModelSnapshotPtr model, DatasetPtr dataset) {
  const bool sameCode = model && mModel && model->codeSize() == mModel->codeSize() && dataset == mDataset;
  const bool changed = model != mModel;
  mModel = std::move(model);
  mDataset = std::move(dataset);
  mItem->setRange(0, mDataset ? int(std::max<std::size_t>(1, mDataset->size()) - 1) : 0);
  const bool usable = mModel && mModel->isGan() && mDataset;
  mPlace->setEnabled(usable);
  if (!sameCode) {
    clearPlaced();
    return;
  }
  if (usable && changed) refitPlaced();
}

// New weights (Follow training moved to the next epoch): a z fitted to the old generator
// no longer makes the same image, so every placed image (and one being placed) is fitted again.
void RealImageView::refitPlaced() {
  std::vector<std::size_t> items;
  for (const Placed& placed : mPlaced) items.push_back(placed.index);
  if (mPending) items.push_back(*mPending);
  if (items.empty()) return;
  mRefitting = true;
  mCaption->setText(tr("Fitting the placed images to the epoch %1 weights…").arg(mModel->epoch()));
  mJob->run(
      [model = mModel, dataset = mDataset, items](const JobRun& run) {
        std::vector<Placed> fitted;
        const JobContext job = run.context();
        for (std::size_t i = 0; i < items.size(); ++i)
          fitted.push_back(fitItem(*model, *dataset, items[i],
                                   job.part(double(i) / double(items.size()), double(i + 1) / double(items.size()),
                                            "Fitting the placed images again")));
        return fitted;
      },
      // The one being placed (last) becomes the selection, as a fresh placement does.
      [this, row = mPending ? int(items.size()) - 1 : selectedRow()](std::vector<Placed> fitted) {
        mRefitting = false;
        mPending.reset();
        mPlaced.clear();
        mList->clear();
        for (Placed& placed : fitted) addToList(std::move(placed));
        Q_EMIT placedChanged();
        if (!mPlaced.empty()) mList->setCurrentRow(row >= 0 && row < int(mPlaced.size()) ? row : 0);
      });
}

bool RealImageView::placeItem(std::size_t index) {
  if (!mModel || !mModel->isGan() || !mDataset || index >= mDataset->size()) {
    mCaption->setText(tr("Placing a real image needs a GAN and a dataset with that item."));
    return false;
  }
  if (const auto why = whyModelDoesNotFit(mModel->spec(), *mDataset)) {
    mCaption->setText(QString::fromStdString(*why));
    return false;
  }
  mPending = index;
  // A refit in flight would be replaced and leave the others on the old weights: refit them all.
  if (mRefitting) {
    refitPlaced();
    return true;
  }
  mCaption->setText(tr("Fitting z to item #%1…").arg(index));
  mJob->run([model = mModel, dataset = mDataset,
             index](const JobRun& run) { return fitItem(*model, *dataset, index, run.context()); },
            [this](Placed placed) { onFitted(std::move(placed)); });
  return true;
}

void RealImageView::onFitted(Placed placed) {
  mPending.reset();
  addToList(std::move(placed));
  Q_EMIT placedChanged();
  mList->setCurrentRow(mList->count() - 1);  // shows it and emits chosen
}

void RealImageView::addToList(Placed placed) {
  mPlaced.push_back(std::move(placed));
  const Placed& added = mPlaced.back();
  auto* item = new QListWidgetItem(QIcon(QPixmap::fromImage(added.original)),
                                   tr("%1 · fit MSE %2").arg(added.caption).arg(added.error, 0, 'f', 4));
  mList->addItem(item);
}

void RealImageView::showFit(const Placed& placed) {
  showInImageBox(mOriginal, placed.original);
  showInImageBox(mFitted, placed.fitted);
  mCaption->setText(tr("%1\noriginal | G(z)\npixel MSE %2 (lower: the generator can make it)\ncode %3")
                        .arg(placed.caption)
                        .arg(placed.error, 0, 'f', 4)
                        .arg(formatCode(placed.code.data(), int(placed.code.size()))));
}

std::vector<float> RealImageView::placedCodes() const {
  std::vector<float> codes;
  for (const Placed& placed : mPlaced) codes.insert(codes.end(), placed.code.begin(), placed.code.end());
  return codes;
}

void RealImageView::clearPlaced() {
  mJob->cancel();
  mPending.reset();
  mRefitting = false;
  const bool had = !mPlaced.empty();
  mPlaced.clear();
  mList->clear();
  mOriginal->clear();
  mFitted->clear();
  mCaption->setText(tr("No real image placed yet."));
  if (had) Q_EMIT placedChanged();
}

int RealImageView::selectedRow() const {
  return mList->currentRow();
}

void RealImageView::selectRow(int row) {
  mList->setCurrentRow(row);
}

}  // namespace latentlab
