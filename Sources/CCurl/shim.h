#ifndef HUIBAO_CCURL_SHIM_H
#define HUIBAO_CCURL_SHIM_H

#include <curl/curl.h>

/// Swift cannot call the variadic curl_easy_setopt / curl_easy_getinfo: one wrapper per type.
static inline CURLcode huibao_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode huibao_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode huibao_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode huibao_curl_setopt_size(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

typedef size_t (*huibao_curl_write_callback)(char *data, size_t size, size_t count, void *context);

static inline CURLcode huibao_curl_setopt_write_function(CURL *handle, huibao_curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode huibao_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

#endif
