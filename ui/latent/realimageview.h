#pragma once

#include "data/dataset.h"
#include "inference/modelsnapshot.h"

#include <QImage>
#include <QWidget>

#include <optional>
#include <vector>

class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace latentlab {

class AsyncJob;

// Real images on a GAN's map: a GAN has no encoder, so a dataset item's z is found by
// latent optimisation (ModelSnapshot::encode, about a second) on a worker thread. Shows
// the item beside G(z) so the user sees how close the generator got, keeps the placed
// images (marked on the map by the panel) and offers them as interpolation ends.
class RealImageView : public QWidget {
  Q_OBJECT
public:
  explicit RealImageView(QWidget* parent = nullptr);

  // The GAN and the dataset to take real images from; another model forgets the placed ones,
  // new weights of the same model (the next epoch) fit them again.
  void setSources(ModelSnapshotPtr model, DatasetPtr dataset);
  // Starts fitting z to dataset item `index` (off the GUI thread); false when it cannot.
  bool placeItem(std::size_t index);
  AsyncJob* job() const { return mJob; }

  struct Placed {
    std::size_t index = 0;  // into the dataset
    std::vector<float> code;
    QImage original;
    QImage fitted;       // G(z)
    double error = 0.0;  // pixel MSE of G(z) against the image
    QString caption;
  };
  const std::vector<Placed>& placed() const { return mPlaced; }
  std::vector<float> placedCodes() const;  // placed().size() x codeSize
  void clearPlaced();
  // The placed image selected in the list; -1 when none.
  int selectedRow() const;
  void selectRow(int row);

Q_SIGNALS:
  void placedChanged();                     // an image was placed or the list cleared
  void chosen(int row);                     // a placed image was selected (or just placed)
  void endpointChosen(int which, int row);  // "Use as A" / "Use as B"

private:
  void onFitted(Placed placed);
  void addToList(Placed placed);
  void refitPlaced();
  void showFit(const Placed& placed);

  AsyncJob* mJob = nullptr;
  ModelSnapshotPtr mModel;
  DatasetPtr mDataset;
  QSpinBox* mItem = nullptr;
  QPushButton* mPlace = nullptr;
  QLabel* mOriginal = nullptr;
  QLabel* mFitted = nullptr;
  QLabel* mCaption = nullptr;
  QListWidget* mList = nullptr;
  QPushButton* mUse[2] = {nullptr, nullptr};
  std::vector<Placed> mPlaced;
  std::optional<std::size_t> mPending;  // the item being placed, refitted too when the weights change
  bool mRefitting = false;              // the job fits every placed image again (new weights)
};

}  // namespace latentlab
