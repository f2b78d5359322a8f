// Intent: C++ RAII: a class owns the easy handle and cleans it up in its destructor,
// also when an exception leaves the scope. Nothing is reported, the output and the
// exit code are those of a plain build; one handle per client object: 2 objects,
// 4 transfers, 2 connections.
// REQUIRES: libcurl
// RUN: %clangxx -g -O0 %s -o %t-plain %curl
// RUN: %with_server -- %t-plain > %t-plain.out
// RUN: %clangxx_bodysan -g -O0 %s -o %t-O0 %curl
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %with_server -- %t-O0 2>/dev/null | diff %t-plain.out -
// RUN: %clangxx_bodysan -g -O2 %s -o %t-O2 %curl
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// CHECK: ok: 100 bytes
// CHECK-NEXT: failed: HTTP 404
// CHECK-NEXT: client 2: 200100 bytes
// CHECK-NEXT: server: connections=2 requests=4

#include <curl/curl.h>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

class HttpClient {
public:
  explicit HttpClient(std::string base) : base_(std::move(base)), curl_(curl_easy_init()) {
    if (!curl_)
      throw std::runtime_error("curl_easy_init failed");
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &HttpClient::append);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &body_);
  }
  ~HttpClient() { curl_easy_cleanup(curl_); }
  HttpClient(const HttpClient &) = delete;
  HttpClient &operator=(const HttpClient &) = delete;

  // Returns the body of `path`; throws on an error status.
  const std::string &get(const std::string &path) {
    body_.clear();
    curl_easy_setopt(curl_, CURLOPT_URL, (base_ + path).c_str());
    CURLcode rc = curl_easy_perform(curl_);
    if (rc != CURLE_OK)
      throw std::runtime_error(curl_easy_strerror(rc));
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200)
      throw std::runtime_error("HTTP " + std::to_string(status));
    return body_;
  }

private:
  static size_t append(char *data, size_t size, size_t nmemb, void *user) {
    static_cast<std::string *>(user)->append(data, size * nmemb);
    return size * nmemb;
  }
  std::string base_;
  CURL *curl_;
  std::string body_;
};

int main() {
  const char *base = std::getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  try {
    HttpClient client(base);
    std::printf("ok: %zu bytes\n", client.get("/small").size());
    client.get("/status/404"); // throws: the destructor still cleans up
    std::printf("not reached\n");
  } catch (const std::exception &e) {
    std::printf("failed: %s\n", e.what());
  }
  {
    HttpClient client(base);
    size_t total = client.get("/ok?size=100000").size();
    total += client.get("/chunked?size=100100").size();
    std::printf("client 2: %zu bytes\n", total);
  }
  std::fflush(stdout);
  curl_global_cleanup();
  return 0;
}
