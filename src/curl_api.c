#include "drift/compat.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "drift/curl_api.h"

static struct curl_api api;
static int loaded;

static DRIFT_NORETURN void
fail(const char *why)
{
	fprintf(stderr, DRIFT_NAME ": cannot load libcurl: %s\n", why);
	exit(DRIFT_EXIT_INTERNAL);
}

/* one symbol: "fn" of libcurl into *slot (a function pointer) */
static void
resolve(void *lib, const char *fn, void *slot)
{
	void *p;

	dlerror();
	p = dlsym(lib, fn);
	if (p == NULL)
		fail(dlerror() ? dlerror() : fn);
	/* POSIX: dlsym results convert to function pointers */
	*(void **)slot = p;
}

const struct curl_api *
curl_api(void)
{
	static const char *const names[] = { "libcurl.so.4",
		"libcurl-gnutls.so.4" };
	void *lib = NULL;
	size_t i;

	if (loaded)
		return &api;
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && lib == NULL; i++)
		lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (lib == NULL)
		fail(dlerror());
	resolve(lib, "curl_global_init", &api.global_init);
	resolve(lib, "curl_global_cleanup", &api.global_cleanup);
	resolve(lib, "curl_easy_init", &api.easy_init);
	resolve(lib, "curl_easy_cleanup", &api.easy_cleanup);
	resolve(lib, "curl_easy_setopt", &api.easy_setopt);
	resolve(lib, "curl_easy_getinfo", &api.easy_getinfo);
	resolve(lib, "curl_easy_perform", &api.easy_perform);
	resolve(lib, "curl_easy_strerror", &api.easy_strerror);
	resolve(lib, "curl_easy_header", &api.easy_header);
	resolve(lib, "curl_free", &api.free);
	resolve(lib, "curl_getdate", &api.getdate);
	resolve(lib, "curl_slist_append", &api.slist_append);
	resolve(lib, "curl_slist_free_all", &api.slist_free_all);
	resolve(lib, "curl_url", &api.url);
	resolve(lib, "curl_url_cleanup", &api.url_cleanup);
	resolve(lib, "curl_url_get", &api.url_get);
	resolve(lib, "curl_url_set", &api.url_set);
	loaded = 1;
	return &api;
}
