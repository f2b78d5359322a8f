// Intent: the wrappers add the plugin when they compile and the runtime when
// they link, in compile-only, link-only and one-step commands, and pass every
// other argument through.
//
// REQUIRES: libsoup
//
// Compile only: the object is instrumented (it references the runtime's init
// and version-check symbols) and carries debug info.
// RUN: %clang_bodysan -O2 -c %s -o %t.o %soup
// RUN: llvm-nm %t.o | FileCheck %s --check-prefix=OBJ
// OBJ: U __bodysan_init
// OBJ: U __bodysan_version_mismatch_check_v3
// RUN: llvm-dwarfdump --debug-info %t.o | FileCheck %s --check-prefix=DWARF
// DWARF: DW_TAG_compile_unit
//
// Link only: the program needs the shared runtime and finds it by rpath.
// RUN: %clang_bodysan %t.o -o %t.linked %soup
// RUN: llvm-readelf --dynamic %t.linked | FileCheck %s --check-prefix=DYN
// DYN: (NEEDED){{.*}}libbodysan_rt.so
// DYN: RUNPATH{{.*}}lib
// RUN: %run %t.linked | FileCheck %s --check-prefix=OUT
//
// One step, with a -D passed through.
// RUN: %clang_bodysan -DGREETING='"hi"' %s -o %t.onestep %soup
// RUN: %run %t.onestep | FileCheck %s --check-prefix=OUT-HI
//
// Preprocessing only does not load the plugin or link anything.
// RUN: env BODYSAN_WRAPPER_VERBOSE=1 %clang_bodysan -E %s -o /dev/null %soup 2>&1 | FileCheck %s --check-prefix=PP
// PP-NOT: -fpass-plugin
// PP-NOT: libbodysan_rt
#include <libsoup/soup.h>
#include <stdio.h>

#ifndef GREETING
#define GREETING "hello"
#endif

// A tracked call, so the pass instruments this module (a module without one is
// left untouched). It never runs.
static void never_called(SoupSession *s, SoupMessage *m) {
  GInputStream *body = soup_session_send(s, m, NULL, NULL);
  if (body)
    g_object_unref(body);
}

int main(int argc, char **argv) {
  (void)argv;
  if (argc > 100)
    never_called(NULL, NULL);
  // OUT: hello
  // OUT-HI: hi
  printf("%s\n", GREETING);
  return 0;
}
