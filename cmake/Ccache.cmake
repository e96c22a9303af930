# Use ccache when it is installed: torch-heavy translation units take ~20 s each here.
# The settings travel with the launcher (a configure-time set(ENV) would not reach the build):
# the base dir lets separate build folders of one checkout share hits, and the sloppiness
# lets precompiled headers hit despite their timestamps.
find_program(LATENTLAB_CCACHE ccache)
if(LATENTLAB_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${CMAKE_SOURCE_DIR}
      "CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime"
      ${LATENTLAB_CCACHE})
endif()
