// Intent: a spec names C++ functions demangled without parameters (every
// overload), demangled with parameters (that overload only) or mangled; calls
// to each are instrumented.
// RUN: %clangxx -fplugin=%plugin -fpass-plugin=%plugin -mllvm -bodysan-spec=%S/Inputs/cxx-api.yaml -mllvm -bodysan-scope-checks=false -O0 -S -emit-llvm %s -o - | FileCheck %s

namespace api {
struct Body;
struct Client {
  Body *get(const char *path);
  Body *get(const char *path, int flags);
};
long read(Body *b, char *buf, unsigned long n);
long read(Body *b, char *buf, int n);
void close(Body *b);
} // namespace api

// Both overloads of api::Client::get acquire; only read(Body*, char*,
// unsigned long) reads; close is matched by its mangled name.
// CHECK-LABEL: define {{.*}}@_Z3useRN3api6ClientE(
// CHECK: call {{.*}}@_ZN3api6Client3getEPKc(
// CHECK-NEXT: call void @__bodysan_acquire
// CHECK: call {{.*}}@_ZN3api6Client3getEPKci(
// CHECK-NEXT: call void @__bodysan_acquire
// CHECK: call {{.*}}@_ZN3api4readEPNS_4BodyEPcm(
// CHECK-NEXT: call void @__bodysan_read
// CHECK: call {{.*}}@_ZN3api4readEPNS_4BodyEPci(
// CHECK-NOT: @__bodysan_read
// CHECK: call void @__bodysan_release
// CHECK-NEXT: call void @_ZN3api5closeEPNS_4BodyE(
void use(api::Client &c) {
  char buf[16];
  api::Body *a = c.get("/a");
  api::Body *b = c.get("/b", 1);
  api::read(a, buf, sizeof buf);
  api::read(b, buf, 16);
  api::close(a);
  api::close(b);
}
