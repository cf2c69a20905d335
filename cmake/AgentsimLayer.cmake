# agentsim_layer(<name> <dir> DEPS <targets...>)
# One static library per architecture layer, from <dir>/src/*.cpp with public headers in
# <dir>/include. A layer whose sources have not been written yet is a header-only INTERFACE
# library, so the dependency graph stays the same while the project grows.
function(agentsim_layer name dir)
  cmake_parse_arguments(L "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/src/*.cpp)
  if(sources)
    add_library(${name} STATIC ${sources})
    target_include_directories(${name} PUBLIC ${dir}/include)
    target_link_libraries(${name} PUBLIC ${L_DEPS})
    agentsim_target_defaults(${name})
  else()
    add_library(${name} INTERFACE)
    target_include_directories(${name} INTERFACE ${dir}/include)
    target_link_libraries(${name} INTERFACE ${L_DEPS})
  endif()
endfunction()
