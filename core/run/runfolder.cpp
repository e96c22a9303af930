#include "run/runfolder.h"

#include "common/atomicfile.h"
#include "common/error.h"
#include "run/metricscsv.h"

#include <cmath>
#include <iomanip>
#include <sstream>

namespace latentlab {
namespace fs = std::filesystem;

namespace {
std::string number(double value) {
  if (std::isnan(value)) return "";
  std::ostringstream out;
  out << std::setprecision(8) << value;
  return out.str();
}

double parseNumber(const std::string& text) {
  return text.empty() ? std::nan("") : std::stod(text);
}
}  // namespace

std::string metricsCsvHeader() {
  return "epoch,train_loss,val_loss,val_mse,val_bce,val_psnr,val_snr_db,val_ssim,seconds,images_per_s,lr,"
         "g_loss,d_loss,d_real,d_fake,fid,class_counts";
}

bool RunFolder::holdsRun() const {
  // Not config.json: a new run writes it first, so a folder holding only it is a run killed
  // before it began (nothing to keep), and spec.json is what makes a run.
  for (const auto& file : {specFile(), metricsFile(), checkpointFile(), bestFile()})
    if (fs::exists(file)) return true;
  return false;
}

void RunFolder::prepareNew() const {
  if (holdsRun())
    throw usageError(mPath.string() +
                     " already holds a run; continue it ({resume}), or choose another "
                     "folder ({out}) (nothing was changed)");
  std::error_code error;
  fs::create_directories(mPath / "samples", error);
  if (error) throw runtimeError("cannot create the run folder " + mPath.string() + ": " + error.message());
}

void RunFolder::checkResumable() const {
  for (const auto& file : {specFile(), configFile()})
    if (!fs::exists(file))
      throw inputError("cannot resume " + mPath.string() + ": " + file.filename().string() +
                       " is missing; start a new run instead");
  // Without a checkpoint only a run killed before its first epoch was committed can resume
  // (from epoch 1); files of finished epochs without it mean it was deleted.
  if (!fs::exists(checkpointFile()) && (fs::exists(metricsFile()) || fs::exists(bestFile())))
    throw inputError("cannot resume " + mPath.string() +
                     ": checkpoint.pt is missing although the run has finished epochs; restore it or start a new "
                     "run instead");
}

void RunFolder::writeSpec(const ModelSpec& spec) const {
  writeTextFileAtomically(specFile(), toJson(spec));
}

ModelSpec RunFolder::readSpec() const {
  try {
    return parseModelSpec(readTextFile(specFile()), specFile().string());
  } catch (const ModelSpecError& error) {
    throw inputError(error.what());
  }
}

void RunFolder::writeConfig(const TrainConfig& config) const {
  writeTextFileAtomically(configFile(), trainConfigToJson(config));
}

TrainConfig RunFolder::readConfig() const {
  return trainConfigFromJson(readTextFile(configFile()), configFile().string());
}

void RunFolder::writeMetrics(const std::vector<EpochStats>& rows) const {
  std::ostringstream out;
  out << metricsCsvHeader() << "\n";
  for (const auto& row : rows) {
    out << row.epoch << "," << number(row.trainLoss) << "," << number(row.validationLoss) << ","
        << number(row.validation.mse) << "," << number(row.validation.bce) << "," << number(row.validation.psnr) << ","
        << number(row.validation.snrDb) << "," << number(row.validation.ssim) << "," << number(row.seconds) << ","
        << number(row.imagesPerSecond) << "," << number(row.learningRate) << "," << number(row.gan.generatorLoss) << ","
        << number(row.gan.discriminatorLoss) << "," << number(row.gan.realScore) << "," << number(row.gan.fakeScore)
        << "," << number(row.fid) << ",";
    // One field: the counts separated by spaces (empty for an autoencoder).
    for (std::size_t i = 0; i < row.classCounts.size(); ++i) out << (i ? " " : "") << row.classCounts[i];
    out << "\n";
  }
  writeTextFileAtomically(metricsFile(), out.str());
}

void RunFolder::writeBatchLosses(const std::vector<BatchLoss>& rows) const {
  std::ostringstream out;
  // A GAN's rows also carry the discriminator's loss; an autoencoder's file keeps three columns.
  const bool gan = !rows.empty() && !std::isnan(rows.front().discriminatorLoss);
  out << (gan ? "epoch,step,loss,d_loss\n" : "epoch,step,loss\n");
  for (const auto& row : rows) {
    out << row.epoch << "," << row.step << "," << number(row.loss);
    if (gan) out << "," << number(row.discriminatorLoss);
    out << "\n";
  }
  writeTextFileAtomically(batchLossesFile(), out.str());
}

std::vector<BatchLoss> RunFolder::readBatchLosses() const {
  std::vector<BatchLoss> rows;
  if (!fs::exists(batchLossesFile())) return rows;
  std::istringstream in(readTextFile(batchLossesFile()));
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const bool gan = line == "epoch,step,loss,d_loss";
  if (line != "epoch,step,loss" && !gan)
    throw inputError(batchLossesFile().string() + " does not start with epoch,step,loss");
  int lineNumber = 1;
  while (std::getline(in, line)) {
    ++lineNumber;
    if (line.empty()) continue;
    BatchLoss row;
    char comma1 = 0, comma2 = 0;
    std::istringstream fields(line);
    std::string loss;
    if (!(fields >> row.epoch >> comma1 >> row.step >> comma2) || comma1 != ',' || comma2 != ',' ||
        !std::getline(fields, loss))
      throw inputError(batchLossesFile().string() + " line " + std::to_string(lineNumber) + " is not epoch,step,loss");
    try {
      if (gan) {
        const auto comma = loss.find(',');
        if (comma == std::string::npos) throw std::invalid_argument("no d_loss");
        row.discriminatorLoss = parseNumber(loss.substr(comma + 1));
        loss.resize(comma);
      }
      row.loss = parseNumber(loss);
    } catch (const std::exception&) {
      throw inputError(batchLossesFile().string() + " line " + std::to_string(lineNumber) + " has no loss number");
    }
    rows.push_back(row);
  }
  return rows;
}

std::vector<EpochStats> RunFolder::readMetrics() const {
  if (!fs::exists(metricsFile())) return {};
  return parseMetricsCsv(readTextFile(metricsFile()), metricsFile().string());
}

}  // namespace latentlab
