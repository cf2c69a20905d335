#!/usr/bin/env bash
# Installs a built agentsim into a fresh prefix and builds and tests examples/custom-strategy
# against it, out of tree — what a team does with `find_package(agentsim)` (docs/library.md).
# Usage: scripts/test-install.sh [BUILD_DIR]   (default: build; it must be built already)
# Exits non-zero when the install, an installed header, the example's configure, build or tests
# fail, or when anything could reach into this checkout instead of the prefix.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd -P)
build_dir=${1:-build}
[ -f "$build_dir/CMakeCache.txt" ] || { echo "test-install: $build_dir is not a configured build directory (run scripts/build.sh)" >&2; exit 2; }
build=$(cd "$build_dir" && pwd -P)

work=$(mktemp -d "${TMPDIR:-/tmp}/agentsim-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "test-install: FAIL: $*" >&2; exit 1; }

echo "test-install: cmake --install $build_dir --prefix $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log" >&2; fail "cmake --install"; }
for f in bin/agentsim lib/cmake/agentsim/agentsimConfig.cmake lib/cmake/agentsim/agentsimConfigVersion.cmake \
         lib/cmake/agentsim/agentsimTargets.cmake lib/cmake/agentsim/agentsimTestingTargets.cmake \
         include/agentsim/testing/gtest.h include/agentsim/sim/scenario.h; do
  [ -e "$prefix/$f" ] || fail "the install has no $f"
done

# Nothing installed may name the checkout or the build tree (an include path, a library).
if grep -rlF -e "$src/" -e "$build/" "$prefix/lib/cmake" "$prefix/include" >"$work/leaks.txt"; then
  fail "installed files name the source or build tree: $(tr '\n' ' ' <"$work/leaks.txt")"
fi
# Every installed header includes only installed agentsim headers (or system ones), and all of
# them compile together with the prefix as the only agentsim include directory.
(cd "$prefix/include" && grep -rhoE '^#include "[^"]+"' agentsim | sed 's/#include "\(.*\)"/\1/' | sort -u) >"$work/includes.txt"
while read -r inc; do
  [ -f "$prefix/include/$inc" ] || fail "an installed header includes \"$inc\", which is not installed"
done <"$work/includes.txt"
(cd "$prefix/include" && find agentsim -name '*.h' | sort | sed 's/.*/#include "&"/') >"$work/all_headers.cpp"
"${CXX:-c++}" -std=c++17 -fsyntax-only -I"$prefix/include" "$work/all_headers.cpp" || fail "the installed headers do not compile on their own"

# The example, copied out of the tree, configured with the prefix alone: no package registry.
cp -r examples/custom-strategy "$work/example"
echo "test-install: configuring and building examples/custom-strategy against $prefix"
cmake -S "$work/example" -B "$work/example-build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >"$work/configure.log" \
  || { cat "$work/configure.log" >&2; fail "the example's configure"; }
found=$(sed -n 's/^agentsim_DIR:PATH=//p' "$work/example-build/CMakeCache.txt")
[ "$found" = "$prefix/lib/cmake/agentsim" ] || fail "the example found agentsim at '$found', not in the prefix"
if grep -qF -e "$src/" -e "$build/" "$work/example-build/compile_commands.json"; then
  fail "the example's compile commands name the checkout or its build tree"
fi
cmake --build "$work/example-build" -j2 >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; fail "the example's build"; }
ctest --test-dir "$work/example-build" --output-on-failure -j2 || fail "the example's tests"
# The installed CLI reads the example's scenarios.
"$prefix/bin/agentsim" validate "$work/example/checkout.yaml" >/dev/null || fail "the installed agentsim cannot validate the example"
echo "test-install: OK — installed, the headers compile alone, examples/custom-strategy builds and passes against the prefix"
