#include "common/resources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used from the global namespace.
static void registerLatentLabResources() {
  Q_INIT_RESOURCE(latentlab);
}

namespace latentlab {
void initUiResources() {
  static const bool registered = (registerLatentLabResources(), true);
  (void)registered;
}
}  // namespace latentlab
