// Intent: for WATCH_GOBJECT kinds, the kind's EOF signal decides the undrained verdict when the object has it (emitted: no report, even after a handoff; not emitted: reported, even after a handoff); an object without that signal is exempt (not a body on a connection); an object whose exempt_property, passed to exempt_getter, gives exempt_value is exempt (libsoup's HTTP/2); and the program's last unref waits for the finalization, so a reference GLib still holds may read on.
// REQUIRES: libsoup
// RUN: %clang %bodysan_inc -I%S/Inputs -g -fno-omit-frame-pointer -rdynamic %s -o %t %bodysan_rt %soup
// RUN: not %run %t 2>&1 | FileCheck %s --implicit-check-not="ERROR: BodySanitizer"
#include "test_kinds.h"
#include <glib-object.h>
#include <stdio.h>

// TestStream: a GObject with an "eof" signal and a "message" object property.
typedef struct { GObject parent; GObject *message; } TestStream;
typedef struct { GObjectClass parent; } TestStreamClass;
G_DEFINE_TYPE(TestStream, test_stream, G_TYPE_OBJECT)
static guint eof_signal;
static void test_stream_init(TestStream *s) { (void)s; }
static void test_stream_get_property(GObject *o, guint id, GValue *v, GParamSpec *p) {
  (void)id; (void)p;
  g_value_set_object(v, ((TestStream *)o)->message);
}
static void test_stream_set_property(GObject *o, guint id, const GValue *v, GParamSpec *p) {
  (void)id; (void)p;
  ((TestStream *)o)->message = g_value_dup_object(v);
}
static void test_stream_finalize(GObject *o) {
  g_clear_object(&((TestStream *)o)->message);
  G_OBJECT_CLASS(test_stream_parent_class)->finalize(o);
}
static void test_stream_class_init(TestStreamClass *c) {
  GObjectClass *oc = G_OBJECT_CLASS(c);
  oc->get_property = test_stream_get_property;
  oc->set_property = test_stream_set_property;
  oc->finalize = test_stream_finalize;
  g_object_class_install_property(
      oc, 1, g_param_spec_object("message", "m", "m", G_TYPE_OBJECT,
                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY));
  eof_signal = g_signal_new("eof", G_TYPE_FROM_CLASS(c), G_SIGNAL_RUN_LAST, 0,
                            NULL, NULL, NULL, G_TYPE_NONE, 0);
}

// The exemption getter: the "version" stored on the message object.
int test_message_version(GObject *message) {
  return GPOINTER_TO_INT(g_object_get_data(message, "version"));
}

// Two rules: version 2 is exempt, and so is a message whose "keepalive" is 0.
int test_message_keepalive(GObject *message) {
  return !g_object_get_data(message, "no-keepalive");
}
static const struct __bodysan_exemption exemptions[] = {
    {"message", "test_message_version", 2},
    {"message", "test_message_keepalive", 0}};
static const struct __bodysan_kind kind = {
    BODYSAN_ABI_VERSION,
    BODYSAN_KIND_UNDRAINED_IS_ERROR | BODYSAN_KIND_REFCOUNTED |
        BODYSAN_KIND_WATCH_GOBJECT,
    "test.stream", "test stream", "It stays open.", "Not reused.",
    "eof", exemptions, 2, 0, 0, 0, 0};
TEST_SITE(acquire_site, kind, "test_send", "main", 10, 20, BODYSAN_ROLE_ACQUIRE);
TEST_SITE(close_site, kind, "test_close", "main", 11, 3, BODYSAN_ROLE_RELEASE);
TEST_SITE(unref_site, kind, "g_object_unref", "main", 12, 3, BODYSAN_ROLE_UNREF);
TEST_SITE(handoff_site, kind, "parse_stream", "main", 13, 3, BODYSAN_ROLE_HANDOFF);

