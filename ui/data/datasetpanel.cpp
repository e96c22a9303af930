#include "data/datasetpanel.h"
#include "common/usermessage.h"

#include "common/asyncjob.h"
#include "common/imageconversion.h"
#include "corrupt/corruptimages.h"
#include "data/thumbnailmodel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>
#include "common/qcustomplotinclude.h"

namespace latentlab {

namespace {
constexpr int kPreviewPairs = 8;

QString classNameOf(const Dataset& dataset, std::int64_t label) {
  return label < std::int64_t(dataset.classNames.size())
             ? QString::fromStdString(dataset.classNames[std::size_t(label)])
             : QString::number(label);
}

QLabel* imageLabel(const QImage& image, int side) {
  auto* label = new QLabel;
  label->setPixmap(QPixmap::fromImage(image.scaled(side, side, Qt::KeepAspectRatio, Qt::FastTransformation)));
  label->setFixedSize(side, side);
  return label;
}
}  // namespace

DatasetPanel::DatasetPanel(Session* session, QWidget* parent) : Panel(parent), mSession(session) {
  // Left: filter row and the thumbnail grid.
  auto* left = new QWidget;
  auto* leftLayout = new QVBoxLayout(left);
  leftLayout->setContentsMargins(0, 0, 0, 0);
  auto* filterRow = new QHBoxLayout;
  mClassFilter = new QComboBox;
  mClassFilter->setToolTip(tr("Show one class only"));
  mCount = new QLabel;
  filterRow->addWidget(new QLabel(tr("Class")));
  filterRow->addWidget(mClassFilter);
  filterRow->addStretch(1);
  filterRow->addWidget(mCount);
  leftLayout->addLayout(filterRow);

  mThumbnails = new ThumbnailModel(this);
  mGrid = new QListView;
  mGrid->setModel(mThumbnails);
  mGrid->setViewMode(QListView::IconMode);
  mGrid->setUniformItemSizes(true);
  mGrid->setResizeMode(QListView::Adjust);
  mGrid->setMovement(QListView::Static);
  mGrid->setLayoutMode(QListView::Batched);
  mGrid->setBatchSize(2000);
  mGrid->setSelectionMode(QAbstractItemView::SingleSelection);
  mGrid->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
  mGrid->setToolTip(tr("Click an image to see it large"));
  leftLayout->addWidget(mGrid, 1);

  // Right: selected item, histogram, mean image, facts, corruption preview.
  auto* right = new QWidget;
  auto* rightLayout = new QVBoxLayout(right);
  auto* selectedBox = new QGroupBox(tr("Selected"));
  auto* selectedLayout = new QHBoxLayout(selectedBox);
  mSelectedImage = new QLabel;
  mSelectedImage->setFixedSize(112, 112);
  mSelectedImage->setAlignment(Qt::AlignCenter);
  mSelectedCaption = new QLabel(tr("Click a thumbnail."));
  mSelectedCaption->setWordWrap(true);
  selectedLayout->addWidget(mSelectedImage);
  selectedLayout->addWidget(mSelectedCaption, 1);
  auto* meanBox = new QGroupBox(tr("Mean image"));
  auto* meanLayout = new QHBoxLayout(meanBox);
  mMeanImage = new QLabel;
  mMeanImage->setFixedSize(112, 112);
  mMeanImage->setAlignment(Qt::AlignCenter);
  mInfo = new QLabel;
  mInfo->setWordWrap(true);
  mInfo->setTextInteractionFlags(Qt::TextSelectableByMouse);
  meanLayout->addWidget(mMeanImage);
  meanLayout->addWidget(mInfo, 1);
  auto* topRow = new QHBoxLayout;
  topRow->addWidget(selectedBox, 1);
  topRow->addWidget(meanBox, 1);
  rightLayout->addLayout(topRow);

  mHistogram = new QCustomPlot;
  mHistogram->setMinimumHeight(200);
  mHistogram->yAxis->setLabel(tr("images"));
  auto* histogramBox = new QGroupBox(tr("Labels"));
  auto* histogramLayout = new QVBoxLayout(histogramBox);
  histogramLayout->addWidget(mHistogram);
  rightLayout->addWidget(histogramBox, 1);

  auto* previewBox = new QGroupBox(tr("Training input preview"));
  auto* previewLayout = new QVBoxLayout(previewBox);
  mCorruptionCaption = new QLabel;
  mCorruptionCaption->setWordWrap(true);
  previewLayout->addWidget(mCorruptionCaption);
  mPreviewHost = new QWidget;
  mPreviewGrid = new QGridLayout(mPreviewHost);
  mPreviewGrid->setSpacing(4);
  previewLayout->addWidget(mPreviewHost);
  rightLayout->addWidget(previewBox);

  auto* splitter = new QSplitter;
  splitter->addWidget(left);
  splitter->addWidget(right);
  splitter->setStretchFactor(0, 3);
  splitter->setStretchFactor(1, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(splitter);

  connect(mClassFilter, &QComboBox::currentIndexChanged, this, [this] {
    mThumbnails->setClassFilter(mClassFilter->currentData().toInt());
    mGrid->scrollToTop();  // another set of images: start at its first row
    mCount->setText(tr("%1 shown").arg(mThumbnails->rowCount()));
  });
  connect(mGrid->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& index) {
    if (index.isValid()) showSelected(index.data(ThumbnailModel::DatasetIndexRole).toULongLong());
  });
  connect(mSession, &Session::datasetChanged, this, &DatasetPanel::onDatasetChanged);
  connect(mSession, &Session::configChanged, this, [this] {
    refreshSplitInfo();
    refreshCorruptionPreview();
  });
  connect(mSession, &Session::specChanged, this, &DatasetPanel::refreshCorruptionPreview);
  mStatsJob = new AsyncJob(JobPolicy::Replace, this);
  onDatasetChanged();
}

QCustomPlot* DatasetPanel::exportablePlot() {
  return mHistogram;
}

QString DatasetPanel::infoText() const {
  return mInfo->text();
}

void DatasetPanel::onDatasetChanged() {
  const DatasetPtr dataset = mSession->dataset();
  mThumbnails->setDataset(dataset);
  mClassFilter->blockSignals(true);
  mClassFilter->clear();
  mClassFilter->addItem(tr("All classes"), -1);
  if (dataset)
    for (std::size_t k = 0; k < dataset->classNames.size(); ++k)
      mClassFilter->addItem(QString::fromStdString(dataset->classNames[k]), int(k));
  mClassFilter->blockSignals(false);
  mCount->setText(dataset ? tr("%1 images").arg(QLocale().toString(qulonglong(dataset->size()))) : QString());
  mSelectedImage->clear();
  mSelectedCaption->setText(tr("Click a thumbnail."));
  mMeanImage->clear();
  mHistogram->clearPlottables();
  mHistogram->replot();
  refreshSplitInfo();
  refreshCorruptionPreview();
  if (!dataset) return;
  // 70,000 images take ~50 ms to average: do it off the GUI thread (a newer set replaces it).
  mStatsJob->run([dataset](const JobRun&) { return computeDatasetStats(*dataset); },
                 [this](const DatasetStats& stats) { showStats(stats); });
}

void DatasetPanel::showStats(const DatasetStats& stats) {
  const DatasetPtr dataset = mSession->dataset();
  if (!dataset) return;
  mMeanImage->setPixmap(QPixmap::fromImage(
      toQImage(stats.meanImage.data(), dataset->shape).scaled(112, 112, Qt::KeepAspectRatio, Qt::FastTransformation)));

  mHistogram->clearPlottables();
  auto* bars = new QCPBars(mHistogram->xAxis, mHistogram->yAxis);
  bars->setBrush(QColor(31, 119, 180, 170));
  bars->setPen(QPen(QColor(31, 119, 180)));
  QVector<double> keys, values;
  QSharedPointer<QCPAxisTickerText> ticker(new QCPAxisTickerText);
  double maximum = 1;
  for (std::size_t k = 0; k < stats.classCounts.size(); ++k) {
    keys << double(k);
    values << double(stats.classCounts[k]);
    maximum = std::max(maximum, double(stats.classCounts[k]));
    ticker->addTick(double(k), classNameOf(*dataset, std::int64_t(k)));
  }
  bars->setData(keys, values);
  mHistogram->xAxis->setTicker(ticker);
  mHistogram->xAxis->setTickLabelRotation(stats.classCounts.size() > 10 || dataset->classNames.front().size() > 3 ? 40
                                                                                                                  : 0);
  mHistogram->xAxis->setRange(-0.7, double(stats.classCounts.size()) - 0.3);
  mHistogram->yAxis->setRange(0, maximum * 1.1);
  mHistogram->replot();
}

void DatasetPanel::showSelected(std::size_t datasetIndex) {
  const DatasetPtr dataset = mSession->dataset();
  if (!dataset || datasetIndex >= dataset->size()) return;
  mSelectedImage->setPixmap(QPixmap::fromImage(
      datasetImage(*dataset, datasetIndex).scaled(112, 112, Qt::KeepAspectRatio, Qt::FastTransformation)));
  mSelectedCaption->setText(
      tr("#%1\nclass %2\n%3")
          .arg(datasetIndex)
          .arg(classNameOf(*dataset, dataset->labels[datasetIndex]))
          .arg(datasetIndex < dataset->officialTrainCount ? tr("official train part") : tr("official test part")));
}

void DatasetPanel::refreshSplitInfo() {
  const DatasetPtr dataset = mSession->dataset();
  if (!dataset) {
    mInfo->setText(tr("No dataset loaded."));
    return;
  }
  const DatasetSplit split = mSession->split();
  const QLocale locale;
  mInfo->setText(tr("<b>%1</b><br>%2 images of %3<br>%4 classes<br>split: %5 train · %6 validation · %7 test<br>"
                    "<small>%8</small>")
                     .arg(QString::fromStdString(dataset->name))
                     .arg(locale.toString(qulonglong(dataset->size())))
                     .arg(QString::fromStdString(dataset->shape.toString()))
                     .arg(dataset->classNames.size())
                     .arg(locale.toString(qulonglong(split.train.size())))
                     .arg(locale.toString(qulonglong(split.validation.size())))
                     .arg(locale.toString(qulonglong(split.test.size())))
                     .arg(QString::fromStdString(dataset->source).toHtmlEscaped()));
}

void DatasetPanel::refreshCorruptionPreview() {
  while (QLayoutItem* item = mPreviewGrid->takeAt(0)) {
    delete item->widget();
    delete item;
  }
  mPreviewCount = 0;
  const DatasetPtr dataset = mSession->dataset();
  if (!dataset) return;
  Corruption corruption;
  try {
    corruption = Corruption::parse(mSession->config().corruption);
  } catch (...) {
    mCorruptionCaption->setText(currentErrorMessage());
    return;
  }
  if (mSession->spec().isGan()) {  // a GAN has no input: its discriminator compares real images with generated ones
    mCorruptionCaption->setText(
        tr("The discriminator sees these images as the real ones and the generator's images as "
           "fakes (a GAN takes no input corruption)."));
    return;
  }
  const bool colorization = mSession->spec().isColorization() && dataset->shape.channels == 3;
  if (colorization) corruption.steps.insert(corruption.steps.begin(), CorruptionStep{CorruptionKind::Gray, 0});
  if (corruption.empty()) {
    mCorruptionCaption->setText(
        tr("The model sees the clean images (no input corruption chosen in Training settings)."));
    return;
  }
  mCorruptionCaption->setText(
      tr("clean | what the model sees (%1)").arg(QString::fromStdString(corruption.toString())));
  std::vector<std::size_t> indices;
  for (std::size_t i = 0; i < std::min<std::size_t>(kPreviewPairs, dataset->size()); ++i)
    indices.push_back(i * (dataset->size() / kPreviewPairs));
  const ImageBatchBytes corrupted = corruptDatasetImages(*dataset, indices, corruption, mSession->config().seed);
  const int side = 56;
  for (std::size_t n = 0; n < indices.size(); ++n) {
    const int column = int(n % 4) * 2;
    const int row = int(n / 4);
    mPreviewGrid->addWidget(imageLabel(datasetImage(*dataset, indices[n]), side), row, column);
    mPreviewGrid->addWidget(
        imageLabel(toQImage(corrupted.pixels.data() + n * corrupted.shape.pixelCount(), corrupted.shape), side), row,
        column + 1);
    ++mPreviewCount;
  }
}

}  // namespace latentlab
