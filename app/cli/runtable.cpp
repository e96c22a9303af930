#include "runtable.h"

#include "common/settingtext.h"

#include <algorithm>
#include <cmath>

namespace latentlab::cli {

nlohmann::json runToJson(const RunSummary& run) {
  nlohmann::json object{{"path", run.path.string()}};
  for (const auto& column : runColumns()) {
    const RunValue value = runValue(run, column.key);
    if (column.key == "date") {
      object["date"] = value.text.empty() ? nlohmann::json(nullptr) : nlohmann::json(value.text);
      continue;
    }
    if (column.key == "tags") {
      object["tags"] = run.annotations.tags;
      continue;
    }
    if (column.numeric)
      object[column.key] = std::isfinite(value.number) ? nlohmann::json(value.number) : nlohmann::json(nullptr);
    else
      object[column.key] = value.text.empty() ? nlohmann::json(nullptr) : nlohmann::json(value.text);
  }
  // Counts as integers, not 12.0.
  for (const char* key : {"params", "latent", "batch", "seed", "epochs", "epochs_done", "best_epoch"})
    if (object[key].is_number()) object[key] = std::llround(object[key].get<double>());
  object["batch_norm"] = run.model.empty() ? nlohmann::json(nullptr) : nlohmann::json(run.batchNorm);
  object["folder"] = run.folderName;
  if (!run.annotations.note.empty()) object["note"] = run.annotations.note;
  if (!run.reason.empty()) object["reason"] = renderForCli(run.reason);
  return object;
}

std::string formatRunTable(const std::vector<std::vector<std::string>>& rows, const std::vector<std::string>& header) {
  std::vector<std::size_t> widths(header.size());
  for (std::size_t c = 0; c < header.size(); ++c) widths[c] = header[c].size();
  for (const auto& row : rows)
    for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      out += cells[c];
      if (c + 1 < cells.size()) out += std::string(widths[c] - cells[c].size() + 2, ' ');
    }
    return out + "\n";
  };
  std::string out = line(header);
  for (const auto& row : rows) out += line(row);
  return out;
}

}  // namespace latentlab::cli
