#include "evaluate/ganevaluation.h"

#include "common/error.h"
#include "gan/domainclassifier.h"
#include "run/runfolder.h"
#include "train/trainconfig.h"

#include <cmath>

namespace latentlab {

bool isGanRun(const std::filesystem::path& runDir) {
  const RunFolder run(runDir);
  try {
    return std::filesystem::exists(run.specFile()) && run.readSpec().isGan();
  } catch (const Error&) {
    return false;  // a damaged spec.json: whoever reads the run next says what is wrong with it
  }
}

GanRunEvaluation evaluateGanRun(const std::filesystem::path& runDir) {
  const RunFolder run(runDir);
  if (!isGanRun(runDir))
    throw inputError(runDir.string() +
                     " holds no GAN run (spec.json is missing or not of kind gan); choose a "
                     "run trained from a GAN preset such as mnist-dcgan ({run})");
  const auto rows = run.readMetrics();
  if (rows.empty())
    throw inputError(runDir.string() + " has no finished epoch yet (metrics.csv is empty); train it first");
  GanRunEvaluation result;
  result.model = run.readSpec().name;
  if (std::filesystem::exists(run.configFile())) result.dataset = run.readConfig().dataset;
  result.epochs = rows.back().epoch;
  double best = INFINITY;
  for (const auto& row : rows) {
    result.fidPerEpoch.push_back(row.fid);
    if (std::isfinite(row.fid) && row.fid < best) {
      best = row.fid;
      result.bestEpoch = row.epoch;
    }
  }
  result.fid = rows.back().fid;
  result.histogram.counts = rows.back().classCounts;
  // The classifier that counted them names the classes (Fashion-MNIST: "Trouser", …).
  const auto classifierFile = runDir / DomainClassifier::kFileName;
  if (std::filesystem::exists(classifierFile))
    result.histogram.classNames = DomainClassifier::load(classifierFile).classNames();
  if (result.histogram.classNames.size() != result.histogram.counts.size()) {
    result.histogram.classNames.clear();
    for (std::size_t i = 0; i < result.histogram.counts.size(); ++i)
      result.histogram.classNames.push_back(std::to_string(i));
  }
  result.neverGenerated = classesNeverGenerated(result.histogram);
  return result;
}

}  // namespace latentlab
