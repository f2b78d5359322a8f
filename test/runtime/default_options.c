// Intent: a program's own __bodysan_default_options wins over the runtime's weak default, with the shared and with the static runtime, and BODYSAN_OPTIONS still overrides it.
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt
// RUN: sh -c '%run %t 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=DEFAULTS
// RUN: %env_bodysan_opts=exitcode=4 sh -c '%run %t 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=ENV
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t.static %bodysan_rt_static
// RUN: sh -c '%run %t.static 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=DEFAULTS
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <stdio.h>

const char *__bodysan_default_options(void) { return "exitcode=42:verbosity=1"; }

TEST_SITE(acquire_site, plain_kind, "test_open", "main", 10, 20,
          BODYSAN_ROLE_ACQUIRE);

int main(void) {
  __bodysan_acquire(HANDLE(1), &acquire_site);
  fprintf(stderr, "done\n");
  return 0;
}

// DEFAULTS: default options: 'exitcode=42:verbosity=1'
// DEFAULTS: ERROR: BodySanitizer: unclosed-body
// DEFAULTS: exit code 42
// ENV: exit code 4
