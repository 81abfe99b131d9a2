# Finds libclang, Clang's stable C interface, from any LLVM >= 14 (Debian 12
# ships LLVM 14 as libclang-dev; newer Debian releases and apt.llvm.org
# install /usr/lib/llvm-N side by side, and the newest one found wins).
#
# Set LIBCLANG_ROOT to an LLVM prefix (the directory holding include/clang-c
# and lib/libclang.so) to choose one; otherwise llvm-config and the
# /usr/lib/llvm-N directories are searched.
#
# Defines the imported target LibClang::LibClang and LIBCLANG_LLVM_VERSION.
set(_libclang_hints "")
if(LIBCLANG_ROOT)
  list(APPEND _libclang_hints ${LIBCLANG_ROOT})
endif()
foreach(_v 22 21 20 19 18 17 16 15 14)
  list(APPEND _libclang_hints /usr/lib/llvm-${_v} /usr/local/opt/llvm@${_v})
endforeach()
find_program(LIBCLANG_LLVM_CONFIG NAMES llvm-config)
if(LIBCLANG_LLVM_CONFIG AND NOT LIBCLANG_ROOT)
  execute_process(COMMAND ${LIBCLANG_LLVM_CONFIG} --prefix OUTPUT_VARIABLE _llvm_prefix
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(_llvm_prefix)
    list(APPEND _libclang_hints ${_llvm_prefix})
  endif()
endif()

find_path(LIBCLANG_INCLUDE_DIR clang-c/Index.h HINTS ${_libclang_hints} PATH_SUFFIXES include NO_DEFAULT_PATH)
find_path(LIBCLANG_INCLUDE_DIR clang-c/Index.h)
get_filename_component(_libclang_prefix ${LIBCLANG_INCLUDE_DIR} DIRECTORY)
find_library(LIBCLANG_LIBRARY NAMES clang libclang HINTS ${_libclang_prefix} PATH_SUFFIXES lib NO_DEFAULT_PATH)
find_library(LIBCLANG_LIBRARY NAMES clang libclang HINTS ${_libclang_hints} PATH_SUFFIXES lib)

if(NOT LIBCLANG_INCLUDE_DIR OR NOT LIBCLANG_LIBRARY)
  message(FATAL_ERROR "libclang (LLVM >= 14) not found: run scripts/bootstrap (apt-get install libclang-dev), "
                      "or set LIBCLANG_ROOT to an LLVM prefix")
endif()

# The C API version says which libclang functions exist; LLVM 14 is 0.62.
file(STRINGS ${LIBCLANG_INCLUDE_DIR}/clang-c/Index.h _cindex_minor REGEX "^#define CINDEX_VERSION_MINOR [0-9]+")
string(REGEX REPLACE ".* ([0-9]+)$" "\\1" LIBCLANG_CINDEX_MINOR "${_cindex_minor}")
if(LIBCLANG_CINDEX_MINOR LESS 62)
  message(FATAL_ERROR "libclang at ${LIBCLANG_LIBRARY} has C API 0.${LIBCLANG_CINDEX_MINOR}; LLVM 14 (0.62) or newer is needed")
endif()

# The LLVM release, for the configure log: from the library's versioned file
# name (libclang-14.so.14.0.6, libclang-14.0.6.so), else from the llvm-N directory.
get_filename_component(_libclang_real ${LIBCLANG_LIBRARY} REALPATH)
set(LIBCLANG_LLVM_VERSION "")
if(_libclang_real MATCHES "\\.so\\.([0-9]+\\.[0-9]+\\.[0-9]+)$")
  set(LIBCLANG_LLVM_VERSION ${CMAKE_MATCH_1})
elseif(_libclang_real MATCHES "libclang-([0-9]+(\\.[0-9]+)*)\\.so")
  set(LIBCLANG_LLVM_VERSION ${CMAKE_MATCH_1})
elseif(_libclang_real MATCHES "llvm-([0-9]+)/")
  set(LIBCLANG_LLVM_VERSION ${CMAKE_MATCH_1})
endif()
string(REGEX MATCH "^[0-9]+" _llvm_major "${LIBCLANG_LLVM_VERSION}")
if(_llvm_major AND _llvm_major LESS 14)
  message(FATAL_ERROR "libclang at ${LIBCLANG_LIBRARY} is LLVM ${LIBCLANG_LLVM_VERSION}; LLVM 14 or newer is needed")
endif()
message(STATUS "libclang: LLVM ${LIBCLANG_LLVM_VERSION} (C API 0.${LIBCLANG_CINDEX_MINOR}), ${LIBCLANG_LIBRARY}")

# The SONAME the C front end dlopens on first use (src/frontend/c/c_libclang.c),
# the name the dynamic linker would look for had txlint been linked with it;
# without objdump's answer, the file name found here.
get_filename_component(LIBCLANG_LIBRARY_DIR ${_libclang_real} DIRECTORY)
get_filename_component(LIBCLANG_SONAME ${LIBCLANG_LIBRARY} NAME)
find_program(LIBCLANG_OBJDUMP NAMES objdump llvm-objdump HINTS ${CMAKE_OBJDUMP})
if(LIBCLANG_OBJDUMP)
  execute_process(COMMAND ${LIBCLANG_OBJDUMP} -p ${_libclang_real} OUTPUT_VARIABLE _libclang_dyn ERROR_QUIET)
  if(_libclang_dyn MATCHES "SONAME +([^ \n]+)")
    set(LIBCLANG_SONAME ${CMAKE_MATCH_1})
  endif()
endif()
message(STATUS "libclang: loaded at run time as ${LIBCLANG_SONAME}")

add_library(LibClang::LibClang UNKNOWN IMPORTED)
set_target_properties(LibClang::LibClang PROPERTIES IMPORTED_LOCATION ${LIBCLANG_LIBRARY}
                      INTERFACE_INCLUDE_DIRECTORIES ${LIBCLANG_INCLUDE_DIR})
