# `cpack -G DEB` in the build folder makes a Debian package of the installed programs.
set(CPACK_PACKAGE_NAME latentlab)
set(CPACK_PACKAGE_VENDOR "LatentLab")
set(CPACK_PACKAGE_CONTACT "LatentLab developers <latentlab@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_GENERATOR DEB)
include(CPack)

# Desktop integration for the GUI: launcher, AppStream metadata and the icon.
if(LATENTLAB_BUILD_GUI)
  install(FILES ${CMAKE_SOURCE_DIR}/packaging/latentlab.desktop DESTINATION share/applications)
  install(FILES ${CMAKE_SOURCE_DIR}/packaging/latentlab.metainfo.xml DESTINATION share/metainfo)
  install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/latentlab.svg DESTINATION share/icons/hicolor/scalable/apps)
endif()
