#include "huibao_curl.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/// The libcurl functions used, resolved by name once.
static struct {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *handle);
    void (*easy_reset)(CURL *handle);
    CURLcode (*easy_perform)(CURL *handle);
    const char *(*easy_strerror)(CURLcode code);
    CURLcode (*easy_setopt)(CURL *handle, CURLoption option, ...);
    CURLcode (*easy_getinfo)(CURL *handle, CURLINFO info, ...);
    struct curl_slist *(*slist_append)(struct curl_slist *list, const char *header);
    void (*slist_free_all)(struct curl_slist *list);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *failure = NULL;

static void load(void) {
    // The runtime library's soname first; the development symlink for unusual installs.
    static const char *const names[] = {"libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4"};
    void *library = NULL;
    for (size_t k = 0; k < sizeof names / sizeof names[0] && library == NULL; k++) {
        library = dlopen(names[k], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        failure = "libcurl.so.4 not found (install the libcurl4 package)";
        return;
    }
#define RESOLVE(field, symbol)                                       \
    *(void **)(&api.field) = dlsym(library, symbol);                 \
    if (api.field == NULL) {                                         \
        failure = "libcurl lacks " symbol " (an incompatible build)"; \
        return;                                                      \
    }
    RESOLVE(global_init, "curl_global_init")
    RESOLVE(easy_init, "curl_easy_init")
    RESOLVE(easy_cleanup, "curl_easy_cleanup")
    RESOLVE(easy_reset, "curl_easy_reset")
    RESOLVE(easy_perform, "curl_easy_perform")
    RESOLVE(easy_strerror, "curl_easy_strerror")
    RESOLVE(easy_setopt, "curl_easy_setopt")
    RESOLVE(easy_getinfo, "curl_easy_getinfo")
    RESOLVE(slist_append, "curl_slist_append")
    RESOLVE(slist_free_all, "curl_slist_free_all")
#undef RESOLVE
    if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) failure = "curl_global_init failed";
}

int huibao_curl_load(void) {
    pthread_once(&once, load);
    return failure == NULL ? 0 : -1;
}

const char *huibao_curl_load_error(void) { return failure; }

CURL *huibao_curl_easy_init(void) { return api.easy_init(); }
void huibao_curl_easy_cleanup(CURL *handle) { api.easy_cleanup(handle); }
void huibao_curl_easy_reset(CURL *handle) { api.easy_reset(handle); }
CURLcode huibao_curl_easy_perform(CURL *handle) { return api.easy_perform(handle); }
const char *huibao_curl_easy_strerror(CURLcode code) { return api.easy_strerror(code); }

struct curl_slist *huibao_curl_slist_append(struct curl_slist *list, const char *header) {
    return api.slist_append(list, header);
}

void huibao_curl_slist_free_all(struct curl_slist *list) { api.slist_free_all(list); }

CURLcode huibao_curl_setopt_long(CURL *handle, CURLoption option, long value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode huibao_curl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode huibao_curl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode huibao_curl_setopt_size(CURL *handle, CURLoption option, curl_off_t value) {
    return api.easy_setopt(handle, option, value);
}

CURLcode huibao_curl_setopt_write_function(CURL *handle, huibao_curl_write_callback callback) {
    return api.easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

CURLcode huibao_curl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return api.easy_getinfo(handle, info, value);
}
