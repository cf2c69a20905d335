// The files of scenarios/default/, compiled into the library by a generated source file
// (scenarios/embed_files.cmake), so the default suite needs no checkout.
#pragma once

#include <cstddef>

namespace agentsim::scenarios::detail {

struct EmbeddedFile {
  const char* name;           // the file name, e.g. "01-strategies.yaml"
  const unsigned char* data;  // its bytes
  std::size_t size;
};

// In name order; kEmbeddedDefaultSuiteCount entries (the array has one more, a null sentinel).
extern const EmbeddedFile kEmbeddedDefaultSuite[];
extern const std::size_t kEmbeddedDefaultSuiteCount;

}  // namespace agentsim::scenarios::detail
