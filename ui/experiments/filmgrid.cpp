#include "experiments/filmgrid.h"

#include "common/usermessage.h"
#include "jobs/jobfailure.h"
#include "run/filmstrip.h"
#include "run/runfolder.h"

#include <QFileInfo>
#include <QObject>

namespace latentlab {

namespace {
QVector<QImage> stripRow(const QImage& strip, int row, int cellWidth, int cellHeight) {
  QVector<QImage> images;
  for (int column = 0; column < strip.width() / cellWidth; ++column)
    images.push_back(strip.copy(column * cellWidth, row * cellHeight, cellWidth, cellHeight));
  return images;
}

bool sameImages(const QVector<QImage>& a, const QVector<QImage>& b) {
  if (a.size() != b.size()) return false;
  for (int i = 0; i < a.size(); ++i)
    if (a[i].convertToFormat(QImage::Format_RGB32) != b[i].convertToFormat(QImage::Format_RGB32)) return false;
  return true;
}
}  // namespace

FilmGrid readFilmGrid(const QStringList& runDirs, int epoch, const JobContext& job) {
  FilmGrid grid;
  grid.epoch = epoch;
  for (int i = 0; i < runDirs.size(); ++i) {
    job.throwIfCancelled();
    FilmGridRow row;
    const RunFolder folder(runDirs[i].toStdString());
    const QString file = QString::fromStdString((folder.samplesDir() / filmStripName(epoch)).string());
    try {
      const ModelSpec spec = folder.readSpec();
      const int cellWidth = spec.input.width, cellHeight = spec.input.height;
      const bool exists = QFileInfo::exists(file);
      const QImage strip = exists ? QImage(file) : QImage();
      const bool fits = cellWidth > 0 && cellHeight > 0 && !strip.isNull() && strip.width() % cellWidth == 0 &&
                        strip.height() % cellHeight == 0 &&
                        (strip.height() / cellHeight == 2 || strip.height() / cellHeight == 3);
      if (!exists) {
        row.problem = QObject::tr("No film frame for epoch %1.").arg(epoch);
        row.details = QObject::tr(
                          "%1 is missing: the run has not reached epoch %2, or was trained with Film samples "
                          "set to 0.")
                          .arg(file)
                          .arg(epoch);
      } else if (strip.isNull()) {
        row.problem = QObject::tr("%1 is not a readable PNG image.").arg(file);
      } else if (!fits) {
        row.problem = QObject::tr("%1 does not hold rows of %2x%3 images as spec.json says.")
                          .arg(file)
                          .arg(cellWidth)
                          .arg(cellHeight);
      } else {
        const int rows = strip.height() / cellHeight;
        row.reconstructions = stripRow(strip, 1, cellWidth, cellHeight);
        const QVector<QImage> targets = stripRow(strip, rows == 3 ? 2 : 0, cellWidth, cellHeight);
        if (grid.targets.isEmpty())
          grid.targets = targets;
        else
          row.otherSamples = !sameImages(grid.targets, targets);
      }
    } catch (...) {
      row.problem = userMessage(describeFailure(std::current_exception()));
    }
    grid.rows.push_back(std::move(row));
    job.report(double(i + 1) / double(runDirs.size()), "Reading the films");
  }
  return grid;
}

}  // namespace latentlab
