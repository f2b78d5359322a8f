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
