// Intent: a C++ RAII guard that unrefs a body during unwinding (the body was read to the
// end before the exception) is not reported: the unref in the guard's destructor is the
// release; the exception is caught in main; 1 connection for 5 requests.
// REQUIRES: libsoup
// RUN: %clangxx_bodysan -g -O0 %s -o %t-O0 %soup
// RUN: %with_server -- %t-O0 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer
// RUN: %clangxx_bodysan -g -O2 %s -o %t-O2 %soup
// RUN: %with_server -- %t-O2 2>&1 | FileCheck %s --implicit-check-not=BodySanitizer

#include <libsoup/soup.h>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>

// Owns one reference to a GObject; drops it when the scope ends, also by an exception.
class ObjectRef {
public:
  explicit ObjectRef(gpointer object) : object_(object) {}
  ~ObjectRef() {
    if (object_)
      g_object_unref(object_);
  }
  ObjectRef(const ObjectRef &) = delete;
  ObjectRef &operator=(const ObjectRef &) = delete;
  gpointer get() const { return object_; }

private:
  gpointer object_;
};

// Reads the whole body and checks that it is JSON; it is not, so this throws and the
// guards release the body and the message during unwinding.
static gsize fetch_json(SoupSession *session, const char *url) {
  ObjectRef msg(soup_message_new("GET", url));
  GInputStream *stream =
      soup_session_send(session, SOUP_MESSAGE(msg.get()), nullptr, nullptr);
  if (!stream)
    throw std::runtime_error("send failed");
  ObjectRef body(stream);
  std::string text;
  char buf[8192];
  gssize n;
  while ((n = g_input_stream_read(stream, buf, sizeof buf, nullptr, nullptr)) > 0)
    text.append(buf, n);
  if (text.empty() || text[0] != '{')
    throw std::runtime_error("not JSON: " + std::to_string(text.size()) + " bytes");
  return text.size();
}

int main(int argc, char **argv) {
  const char *base = argc > 1 ? argv[1] : std::getenv("BODYSAN_TEST_URL");
  if (!base)
    return 2;
  std::string url = std::string(base) + "/ok";
  SoupSession *session = soup_session_new();
  int rejected = 0;
  for (int i = 0; i < 5; ++i) {
    try {
      fetch_json(session, url.c_str());
    } catch (const std::runtime_error &e) {
      if (i == 0)
        std::printf("caught: %s\n", e.what());
      ++rejected;
    }
  }
  g_object_unref(session);
  // CHECK: caught: not JSON: 65536 bytes
  // CHECK: 5 rejected
  std::printf("%d rejected\n", rejected);
  return 0;
}
// CHECK: server: connections=1 requests=5
