// Built by ctest (ui.build_accepts_ui_headers): a UI source with UI and core headers compiles.
#include "common/asyncjob.h"
#include "latent/latentpanel.h"

int uiHeaderProbe() {
  return int(sizeof(latentlab::LatentMapState));
}
