#pragma once

// The lab report's sections for a GAN run (seed 002's experiment): losses of both networks,
// the discriminator's scores, the domain FID per epoch, the class histogram (mode collapse as
// bars), the sample film and fresh samples. writeRunReport adds them in place of the
// autoencoder's sections. Torch-free.

#include "jobs/jobcontext.h"
#include "report/reportoutput.h"
#include "train/trainingevents.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace latentlab {

void addGanSections(ReportBuilder& w, const std::filesystem::path& runDir, const std::vector<EpochStats>& metrics,
                    const std::string& metricsProblem, std::uint64_t seed, const JobContext& job);

}  // namespace latentlab
