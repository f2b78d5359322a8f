// Intent: for WATCH_GOBJECT kinds the runtime attaches a GObject weak reference at acquire, so an object finalized by an unref the instrumentation cannot see (inside GLib, through a function pointer) is released instead of reported at exit; an object that stays alive is still reported; the notify after a hooked last unref is harmless.
// REQUIRES: libsoup
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer %s -o %t %bodysan_rt %soup
// RUN: not %run %t 2>&1 | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
#include "test_kinds.h"
#include <bodysan/bodysan_interface.h>
#include <glib-object.h>
#include <stdio.h>

static const struct __bodysan_kind gobject_kind = {
    BODYSAN_ABI_VERSION,
    BODYSAN_KIND_UNDRAINED_IS_ERROR | BODYSAN_KIND_USE_AFTER_CLOSE_IS_ERROR |
        BODYSAN_KIND_REFCOUNTED | BODYSAN_KIND_WATCH_GOBJECT,
    "test.gobject", "test GObject stream", "It stays open.", "Not reused.",
    0, 0, 0, 0, 0, 0, 0};
TEST_SITE(acquire_site, gobject_kind, "make_stream", "main", 10, 20,
          BODYSAN_ROLE_ACQUIRE);
TEST_SITE(unref_site, gobject_kind, "g_object_unref", "main", 11, 3,
          BODYSAN_ROLE_UNREF);
TEST_SITE(handoff_site, gobject_kind, "g_clear_object", "main", 12, 3,
          BODYSAN_ROLE_HANDOFF);

int main(void) {
  // Finalized through a function pointer: invisible to the pass.
  void (*unref)(gpointer) = g_object_unref;
  GObject *a = g_object_new(G_TYPE_OBJECT, NULL);
  __bodysan_acquire(a, &acquire_site);
  __bodysan_handoff(a, &handoff_site);
  fprintf(stderr, "live %zu\n", __bodysan_live_count());
  unref(a);
  fprintf(stderr, "live after hidden unref %zu\n", __bodysan_live_count());

  // A hooked last unref, then the real finalization and its weak notify.
  GObject *b = g_object_new(G_TYPE_OBJECT, NULL);
  __bodysan_acquire(b, &acquire_site);
  __bodysan_handoff(b, &handoff_site);
  __bodysan_unref(b, &unref_site);
  g_object_unref(b);
  fprintf(stderr, "live after hooked unref %zu\n", __bodysan_live_count());

  // Still alive at exit: reported.
  GObject *c = g_object_new(G_TYPE_OBJECT, NULL);
  __bodysan_acquire(c, &acquire_site);
  fprintf(stderr, "done\n");
  return 0;
}

// CHECK: live 1
// CHECK-NEXT: live after hidden unref 0
// CHECK-NEXT: live after hooked unref 0
// CHECK-NEXT: done
// CHECK-NEXT: ERROR: BodySanitizer: unclosed-body
// CHECK-NEXT: 1 test GObject stream from make_stream was never closed (still open at exit).
// CHECK: SUMMARY: BodySanitizer: unclosed-body: 1 body acquired in main at fetch.c:10:20 never closed
