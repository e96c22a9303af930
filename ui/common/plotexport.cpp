#include "common/plotexport.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include "common/qcustomplotinclude.h"

namespace latentlab {

bool exportPlot(QCustomPlot* plot, const QString& path, QString* error) {
  const QString suffix = QFileInfo(path).suffix().toLower();
  bool ok = false;
  if (suffix == "pdf")
    ok = plot->savePdf(path);
  else if (suffix == "png")
    ok = plot->savePng(path, 0, 0, 2.0);
  else {
    if (error)
      *error = QObject::tr("Choose a file name ending in .png or .pdf, not \"%1\".").arg(QFileInfo(path).fileName());
    return false;
  }
  if (!ok && error) *error = QObject::tr("Could not write %1; check that the folder is writable.").arg(path);
  return ok;
}

QString exportPlotInteractively(QCustomPlot* plot, QWidget* parent, const QString& suggestedName) {
  if (!plot) return {};
  const QString path = QFileDialog::getSaveFileName(parent, QObject::tr("Export plot"), suggestedName,
                                                    QObject::tr("PNG image (*.png);;PDF document (*.pdf)"));
  if (path.isEmpty()) return {};
  QString error;
  if (!exportPlot(plot, path, &error)) {
    QMessageBox::warning(parent, QObject::tr("Export plot"), error);
    return {};
  }
  return path;
}

}  // namespace latentlab
