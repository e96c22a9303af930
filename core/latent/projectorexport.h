#pragma once

#include "data/dataset.h"
#include "latent/datasetencoding.h"

#include <filesystem>
#include <string>
#include <vector>

namespace latentlab {

// index,label,z0,...,z{n-1}: a header and one row per encoded item (index into
// the dataset). Written atomically; throws an Error naming the file on failure.
void writeCodesCsv(const std::filesystem::path& file, const EncodedSet& codes);

// TensorBoard Embedding Projector files in `folder` (created when missing):
// tensors.tsv (one code per line), metadata.tsv (header "index\tlabel\tclass",
// one line per code), sprite.png (the images in a square grid at most 8,192
// pixels wide, shrunk to fit) and projector_config.pbtxt tying them together.
// Builds without OpenCV write no sprite and add a line to `warnings` (when given).
// Every file is written atomically.
void exportProjector(const std::filesystem::path& folder, const EncodedSet& codes, const Dataset& dataset,
                     const std::vector<std::string>& classNames, std::vector<std::string>* warnings = nullptr);

}  // namespace latentlab
