#pragma once

// Checks a zip archive's own CRC-32 of every entry. Checkpoints of LatentLab before format 2
// are LibTorch archives (zip files holding TorchScript code and tensors); LibTorch reads them
// without checking those CRCs and can crash on a changed byte, so a legacy checkpoint is
// verified here before LibTorch sees it. Torch-free.

#include <optional>
#include <string>

namespace latentlab {

// True when the bytes start like a zip archive (a local file header).
bool looksLikeZipArchive(const std::string& bytes);

// Nothing when every entry's data matches the CRC-32 and sizes in the central directory;
// else what is wrong ("entry archive/data/3 fails its checksum"), in a few words.
std::optional<std::string> whyZipArchiveIsDamaged(const std::string& bytes);

}  // namespace latentlab
