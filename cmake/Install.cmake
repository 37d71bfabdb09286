# Installs libfxpthread, its public header, fxrun, a pkg-config file and a
# CMake package, so both `pkg-config --libs fxpthread` and
# `find_package(fxpthread)` + `fxpthread::fxpthread` work.
include(CMakePackageConfigHelpers)

install(TARGETS fxpthread EXPORT fxpthreadTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(PROGRAMS ${CMAKE_CURRENT_BINARY_DIR}/fxrun DESTINATION ${CMAKE_INSTALL_BINDIR})

install(EXPORT fxpthreadTargets NAMESPACE fxpthread::
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/fxpthread)
configure_package_config_file(cmake/fxpthreadConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/fxpthreadConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/fxpthread)
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/fxpthreadConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/fxpthreadConfig.cmake
              ${CMAKE_CURRENT_BINARY_DIR}/fxpthreadConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/fxpthread)

# Paths relative to the .pc file, so `cmake --install --prefix P` works.
file(RELATIVE_PATH FX_PC_RELPREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(cmake/fxpthread.pc.in ${CMAKE_CURRENT_BINARY_DIR}/fxpthread.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/fxpthread.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
