#pragma once

#include "data/dataset.h"

#include <filesystem>

namespace latentlab {

// CIFAR-10 "binary version": records of 1 label byte + 3072 pixel bytes (R, G, B planes).

// Reads one batch file; throws if its size is not a whole number of records.
Dataset readCifarBatch(const std::filesystem::path& path);

// True when the folder holds data_batch_*.bin or test_batch.bin.
bool looksLikeCifarFolder(const std::filesystem::path& folder);

// Loads data_batch_1..5 then test_batch; class names from batches.meta.txt when present.
Dataset loadCifarFolder(const std::filesystem::path& folder, const std::string& name);

}  // namespace latentlab
