// Intent: -bodysan-warn only reads the module: the instrumented IR is the same,
// byte for byte, with and without it (the analysis runs on a temporary unnamed
// copy of each function, deleted afterwards), at -O0 and -O2, and through opt.
// RUN: %clang -O0 -g -fplugin=%plugin -fpass-plugin=%plugin -S -emit-llvm %s -o %t.O0.off.ll
// RUN: %clang -O0 -g -fplugin=%plugin -fpass-plugin=%plugin -mllvm -bodysan-warn -S -emit-llvm %s -o %t.O0.on.ll 2>&1 | FileCheck %s
// RUN: diff %t.O0.off.ll %t.O0.on.ll
// RUN: %clang -O2 -g -fplugin=%plugin -fpass-plugin=%plugin -S -emit-llvm %s -o %t.O2.off.ll
// RUN: %clang -O2 -g -fplugin=%plugin -fpass-plugin=%plugin -mllvm -bodysan-warn -S -emit-llvm %s -o %t.O2.on.ll 2>&1 | FileCheck %s
// RUN: diff %t.O2.off.ll %t.O2.on.ll
// RUN: %clang -O2 -g -Xclang -disable-llvm-passes -S -emit-llvm %s -o %t.in.ll
// RUN: %opt_bodysan -passes=bodysan,verify -S %t.in.ll -o %t.opt.off.ll
// RUN: %opt_bodysan -bodysan-warn -passes=bodysan,verify -S %t.in.ll -o %t.opt.on.ll 2>&1 | FileCheck %s --check-prefix=OPT
// RUN: diff %t.opt.off.ll %t.opt.on.ll
// The instrumentation is there (the diff compares something).
// RUN: FileCheck %s --check-prefix=IR < %t.O2.on.ll
// IR: call void @__bodysan_acquire_local(

typedef struct _GInputStream GInputStream;
typedef struct _SoupSession SoupSession;
typedef struct _SoupMessage SoupMessage;
GInputStream *soup_session_send(SoupSession *, SoupMessage *, void *, void **);
long g_input_stream_read(GInputStream *, void *, unsigned long, void *, void **);
int g_input_stream_close(GInputStream *, void *, void **);
void g_object_unref(void *);
unsigned soup_message_get_status(SoupMessage *);

long fetch(SoupSession *s, SoupMessage *m) {
  // CHECK: ir_unchanged.c:[[@LINE+2]]:24: warning: BodySanitizer: libsoup 3 response body (GInputStream) from 'soup_session_send' in 'fetch' is not released on a path that returns at line [[@LINE+6]]
  // OPT: warning: {{.*}}ir_unchanged.c:[[@LINE+1]]:24: BodySanitizer: {{.*}} in 'fetch' is not released on a path that returns at line [[@LINE+5]]
  GInputStream *body = soup_session_send(s, m, 0, 0);
  if (!body)
    return -1;
  if (soup_message_get_status(m) != 200)
    return -2;
  char buf[256];
  long n, total = 0;
  while ((n = g_input_stream_read(body, buf, sizeof buf, 0, 0)) > 0)
    total += n;
  g_input_stream_close(body, 0, 0);
  g_object_unref(body);
  return total;
}
