// The other file of curl_fnptr_identity.test: hands out curl_easy_cleanup.
#include <curl/curl.h>

typedef void (*cleanup_fn)(CURL *);

cleanup_fn cleanup_from_other_file(void) { return curl_easy_cleanup; }
