#pragma once

#include "data/dataset.h"

#include <filesystem>

namespace latentlab {

// Image folders: one sub-folder per class, any image format OpenCV reads, any size.
struct ImageFolderOptions {
  int size = 0;      // square side the images are resized to; 0 = the images' own size if they share one, else 64
  int channels = 0;  // 1 or 3; 0 = 1 when every image is grayscale, else 3
};

// True when this build can decode images (OpenCV was found).
bool imageFoldersSupported();

// True when the folder has at least one sub-folder holding an image file.
bool looksLikeImageFolder(const std::filesystem::path& folder);

// Classes are the sub-folder names in sorted order. Unreadable files are skipped and
// counted in one warning naming the first; a folder with no readable image is an error.
Dataset loadImageFolder(const std::filesystem::path& folder, const std::string& name, const ImageFolderOptions& options,
                        std::vector<std::string>* warnings = nullptr);

}  // namespace latentlab
