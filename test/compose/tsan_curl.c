// Intent: an instrumented libcurl program built with -fsanitize=thread runs under both tools, at -O0 and -O2: (1) two threads each make transfers on their own easy handle; one thread leaves its handle without curl_easy_cleanup and both bump a counter without a lock: TSan reports the data race while the program runs, BodySanitizer reports the handle still open at exit with the stack of the thread that created it (through TSan's thread-start interceptor), TSan's summary follows, and the exit code is BodySanitizer's 23 (TSan's _exit interceptor keeps a non-zero status); (2) a clean program: no report from either tool, exit 0, the same output as the build without TSan. libcurl, not libsoup: GLib synchronizes with futexes TSan cannot see, so TSan reports races inside GLib's own allocations (docs/Composition.md).
// REQUIRES: libcurl, tsan
// RUN: %clang_bodysan -O0 -fsanitize=thread %s -o %t-O0 %curl -lpthread
// RUN: %clang_bodysan -O2 -fsanitize=thread %s -o %t-O2 %curl -lpthread
// RUN: %clang_bodysan -O0 %s -o %t-plain %curl -lpthread
//
// RUN: sh -c '%with_server -- %t-O0 bugs 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BUGS
// RUN: sh -c '%with_server -- %t-O2 bugs 2>&1; echo "exit code $?"' | FileCheck %s --check-prefix=BUGS
//
// RUN: sh -c '%with_server -- %t-O0 clean 2>&1; echo "exit code $?"' > %t-O0.clean
// RUN: sh -c '%with_server -- %t-O2 clean 2>&1; echo "exit code $?"' > %t-O2.clean
// RUN: sh -c '%with_server -- %t-plain clean 2>&1; echo "exit code $?"' > %t-plain.clean
// RUN: FileCheck %s --check-prefix=CLEAN --implicit-check-not=Sanitizer < %t-O0.clean
// RUN: diff %t-plain.clean %t-O0.clean
// RUN: diff %t-plain.clean %t-O2.clean
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char url[256];
static int bugs;
static CURL *kept;       // never cleaned up (mode "bugs")
static long transfers;   // bumped without a lock (mode "bugs")

static size_t count_bytes(char *data, size_t size, size_t nmemb, void *user) {
  (void)data;
  *(size_t *)user += size * nmemb;
  return size * nmemb;
}

static void *worker(void *arg) {
  long id = (long)arg;
  size_t bytes = 0;
  CURL *curl = curl_easy_init();
  curl_easy_setopt(curl, CURLOPT_URL, url);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, count_bytes);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &bytes);
  for (int i = 0; i < 3; ++i)
    curl_easy_perform(curl);
  if (bugs) {
    ++transfers; // data race: the other worker does the same
    if (id == 1) {
      kept = curl;
      return (void *)bytes;
    }
  }
  curl_easy_cleanup(curl);
  return (void *)bytes;
}

int main(int argc, char **argv) {
  bugs = argc > 1 && !strcmp(argv[1], "bugs");
  snprintf(url, sizeof url, "%s/ok?size=10000", getenv("BODYSAN_TEST_URL"));
  curl_global_init(CURL_GLOBAL_DEFAULT);
  pthread_t t[2];
  for (long i = 0; i < 2; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
  for (int i = 0; i < 2; ++i) {
    void *bytes;
    pthread_join(t[i], &bytes);
    printf("worker %d read %zu bytes\n", i, (size_t)bytes);
  }
  curl_global_cleanup();
  printf("done\n");
  return 0;
}

// BUGS: WARNING: ThreadSanitizer: data race
// BUGS: #0 worker {{.*}}tsan_curl.c:43
// BUGS: SUMMARY: ThreadSanitizer: data race {{.*}}tsan_curl.c:43{{.*}} in worker
// BUGS: worker 0 read 30000 bytes
// BUGS: worker 1 read 30000 bytes
// BUGS: done
// BUGS: ERROR: BodySanitizer: unclosed-body
// BUGS: 1 libcurl easy handle (CURL) from curl_easy_init was never closed (still open at exit).
// BUGS: Acquired by thread T{{[12]}} here:
// BUGS: #0 {{.*}} in worker {{.*}}tsan_curl.c:36
// BUGS-NEXT: #1 {{.*}} in __tsan_thread_start_func
// BUGS: SUMMARY: BodySanitizer: unclosed-body
// BUGS: ThreadSanitizer: reported 1 warnings
// BUGS: server: connections=2 requests=6
// BUGS: exit code 23

// CLEAN: worker 0 read 30000 bytes
// CLEAN-NEXT: worker 1 read 30000 bytes
// CLEAN-NEXT: done
// CLEAN-NEXT: server: connections=2 requests=6
// CLEAN-NEXT: exit code 0
