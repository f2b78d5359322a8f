// Intent: routing kind functions used as values through thunks keeps function
// pointer identity across instrumented files (one thunk per program): the
// program prints the same as a plain build, and the handle released through
// the other file's pointer is seen (no report).
// REQUIRES: libcurl
// RUN: %clang -g -O2 %s %S/Inputs/fnptr_other_file.c -o %t-plain %curl
// RUN: %t-plain > %t-plain.out
// RUN: %clang_bodysan -g -O0 -c %s -o %t-a.o %curl
// RUN: %clang_bodysan -g -O2 -c %S/Inputs/fnptr_other_file.c -o %t-b.o %curl
// RUN: %clang_bodysan %t-a.o %t-b.o -o %t %curl
// RUN: %t > %t.out 2>&1
// RUN: diff %t-plain.out %t.out
// RUN: FileCheck %s --implicit-check-not=BodySanitizer < %t.out
#include <curl/curl.h>
#include <stdio.h>

typedef void (*cleanup_fn)(CURL *);
cleanup_fn cleanup_from_other_file(void);

int main(void) {
  cleanup_fn mine = curl_easy_cleanup;
  // CHECK: same file 1, other file 1
  printf("same file %d, other file %d\n", mine == curl_easy_cleanup,
         mine == cleanup_from_other_file());
  CURL *h = curl_easy_init();
  cleanup_from_other_file()(h);
  return 0;
}
