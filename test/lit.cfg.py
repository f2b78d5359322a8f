# -*- Python -*-
# lit configuration for BodySanitizer. Substitutions:
#   %plugin           the pass plugin (build/lib/BodySanitizer.so)
#   %opt_bodysan      opt with the plugin loaded (add -passes=bodysan)
#   %clang_bodysan    build/bin/bodysan-clang   (C, instrumented, runtime linked)
#   %clangxx_bodysan  build/bin/bodysan-clang++ (C++)
#   %clang, %clangxx  plain clang of the same LLVM
#   %bodysan_inc      -I flag for the public and ABI headers
#   %bodysan_rt       the shared runtime, %bodysan_rt_static the static one
#   %env_bodysan_opts=VALUE  sets BODYSAN_OPTIONS for the command that follows
#   %run              runs a test program (empty on the host)
#   %soup             cflags and libs of libsoup-3.0 (feature: libsoup)
#   %neon             cflags and libs of neon (feature: neon)
#   %curl             cflags and libs of libcurl (feature: libcurl)
#   %with_server      test/Inputs/with_server.py: starts a loopback HTTP server,
#                     runs the command with BODYSAN_TEST_URL set, prints what
#                     the server saw
import os
import shlex
import shutil
import subprocess

import lit.formats
import lit.util

config.name = "BodySanitizer"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".ll", ".c", ".cpp", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.bodysan_obj_root, "test")

# FileCheck, not, count come from the LLVM tools directory.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
# Keep the user's options out of the tests.
for var in ("BODYSAN_OPTIONS", "BODYSAN_SPEC", "BODYSAN_CC", "ASAN_OPTIONS", "LSAN_OPTIONS"):
    config.environment.pop(var, None)
# The symbolizer of this LLVM, so stacks have file:line:col.
symbolizer = os.path.join(config.llvm_tools_dir, "llvm-symbolizer")
if os.path.exists(symbolizer):
    config.environment["BODYSAN_SYMBOLIZER_PATH"] = symbolizer

obj = config.bodysan_obj_root
plugin = os.path.join(obj, "lib", "BodySanitizer.so")
config.substitutions.append(("%plugin", plugin))
config.substitutions.append(("%bodysan_obj", obj))
config.substitutions.append(("%opt_bodysan", "%s -load-pass-plugin=%s" % (config.opt, plugin)))
config.substitutions.append(("%clangxx_bodysan", os.path.join(obj, "bin", "bodysan-clang++")))
config.substitutions.append(("%clang_bodysan", os.path.join(obj, "bin", "bodysan-clang")))
config.substitutions.append(("%clangxx", config.clangxx))
config.substitutions.append(("%clang", config.clang))
config.substitutions.append(("%bodysan_inc", "-I" + os.path.join(config.bodysan_src_root, "include")))
config.substitutions.append(("%bodysan_rt_static", os.path.join(obj, "lib", "libbodysan_rt.a")))
config.substitutions.append(("%bodysan_rt_so", os.path.join(obj, "lib", "libbodysan_rt.so")))
# The shared runtime has the soname libbodysan_rt.so: link it with an rpath.
config.substitutions.append(("%bodysan_rt", "%s -Wl,-rpath,%s" % (
    os.path.join(obj, "lib", "libbodysan_rt.so"), os.path.join(obj, "lib"))))
config.substitutions.append(("%env_bodysan_opts=", "env BODYSAN_OPTIONS="))
config.substitutions.append(("%run", ""))
config.substitutions.append(("%python", config.python))
config.substitutions.append(
    ("%with_server", "%s %s" % (config.python,
                                os.path.join(config.bodysan_src_root, "test", "Inputs", "with_server.py"))))


def pkg_config(name):
    try:
        out = subprocess.check_output(["pkg-config", "--cflags", "--libs", name],
                                      stderr=subprocess.DEVNULL)
        return out.decode().strip()
    except (OSError, subprocess.CalledProcessError):
        return None


soup = pkg_config("libsoup-3.0")
if soup is not None:
    config.available_features.add("libsoup")
    config.substitutions.append(("%soup", soup))

neon = pkg_config("neon")
if neon is not None:
    config.available_features.add("neon")
    config.substitutions.append(("%neon", neon))

curl = pkg_config("libcurl")
if curl is not None:
    config.available_features.add("libcurl")
    config.substitutions.append(("%curl", curl))

# Debian's default clang (14) loads LLVM 19 plugins only to be refused by them.
if shutil.which("clang-14"):
    config.available_features.add("clang14")

