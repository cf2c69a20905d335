# The CMake package of an installed agentsim: <prefix>/lib/cmake/agentsim/ holds
#   agentsimConfig.cmake         finds the dependencies, then includes the target files
#   agentsimConfigVersion.cmake  0.x: only the same minor version is compatible
#   agentsimTargets.cmake        agentsim::model, ::sim, ::search, ::reports, ::scenarios,
#                                ::conform and the CLI agentsim::agentsim
#   agentsimTestingTargets.cmake agentsim::testing (needs GTest: loaded when GTest is found)
include(CMakePackageConfigHelpers)

set(AGENTSIM_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/agentsim)
install(EXPORT agentsimTargets NAMESPACE agentsim:: DESTINATION ${AGENTSIM_CMAKE_DIR})
if(TARGET agentsim_testing)
  install(EXPORT agentsimTestingTargets NAMESPACE agentsim:: DESTINATION ${AGENTSIM_CMAKE_DIR})
endif()
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/agentsimConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/agentsimConfig.cmake
                              INSTALL_DESTINATION ${AGENTSIM_CMAKE_DIR})
# Before 1.0 a minor version may change the API: 0.1.x accepts a request for 0.1, not 0.2.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/agentsimConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/agentsimConfig.cmake ${PROJECT_BINARY_DIR}/agentsimConfigVersion.cmake
        DESTINATION ${AGENTSIM_CMAKE_DIR})
