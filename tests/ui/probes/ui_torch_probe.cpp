// Built by ctest (ui.build_rejects_torch_headers_in_ui): must NOT compile. The UI
// library does not see LibTorch's include directories, so this include fails.
#include "common/asyncjob.h"

#include <torch/torch.h>

int uiTorchProbe() {
  return int(torch::ones({1}).numel());
}
