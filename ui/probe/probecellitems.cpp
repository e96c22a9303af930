#include "probe/probecellitems.h"

#include "common/asyncjob.h"
#include "common/imageconversion.h"
#include "common/usermessage.h"
#include "latent/datasetencoding.h"
#include "probe/probeitemsview.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

namespace latentlab {

ProbeCellItems::ProbeCellItems(QWidget* parent) : QWidget(parent) {
  mDecoding = new AsyncJob(JobPolicy::Replace, this);
  mTitle = new QLabel;
  mTitle->setWordWrap(true);
  mTitle->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  mShowOnMap = new QPushButton(tr("Show on latent map"));
  mShowOnMap->setObjectName("probeShowOnMap");
  mShowOnMap->setEnabled(false);
  mShowOnMap->setToolTip(
      tr("Switch to the Latent map tab, where this cell's items are ringed (Enter on the matrix does the same)"));
  mView = new ProbeItemsView;
  mView->setToolTip(tr("Each pair: the test image, then its reconstruction by the probed weights"));
  auto* scroll = new QScrollArea;
  scroll->setWidget(mView);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  scroll->setMinimumHeight(80);

  auto* header = new QHBoxLayout;
  header->setContentsMargins(0, 0, 0, 0);
  header->addWidget(mTitle, 1);
  header->addWidget(mShowOnMap);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addLayout(header);
  layout->addWidget(scroll, 1);

  connect(mShowOnMap, &QPushButton::clicked, this, &ProbeCellItems::showOnMapRequested);
  connect(mDecoding, &AsyncJob::failed, this, [this](const JobFailure& failure) {
    mTitle->setText(mTitle->text() + " " + tr("(No reconstructions: %1)").arg(userMessage(failure)));
  });
  clear(tr("Click a cell of the confusion matrix to see its test items here."));
}

QString ProbeCellItems::titleText() const {
  return mTitle->text();
}

void ProbeCellItems::clear(const QString& message) {
  mDecoding->cancel();
  mItems.clear();
  mTitle->setText(QString());
  mShowOnMap->setEnabled(false);
  mView->setItems({});
  mView->setPlaceholder(message);
}

void ProbeCellItems::showCell(const QString& title, const std::vector<std::size_t>& items, const QString& itemTooltip,
                              DatasetPtr dataset, ModelSnapshotPtr snapshot) {
  mDecoding->cancel();
  mItems = items;
  const std::size_t shown = std::min(items.size(), std::size_t(kMaxShown));
  mTitle->setText(items.size() > shown ? tr("%1 · the first %2 shown").arg(title).arg(shown) : title);
  mShowOnMap->setEnabled(!items.empty());
  QVector<ProbeItemTile> tiles;
  std::vector<std::size_t> indices;
  for (std::size_t i = 0; i < shown; ++i) {
    if (!dataset || items[i] >= dataset->size()) continue;
    ProbeItemTile tile;
    tile.index = items[i];
    tile.original = datasetImage(*dataset, items[i]);
    tile.tooltip = tr("#%1 · %2\nleft: the test image, right: its reconstruction").arg(items[i]).arg(itemTooltip);
    tiles.push_back(tile);
    indices.push_back(items[i]);
  }
  mView->setItems(tiles);
  mView->setPlaceholder(items.empty() ? tr("No test item is in this cell.")
                                      : tr("The items are not in the dataset shown (another dataset is open)."));
  if (!snapshot || indices.empty()) return;
  mDecoding->run(
      [snapshot, dataset, indices](const JobRun& job) {
        job.context().throwIfCancelled();
        const std::vector<float> inputs = modelInputs(*snapshot, *dataset, indices.data(), indices.size());
        const std::vector<float> codes = snapshot->encode(inputs.data(), int(indices.size()));
        job.context().throwIfCancelled();
        const std::vector<float> decoded = snapshot->decode(codes.data(), int(indices.size()));
        const ImageShape shape = snapshot->outputShape();
        QVector<QImage> images;
        for (std::size_t i = 0; i < indices.size(); ++i)
          images.push_back(toQImage(decoded.data() + i * shape.pixelCount(), shape));
        return images;
      },
      [this](const QVector<QImage>& images) { mView->setReconstructions(images); });
}

}  // namespace latentlab
