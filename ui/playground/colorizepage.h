#pragma once

#include "session/session.h"

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;

namespace latentlab {

class ErrorReporter;
class ImageTile;

// Colorization (A4): a model that takes gray images and outputs RGB, applied to
// dataset samples (gray | colorized | original) and to any photo the user opens.
// For another model the page says which preset to train instead.
class ColorizePage : public QWidget {
  Q_OBJECT
public:
  ColorizePage(Session* session, ErrorReporter* errors, QWidget* parent = nullptr);

  // True when the session's snapshot takes 1 channel and outputs 3.
  bool isActive() const;
  QString hintText() const;
  void refreshSamples();
  // Colorizes a photo of any size; false (with a message) when unreadable or no colorization model.
  bool openPhoto(const QString& path);

  int sampleRows() const { return int(mRowTiles.size()); }
  ImageTile* tile(int row, int column) const { return mRowTiles[std::size_t(row)][std::size_t(column)]; }
  ImageTile* photoTile(int column) const {
    return mPhotoTiles[std::size_t(column)];
  }  // 0 photo, 1 gray input, 2 colorized
  QWidget* content() const { return mContent; }

private:
  void onSessionChanged();
  struct ColorizeRecipe {
    QString dataset, preset, about;
  };
  // The dataset and preset to suggest: one that is installed here.
  static ColorizeRecipe colorizeRecipe();

  Session* mSession;
  ErrorReporter* mErrors;
  QLabel* mHint = nullptr;
  QWidget* mContent = nullptr;
  std::vector<std::vector<ImageTile*>> mRowTiles;
  std::vector<ImageTile*> mPhotoTiles;
  std::size_t mSampleOffset = 0;
};

}  // namespace latentlab
