# Cross build for aarch64 Linux with Debian's cross toolchain
# (gcc-aarch64-linux-gnu, libc6-dev-arm64-cross).  Used by run.sh:
#
#   cmake -S . -B build-aarch64 \
#     -DCMAKE_TOOLCHAIN_FILE=conformance/aarch64/toolchain-aarch64.cmake \
#     -DFX_ARCH=aarch64 -DFX_BUILD_TESTS=OFF -DFX_BUILD_PERF=OFF
#
# FX_AARCH64_TRIPLE selects another prefix (e.g. aarch64-none-linux-gnu).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

if(NOT DEFINED FX_AARCH64_TRIPLE)
  set(FX_AARCH64_TRIPLE aarch64-linux-gnu)
endif()
set(CMAKE_C_COMPILER ${FX_AARCH64_TRIPLE}-gcc)
# The project enables C++ (for its test suites); the library itself is C.
# Use the cross g++ when it is installed.  Without it CMake identifies the
# host's c++, which is harmless as long as no C++ target is built: run.sh
# builds the fxpthread target only, with tests and benchmarks off.
find_program(FX_AARCH64_CXX ${FX_AARCH64_TRIPLE}-g++)
if(FX_AARCH64_CXX)
  set(CMAKE_CXX_COMPILER ${FX_AARCH64_CXX})
endif()

set(CMAKE_FIND_ROOT_PATH /usr/${FX_AARCH64_TRIPLE})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# Programs built by the project cannot run here; this tells CMake how.
set(CMAKE_CROSSCOMPILING_EMULATOR qemu-aarch64 -L /usr/${FX_AARCH64_TRIPLE})
