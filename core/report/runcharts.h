#pragma once

// Charts of one run's metrics.csv, shared by the run report and the comparison report.
// Torch-free.

#include "report/svgplot.h"
#include "train/trainingevents.h"

#include <string>
#include <vector>

namespace latentlab {

// Training and validation loss per epoch; `loss` names the loss on the y axis ("mse"; empty: "per pixel").
LineChart lossChart(const std::vector<EpochStats>& metrics, const std::string& loss, const std::string& title);

}  // namespace latentlab
