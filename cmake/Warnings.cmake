# One interface target carries the project's warning and sanitizer flags.
add_library(latentlab_warnings INTERFACE)
add_library(LatentLab::Warnings ALIAS latentlab_warnings)
target_compile_options(latentlab_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wno-unused-parameter)
# CI builds with warnings as errors (scripts/test.sh); a local build may turn it off.
option(LATENTLAB_WERROR "Treat compiler warnings as errors" OFF)
if(LATENTLAB_WERROR)
  target_compile_options(latentlab_warnings INTERFACE -Werror)
endif()
# Qt's `slots`/`signals` keywords clash with LibTorch identifiers.
target_compile_definitions(latentlab_warnings INTERFACE QT_NO_KEYWORDS)

# ASan + UBSan (scripts/sanitize.sh builds build-asan/ with it; suppressions: tools/sanitizers/).
# float-cast-overflow is not part of GCC's `undefined`; every UBSan finding aborts the test.
if(LATENTLAB_SANITIZE)
  set(LATENTLAB_SANITIZER_FLAGS -fsanitize=address,undefined,float-cast-overflow
                                -fno-sanitize-recover=undefined,float-cast-overflow)
  target_compile_options(latentlab_warnings INTERFACE ${LATENTLAB_SANITIZER_FLAGS} -fno-omit-frame-pointer)
  target_link_options(latentlab_warnings INTERFACE ${LATENTLAB_SANITIZER_FLAGS})
endif()
