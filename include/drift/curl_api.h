/*
 * curl_api.h: libcurl, loaded when a live source first needs it.
 *
 * Offline commands (diff of files, rules, --version) never load libcurl
 * and the 30-odd libraries it pulls in (TLS, Kerberos, LDAP, ...), which
 * cost about 4 ms at every start.  http.c calls libcurl only through the
 * table below; the first call to curl_api() dlopen()s libcurl.so.4 (or
 * Debian's libcurl-gnutls.so.4) and resolves every function.
 *
 * Like the x* allocators, curl_api() does not return on failure: when the
 * library or one of its functions cannot be loaded it prints
 * "directus-drift: cannot load libcurl: <why>" and exits with
 * DRIFT_EXIT_INTERNAL (5).  The library stays loaded until exit.
 */
#ifndef DRIFT_CURL_API_H
#define DRIFT_CURL_API_H

#include <curl/curl.h>
#include <time.h>

struct curl_api {
	CURLcode (*global_init)(long flags);
	void (*global_cleanup)(void);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *h);
	CURLcode (*easy_setopt)(CURL *h, CURLoption opt, ...);
	CURLcode (*easy_getinfo)(CURL *h, CURLINFO info, ...);
	CURLcode (*easy_perform)(CURL *h);
	const char *(*easy_strerror)(CURLcode code);
	CURLHcode (*easy_header)(CURL *h, const char *name, size_t index,
	    unsigned int origin, int request, struct curl_header **hout);
	void (*free)(void *p);
	time_t (*getdate)(const char *s, const time_t *unused);
	struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
	void (*slist_free_all)(struct curl_slist *l);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *u);
	CURLUcode (*url_get)(
	    const CURLU *u, CURLUPart what, char **part, unsigned int flags);
	CURLUcode (*url_set)(
	    CURLU *u, CURLUPart what, const char *part, unsigned int flags);
};

/* borrowed: libcurl's functions, loaded on the first call (see above) */
const struct curl_api *curl_api(void);

#endif
