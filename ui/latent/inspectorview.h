#pragma once

#include <QImage>
#include <QWidget>

#include <vector>

class QLabel;
class QProgressBar;

namespace latentlab {

// What is under the user's hand on the map: the image decoded at the marker
// with its code and how far it is from the data, or a dataset item with its
// reconstruction and nearest neighbours in latent space.
class InspectorView : public QWidget {
  Q_OBJECT
public:
  explicit InspectorView(QWidget* parent = nullptr);

  void showDecoded(const QImage& image, const QString& codeText, double confidence, const QString& where);
  void showItem(const QImage& original, const QImage& reconstruction, const QString& caption,
                const std::vector<QImage>& neighbours, const QStringList& neighbourCaptions);
  void showHover(const QImage& image, const QString& caption);
  void clear();

  QImage decodedImage() const { return mDecoded; }
  QImage itemImage() const { return mItem; }    // the clicked item's, null after clear()
  QImage hoverImage() const { return mHover; }  // the point's under the mouse
  QString itemCaption() const;
  QString confidenceText() const;

private:
  void clearNeighbours();

  QLabel* mDecodedLabel = nullptr;
  QLabel* mDecodedCaption = nullptr;
  QProgressBar* mConfidence = nullptr;
  QLabel* mOriginal = nullptr;
  QLabel* mReconstruction = nullptr;
  QLabel* mItemCaption = nullptr;
  QWidget* mNeighbourHost = nullptr;
  QLabel* mHoverImage = nullptr;
  QLabel* mHoverCaption = nullptr;
  QImage mDecoded;
  QImage mItem;
  QImage mHover;
};

}  // namespace latentlab
