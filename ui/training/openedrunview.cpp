#include "training/openedrunview.h"

#include "run/filmstrip.h"
#include "run/runfolder.h"

#include <QFileInfo>

namespace latentlab {

OpenedRunView OpenedRunView::read(const std::filesystem::path& dir, const JobContext& job) {
  OpenedRunView view;
  view.run = openRunFolder(dir, job.part(0.0, 0.6));
  const RunFolder folder(dir);
  const std::size_t count = view.run.metrics.size();
  for (std::size_t i = 0; i < count; ++i) {
    job.throwIfCancelled();
    const int epoch = view.run.metrics[i].epoch;
    const QString strip = QString::fromStdString((folder.samplesDir() / filmStripName(epoch)).string());
    if (QFileInfo::exists(strip)) view.strips.emplace_back(epoch, QImage(strip));
    job.report(0.6 + 0.4 * double(i + 1) / double(count), "Reading the film");
  }
  return view;
}

}  // namespace latentlab
