include(GNUInstallDirs)

# agentsim_layer(<name> <dir> DEPS <targets...>)
# One static library per architecture layer, from <dir>/src/*.cpp with public headers in
# <dir>/include. A layer whose sources have not been written yet is a header-only INTERFACE
# library, so the dependency graph stays the same while the project grows.
# The include directory is the source tree's only while building: an installed target points at
# <prefix>/include instead (agentsim_install_layer), so nothing installed reaches into a checkout.
function(agentsim_layer name dir)
  cmake_parse_arguments(L "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/src/*.cpp)
  set(includes $<BUILD_INTERFACE:${dir}/include> $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  if(sources)
    add_library(${name} STATIC ${sources})
    target_include_directories(${name} PUBLIC ${includes})
    target_link_libraries(${name} PUBLIC ${L_DEPS})
    agentsim_target_defaults(${name})
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${includes})
    target_link_libraries(${name} INTERFACE ${L_DEPS})
  endif()
endfunction()

# agentsim_install_layer(<target> <export name>)
# Installs a layer for `find_package(agentsim)` (cmake/agentsimConfig.cmake.in, docs/library.md):
# the library to <prefix>/lib, its public headers (<dir>/include/agentsim/...) to
# <prefix>/include/agentsim/..., and the target into the export set `agentsimTargets` as
# agentsim::<export name>. Only include/ is installed: a layer's src/*.h stay private, so no
# public header may include one (tests/library checks the installed tree).
function(agentsim_install_layer target export_name)
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${export_name})
  add_library(agentsim::${export_name} ALIAS ${target})
  install(TARGETS ${target} EXPORT agentsimTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
  install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
          FILES_MATCHING PATTERN "*.h" PATTERN "*.hpp")
endfunction()
