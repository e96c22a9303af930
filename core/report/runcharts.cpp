#include "report/runcharts.h"

namespace latentlab {

LineChart lossChart(const std::vector<EpochStats>& metrics, const std::string& loss, const std::string& title) {
  LineChart chart;
  chart.title = title;
  chart.xTitle = "Epoch";
  chart.yTitle = "Loss (" + (loss.empty() ? std::string("per pixel") : loss) + ")";
  chart.integerX = true;
  LineSeries train{"Training", {}, {}}, validation{"Validation", {}, {}};
  for (const auto& row : metrics) {
    train.x.push_back(row.epoch);
    train.y.push_back(row.trainLoss);
    validation.x.push_back(row.epoch);
    validation.y.push_back(row.validationLoss);
  }
  chart.series = {train, validation};
  return chart;
}

}  // namespace latentlab