# lld of this LLVM, for the ThinLTO link test.
if os.path.exists(os.path.join(config.llvm_tools_dir, "ld.lld")):
    config.available_features.add("lld")

# Per-test checks (test/pertest/): GoogleTest and the listener library.
#   %gtest_libs     GoogleTest's own libraries (Debian's libgtest-dev, static)
#   %bodysan_gtest  build/lib/libbodysan_gtest.a with the anchor that registers
#                   its listener; put it before %gtest_libs
# Feature `gtest`: GoogleTest is installed (then CMake builds the library).
if (os.path.exists("/usr/include/gtest/gtest.h") and
        any(os.path.exists(os.path.join(d, "libgtest.a"))
            for d in ("/usr/lib/x86_64-linux-gnu", "/usr/lib", "/usr/local/lib"))):
    config.available_features.add("gtest")
config.substitutions.append(("%gtest_libs", "-lgtest -pthread"))
config.substitutions.append(("%bodysan_gtest", "%s -Wl,--undefined=__bodysan_gtest_listener_anchor" % (
    os.path.join(obj, "lib", "libbodysan_gtest.a"))))

# --- Machine-readable reports (test/reports/) ---------------------------------
#   %validate_sarif  SCHEMA-checked SARIF logs: test/Inputs/validate_sarif.py run
#                    by the system python (the one with python3-jsonschema) with
#                    the SARIF 2.1.0 schema .ci/install-deps installs. Missing
#                    pieces make the tests fail with a message, never skip them.
#   %check_json_lines  the same script's JSON-lines mode (any python).
system_python = "/usr/bin/python3"
sarif_schema = "/usr/local/share/bodysan-deps/sarif-schema-2.1.0.json"
validate_sarif = os.path.join(config.bodysan_src_root, "test", "Inputs", "validate_sarif.py")
config.substitutions.append(
    ("%validate_sarif", "%s %s %s" % (system_python, validate_sarif, sarif_schema)))
config.substitutions.append(
    ("%check_json_lines", "%s %s --json-lines" % (config.python, validate_sarif)))

# --- Composition with other sanitizers (test/compose/) ------------------------
#   %selfcheck_rt_asan  the runtime built again with -fsanitize=address
#   %selfcheck_rt_tsan  ... and with -fsanitize=thread (runtime/selfcheck/;
#                       build/lib/selfcheck, not installed). Not named
#                       %bodysan_rt_*: %bodysan_rt would replace their prefix.
# Features asan, lsan, tsan, ubsan: clang's runtime library for that sanitizer
# is installed (Debian: libclang-rt-19-dev). TSAN_OPTIONS and UBSAN_OPTIONS are
# kept out of the tests, as ASAN_OPTIONS and LSAN_OPTIONS are above.
config.substitutions.append(
    ("%selfcheck_rt_asan", os.path.join(obj, "lib", "selfcheck", "libbodysan_rt_asan.a")))
config.substitutions.append(
    ("%selfcheck_rt_tsan", os.path.join(obj, "lib", "selfcheck", "libbodysan_rt_tsan.a")))
for var in ("TSAN_OPTIONS", "UBSAN_OPTIONS"):
    config.environment.pop(var, None)
try:
    resource_dir = subprocess.check_output([config.clang, "-print-resource-dir"],
                                           stderr=subprocess.DEVNULL).decode().strip()
except (OSError, subprocess.CalledProcessError):
    resource_dir = ""
# Debian's layout (lib/linux/libclang_rt.X-x86_64.a) and the per-target one.
rt_libs = [os.path.join(resource_dir, "lib", "linux", "libclang_rt.%s-x86_64.a"),
           os.path.join(resource_dir, "lib", "x86_64-pc-linux-gnu", "libclang_rt.%s.a"),
           os.path.join(resource_dir, "lib", "x86_64-unknown-linux-gnu", "libclang_rt.%s.a")]
for feature, lib in (("asan", "asan"), ("lsan", "lsan"), ("tsan", "tsan"),
                     ("ubsan", "ubsan_standalone")):
    if resource_dir and any(os.path.exists(p % lib) for p in rt_libs):
        config.available_features.add(feature)

# --- Catch2 (test/pertest/catch2_listener.cpp) --------------------------------
# Feature `catch2`: Catch2 v2's single header is installed (Debian: catch2).
if os.path.exists("/usr/include/catch2/catch.hpp"):
    config.available_features.add("catch2")