static GObject *new_stream_with(int version, int no_keepalive) {
  GObject *message = g_object_new(G_TYPE_OBJECT, NULL);
  g_object_set_data(message, "version", GINT_TO_POINTER(version));
  g_object_set_data(message, "no-keepalive", GINT_TO_POINTER(no_keepalive));
  GObject *s = g_object_new(test_stream_get_type(), "message", message, NULL);
  g_object_unref(message);
  __bodysan_acquire(s, &acquire_site);
  return s;
}

static GObject *new_stream(int version) { return new_stream_with(version, 0); }

int main(void) {
  // 1. Read out of sight to the end: the signal fired. No report.
  GObject *a = new_stream(1);
  __bodysan_handoff(a, &handoff_site);
  g_signal_emit(a, eof_signal, 0);
  __bodysan_release(a, &close_site);
  __bodysan_unref(a, &unref_site);
  g_object_unref(a);
  fprintf(stderr, "1 done\n");

  // 2. Handed off, but the signal never fired: undrained.
  // CHECK: 1 done
  // CHECK-NEXT: ERROR: BodySanitizer: undrained-body
  // CHECK-NEXT: test stream from test_send was released by test_close at fetch.c:11:3 before its end was read (0 bytes read).
  GObject *b = new_stream(1);
  __bodysan_handoff(b, &handoff_site);
  __bodysan_release(b, &close_site);
  __bodysan_unref(b, &unref_site);
  g_object_unref(b);
  fprintf(stderr, "2 done\n");

  // 3. Exempt by the getter (version 2): no report.
  // CHECK: 2 done
  // CHECK-NEXT: 3 done
  GObject *c = new_stream(2);
  __bodysan_release(c, &close_site);
  __bodysan_unref(c, &unref_site);
  g_object_unref(c);
  fprintf(stderr, "3 done\n");

  // 3b. Exempt by the second rule (no keep-alive): no report.
  // CHECK-NEXT: 3b done
  GObject *c2 = new_stream_with(1, 1);
  __bodysan_release(c2, &close_site);
  __bodysan_unref(c2, &unref_site);
  g_object_unref(c2);
  fprintf(stderr, "3b done\n");

  // 4. An object without the "eof" signal is not a body on a connection.
  // CHECK-NEXT: 4 done
  GObject *d = g_object_new(G_TYPE_OBJECT, NULL);
  __bodysan_acquire(d, &acquire_site);
  __bodysan_release(d, &close_site);
  __bodysan_unref(d, &unref_site);
  g_object_unref(d);
  fprintf(stderr, "4 done\n");

  // 5. The program's last unref while another reference (a wrapper) lives:
  // no verdict yet; the wrapper reads to the end, then drops it. No report.
  // CHECK-NEXT: 5 unreffed
  // CHECK-NEXT: 5 done
  GObject *e = new_stream(1);
  GObject *wrapper_ref = g_object_ref(e); // taken inside GLib: not hooked
  __bodysan_unref(e, &unref_site);
  g_object_unref(e);
  fprintf(stderr, "5 unreffed\n");
  g_signal_emit(wrapper_ref, eof_signal, 0);
  g_object_unref(wrapper_ref);
  fprintf(stderr, "5 done\n");

  // 6. Same, but nobody reads: the verdict comes at the finalization, with
  // the stack of the program's last unref.
  // CHECK-NEXT: 6 unreffed
  // CHECK-NEXT: ERROR: BodySanitizer: undrained-body
  // CHECK-NEXT: test stream from test_send was released by g_object_unref (last reference) at fetch.c:12:3 before its end was read
  // CHECK: Released by thread T0 here:
  // CHECK-NEXT: #0 {{.*}} in main {{.*}}gobject_eof_signal_and_exemption.c:[[@LINE+3]]
  GObject *f = new_stream(1);
  GObject *f_ref = g_object_ref(f);
  __bodysan_unref(f, &unref_site);
  g_object_unref(f);
  fprintf(stderr, "6 unreffed\n");
  g_object_unref(f_ref);
  // CHECK: 6 done
  fprintf(stderr, "6 done\n");
  return 0;
}
