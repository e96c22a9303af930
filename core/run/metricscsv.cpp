#include "run/metricscsv.h"

#include "common/error.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace latentlab {

namespace {
// Files written before GANs end at lr: the later columns read as not measured.
const char* const kColumns[] = {"epoch",      "train_loss", "val_loss", "val_mse",      "val_bce", "val_psnr",
                                "val_snr_db", "val_ssim",   "seconds",  "images_per_s", "lr",      "g_loss",
                                "d_loss",     "d_real",     "d_fake",   "fid"};
constexpr std::size_t kColumnCount = sizeof(kColumns) / sizeof(kColumns[0]);

// The whole field must be the number: "0.5x" or "3 4" are refused, not read as a prefix.
// Empty means not measured (NaN), as writeMetrics writes it.
bool parseNumberField(const std::string& text, double& value) {
  if (text.empty()) {
    value = std::nan("");
    return true;
  }
  if (std::isspace(static_cast<unsigned char>(text[0]))) return false;
  char* end = nullptr;
  value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// "12 0 7": whole counts separated by single spaces; empty for an autoencoder.
bool parseClassCounts(const std::string& text, std::vector<std::int64_t>& counts) {
  counts.clear();
  if (text.empty()) return true;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    const std::string field = text.substr(start, end - start);
    if (field.empty() || field.size() > 12 || field.find_first_not_of("0123456789") != std::string::npos) return false;
    counts.push_back(std::stoll(field));
    if (counts.size() > 100000) return false;
    start = end + 1;
  }
  return true;
}

bool parseEpoch(const std::string& text, int& epoch) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  epoch = std::stoi(text);
  return epoch >= 1 && epoch <= kMaxMetricsEpoch;
}
}  // namespace

std::vector<EpochStats> parseMetricsCsv(const std::string& text, const std::string& source) {
  std::vector<EpochStats> rows;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  if (line.rfind("epoch,train_loss,val_loss", 0) != 0)
    throw inputError(source + " does not start with the header epoch,train_loss,val_loss,...");
  int lineNumber = 1;
  while (std::getline(in, line)) {
    ++lineNumber;
    if (!line.empty() && line.back() == '\r') line.pop_back();  // a file saved with Windows line ends
    if (line.empty()) continue;
    const std::string where = source + " line " + std::to_string(lineNumber);
    std::vector<std::string> cells;
    std::istringstream fields(line);
    for (std::string cell; std::getline(fields, cell, ',');) cells.push_back(cell);
    while (cells.size() < kColumnCount + 1) cells.emplace_back();

    EpochStats row;
    if (!parseEpoch(cells[0], row.epoch))
      throw inputError(where + ": the epoch must be a whole number from 1 to " + std::to_string(kMaxMetricsEpoch) +
                       ", not '" + cells[0] + "'; fix or delete the line");
    if (!rows.empty() && row.epoch <= rows.back().epoch)
      throw inputError(where + ": epoch " + std::to_string(row.epoch) +
                       (row.epoch == rows.back().epoch ? " appears twice"
                                                       : " comes after epoch " + std::to_string(rows.back().epoch)) +
                       "; each epoch must have one row, in order: delete the wrong line");
    double* const targets[] = {&row.trainLoss,       &row.validationLoss,    &row.validation.mse,
                               &row.validation.bce,  &row.validation.psnr,   &row.validation.snrDb,
                               &row.validation.ssim, &row.seconds,           &row.imagesPerSecond,
                               &row.learningRate,    &row.gan.generatorLoss, &row.gan.discriminatorLoss,
                               &row.gan.realScore,   &row.gan.fakeScore,     &row.fid};
    for (std::size_t column = 1; column < kColumnCount; ++column)
      if (!parseNumberField(cells[column], *targets[column - 1]))
        throw inputError(where + ": " + kColumns[column] + " is not a number: '" + cells[column] +
                         "'; fix or delete the line");
    if (!parseClassCounts(cells[kColumnCount], row.classCounts))
      throw inputError(where + ": class_counts must be whole numbers separated by single spaces, not '" +
                       cells[kColumnCount] + "'; fix or delete the line");
    rows.push_back(row);
  }
  return rows;
}

}  // namespace latentlab
