#ifndef HUIBAO_CURL_H
#define HUIBAO_CURL_H

// libcurl, loaded when a command first talks to a server (dlopen), not at every start: linking
// it pulls in some thirty shared libraries (TLS, Kerberos, LDAP, IDN...) whose loading and
// symbol binding cost each process about 4.5 ms, a sixth of a command's time budget.
// The types and constants come from libcurl's header; every call goes through these wrappers.

#include <curl/curl.h>

/// Loads libcurl and initialises it once; 0 on success, else -1 (see huibao_curl_load_error).
/// Safe to call from any thread, any number of times.
int huibao_curl_load(void);

/// Why huibao_curl_load failed (a static string), or NULL.
const char *huibao_curl_load_error(void);

CURL *huibao_curl_easy_init(void);
void huibao_curl_easy_cleanup(CURL *handle);
void huibao_curl_easy_reset(CURL *handle);
CURLcode huibao_curl_easy_perform(CURL *handle);
const char *huibao_curl_easy_strerror(CURLcode code);
struct curl_slist *huibao_curl_slist_append(struct curl_slist *list, const char *header);
void huibao_curl_slist_free_all(struct curl_slist *list);

/// Swift cannot call the variadic curl_easy_setopt / curl_easy_getinfo: one wrapper per type.
CURLcode huibao_curl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode huibao_curl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode huibao_curl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode huibao_curl_setopt_size(CURL *handle, CURLoption option, curl_off_t value);

typedef size_t (*huibao_curl_write_callback)(char *data, size_t size, size_t count, void *context);
CURLcode huibao_curl_setopt_write_function(CURL *handle, huibao_curl_write_callback callback);

CURLcode huibao_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

#endif
