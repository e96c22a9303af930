#pragma once

#include "inference/modelsnapshot.h"

#include <QImage>
#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QScrollArea;
class QSpinBox;

namespace latentlab {

class AsyncJob;

// Interpolation between two codes A and B (points clicked on the map or the
// marker): N steps, linear or spherical, decoded into a strip that exports as PNG.
class InterpolationView : public QWidget {
  Q_OBJECT
public:
  explicit InterpolationView(QWidget* parent = nullptr);

  void setModel(ModelSnapshotPtr model);
  void setEndpoint(int which, const std::vector<float>& code, const QImage& image,
                   const QString& caption);  // 0 = A, 1 = B
  void setSteps(int steps);
  void setSpherical(bool spherical);
  // Computes and shows the strip; false when A or B is missing.
  // Starts decoding the strip (off the GUI thread); false when A or B is missing. pathComputed
  // follows when the images are in; job() says when.
  bool interpolateNow();
  AsyncJob* job() const { return mJob; }
  std::vector<QImage> stripImages() const { return mImages; }
  const std::vector<float>& pathCodes() const { return mPath; }
  bool exportStrip(const QString& path) const;

Q_SIGNALS:
  void endpointRequested(int which);  // "Use current" pressed: the panel supplies the code
  void pathComputed(const std::vector<float>& codes, int steps);

protected:
  void resizeEvent(QResizeEvent* event) override;

private:
  AsyncJob* mJob = nullptr;
  void showStrip();

  ModelSnapshotPtr mModel;
  std::vector<float> mEndpoints[2];
  QLabel* mEndpointImage[2] = {nullptr, nullptr};
  QLabel* mEndpointCaption[2] = {nullptr, nullptr};
  QSpinBox* mSteps = nullptr;
  QComboBox* mKind = nullptr;
  QLabel* mStrip = nullptr;
  QScrollArea* mStripScroll = nullptr;
  QPushButton* mExport = nullptr;
  std::vector<QImage> mImages;
  std::vector<float> mPath;
};

}  // namespace latentlab
