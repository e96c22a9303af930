#include "experiments/runpalette.h"

#include <QPainter>
#include <QPixmap>

namespace latentlab {

QColor runColor(int index) {
  static const QColor palette[] = {{31, 119, 180}, {255, 127, 14},  {44, 160, 44},   {214, 39, 40},  {148, 103, 189},
                                   {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
  constexpr int size = int(sizeof(palette) / sizeof(palette[0]));
  return palette[((index % size) + size) % size];
}

std::vector<ComparedRun> comparedRuns(const std::vector<RunSummary>& runs) {
  std::vector<ComparedRun> compared;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    ComparedRun run;
    run.dir = QString::fromStdString(runs[i].path.string());
    run.name = QString::fromStdString(runs[i].name());
    run.dataset = QString::fromStdString(runs[i].dataset);
    run.loss = QString::fromStdString(runs[i].loss);
    run.epochsDone = runs[i].epochsDone;
    run.color = runColor(int(i));
    compared.push_back(run);
  }
  return compared;
}

QIcon colorSwatch(const QColor& color, int size) {
  QPixmap pixmap(size, size);
  pixmap.fill(Qt::transparent);
  QPainter painter(&pixmap);
  painter.setPen(color.darker(130));
  painter.setBrush(color);
  painter.drawRect(0, 0, size - 1, size - 1);
  return QIcon(pixmap);
}

}  // namespace latentlab
