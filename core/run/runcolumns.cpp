#include "run/runcolumns.h"

#include <cmath>
#include <ctime>
#include <iomanip>
#include <sstream>

namespace latentlab {

namespace {
constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

std::string significant(double value, int digits) {
  if (!std::isfinite(value)) return {};
  std::ostringstream out;
  out << std::setprecision(digits) << value;
  return out.str();
}

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return {};
  std::ostringstream out;
  out << std::fixed << std::setprecision(decimals) << value;
  return out.str();
}

std::string localDate(double unixSeconds) {
  if (unixSeconds <= 0) return {};
  const std::time_t time = static_cast<std::time_t>(unixSeconds);
  std::tm local{};
  localtime_r(&time, &local);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%d %H:%M", &local);
  return text;
}

std::string duration(double seconds) {
  if (!std::isfinite(seconds) || seconds <= 0) return {};
  if (seconds < 10) return fixed(seconds, 1) + " s";
  const long long whole = std::llround(seconds);
  if (whole < 60) return std::to_string(whole) + " s";
  if (whole < 3600) return std::to_string(whole / 60) + " min " + std::to_string(whole % 60) + " s";
  return std::to_string(whole / 3600) + " h " + std::to_string((whole % 3600) / 60) + " min";
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

RunValue text(std::string value) {
  return {std::move(value), kNan};
}
RunValue num(double value, std::string shown) {
  return {std::move(shown), std::isfinite(value) ? value : kNan};
}
RunValue count(long long value, bool known = true) {
  return known ? RunValue{std::to_string(value), double(value)} : RunValue{{}, kNan};
}
}  // namespace

const std::vector<RunColumn>& runColumns() {
  using G = RunColumnGroup;
  static const std::vector<RunColumn> columns = {
      {"name", "Name", G::Identity, false, "The run's display name (its folder's name unless renamed)"},
      {"status", "Status", G::Identity, false,
       "finished, stopped (by the user or killed), diverged, running, incomplete (no finished epoch) or broken"},
      {"date", "Date", G::Identity, true, "When the run was started"},
      {"sweep", "Sweep", G::Identity, false, "The sweep folder the run belongs to"},
      {"tags", "Tags", G::Identity, false, "Your tags"},
      {"dataset", "Dataset", G::Setting, false, "The dataset it was trained on"},
      {"model", "Model", G::Setting, false, "The preset or spec name"},
      {"kind", "Kind", G::Setting, false, "Autoencoder, denoising autoencoder, VAE or colorization"},
      {"params", "Parameters", G::Setting, true, "Trainable parameters"},
      {"latent", "Latent", G::Setting, true, "Latent size (0: the code is the encoder's feature map)"},
      {"loss", "Loss", G::Setting, false, "Reconstruction loss"},
      {"optimizer", "Optimizer", G::Setting, false, "Optimizer"},
      {"lr", "Learning rate", G::Setting, true, "Learning rate"},
      {"weight_decay", "Weight decay", G::Setting, true, "Weight decay"},
      {"batch", "Batch", G::Setting, true, "Batch size"},
      {"corruption", "Corruption", G::Setting, false, "Input corruption (denoising training)"},
      {"beta", "β", G::Setting, true, "VAE: weight of the KL term"},
      {"dropout", "Dropout", G::Setting, true, "Dropout probability"},
      {"batch_norm", "Batch norm", G::Setting, false, "Batch normalisation after each layer"},
      {"seed", "Seed", G::Setting, true, "Random seed (split, initial weights, batches)"},
      {"epochs", "Epochs", G::Setting, true, "Epochs planned"},
      {"epochs_done", "Epochs done", G::Result, true, "Epochs finished"},
      {"best_epoch", "Best epoch", G::Result, true, "The epoch with the lowest validation loss (best.pt)"},
      {"best_val_loss", "Best val loss", G::Result, true, "Lowest validation loss"},
      {"last_val_loss", "Last val loss", G::Result, true, "Validation loss of the last epoch"},
      {"psnr", "PSNR", G::Result, true, "Validation PSNR (dB) at the best epoch"},
      {"ssim", "SSIM", G::Result, true, "Validation SSIM at the best epoch"},
      {"probe_accuracy", "Probe acc.", G::Result, true, "Linear probe accuracy on the codes, when measured"},
      {"train_seconds", "Training time", G::Result, true, "Time spent training (pauses excluded)"},
      {"images_per_s", "Images/s", G::Result, true, "Mean training throughput"},
  };
  return columns;
}

const RunColumn* findRunColumn(const std::string& key) {
  for (const auto& column : runColumns())
    if (column.key == key) return &column;
  return nullptr;
}

RunValue runValue(const RunSummary& run, const std::string& key) {
  const bool hasConfig = run.epochsPlanned > 0;
  if (key == "name") return text(run.name());
  if (key == "status") return text(runStateName(run.state));
  if (key == "date") return num(run.createdAt, localDate(run.createdAt));
  if (key == "sweep") return text(run.sweep);
  if (key == "tags") return text(joined(run.annotations.tags));
  if (key == "dataset") return text(run.dataset);
  if (key == "model") return text(run.model);
  if (key == "kind") return text(run.kind);
  if (key == "params") return count(run.parameters, run.parameters > 0);
  if (key == "latent") return count(run.latent, !run.model.empty());
  if (key == "loss") return text(run.loss);
  if (key == "optimizer") return text(run.optimizer);
  if (key == "lr") return hasConfig ? num(run.learningRate, significant(run.learningRate, 6)) : text({});
  if (key == "weight_decay") return hasConfig ? num(run.weightDecay, significant(run.weightDecay, 6)) : text({});
  if (key == "batch") return count(run.batchSize, hasConfig);
  if (key == "corruption") return text(run.corruption);
  if (key == "beta") return num(run.beta, significant(run.beta, 6));
  if (key == "dropout") return run.model.empty() ? text({}) : num(run.dropout, significant(run.dropout, 4));
  if (key == "batch_norm") return text(run.model.empty() ? "" : run.batchNorm ? "yes" : "no");
  if (key == "seed") return count(static_cast<long long>(run.seed), hasConfig);
  if (key == "epochs") return count(run.epochsPlanned, hasConfig);
  if (key == "epochs_done") return count(run.epochsDone, run.state != RunState::Broken);
  if (key == "best_epoch") return count(run.bestEpoch, run.bestEpoch > 0);
  if (key == "best_val_loss") return num(run.bestValidationLoss, significant(run.bestValidationLoss, 5));
  if (key == "last_val_loss") return num(run.lastValidationLoss, significant(run.lastValidationLoss, 5));
  if (key == "psnr") return num(run.psnr, fixed(run.psnr, 2));
  if (key == "ssim") return num(run.ssim, fixed(run.ssim, 3));
  if (key == "probe_accuracy")
    return num(run.probeAccuracy, fixed(run.probeAccuracy * 100.0, 1) + (std::isfinite(run.probeAccuracy) ? " %" : ""));
  if (key == "train_seconds") return num(run.trainingSeconds, duration(run.trainingSeconds));
  if (key == "images_per_s") return num(run.imagesPerSecond, fixed(run.imagesPerSecond, 0));
  return text({});
}

}  // namespace latentlab
