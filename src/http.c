#include "drift/compat.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "drift/buf.h"
#include "drift/curl_api.h"
#include "drift/diag.h"
#include "drift/http.h"
#include "drift/utf8.h"
#include "drift/xalloc.h"

static int curl_ready;

void
http_opts_init(struct http_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->retries = -1;
}

void
http_response_init(struct http_response *r)
{
	r->status = 0;
	buf_init(&r->body, 0);
	r->content_type = NULL;
	r->url = NULL;
	r->attempts = 0;
	r->framed = 0;
}

void
http_response_release(struct http_response *r)
{
	buf_release(&r->body);
	r->body.max = 0;
	free(r->content_type);
	free(r->url);
	http_response_init(r);
}

/* --- URLs ------------------------------------------------------------ */

static char *
url_part(CURLU *u, CURLUPart what, unsigned flags)
{
	char *p = NULL, *ret = NULL;

	if (curl_api()->url_get(u, what, &p, flags) == CURLUE_OK && p != NULL)
		ret = xstrdup(p);
	curl_api()->free(p);
	return ret;
}

/* replaces every occurrence of pat in *s (new) with "[token]" */
static void
replace_all(char **s, const char *pat)
{
	struct buf b = BUF_INIT;
	size_t pl = strlen(pat);
	const char *p, *q;

	if (pl == 0 || strstr(*s, pat) == NULL)
		return;
	for (p = *s; (q = strstr(p, pat)) != NULL; p = q + pl) {
		buf_add(&b, p, (size_t)(q - p));
		buf_adds(&b, "[token]");
	}
	buf_adds(&b, p);
	free(*s);
	*s = buf_detach(&b, NULL);
}

/* secret percent-encoded (every byte but A-Z a-z 0-9 - . _ ~), new */
static char *
pct_encode(const char *secret, const char *hex)
{
	struct buf b = BUF_INIT;
	const unsigned char *p;

	for (p = (const unsigned char *)secret; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL) {
			buf_add(&b, (const char *)p, 1);
		} else {
			char e[3] = { '%', hex[*p >> 4], hex[*p & 15] };

			buf_add(&b, e, 3);
		}
	}
	return buf_detach(&b, NULL);
}

/* 1 when s, with its %XX escapes decoded, holds secret */
static int
pct_holds(const char *s, const char *secret)
{
	struct buf b = BUF_INIT;
	int ret;

	for (; *s != '\0'; s++) {
		if (s[0] == '%' && hex_digit(s[1]) >= 0 &&
		    hex_digit(s[2]) >= 0) {
			char c = (char)(hex_digit(s[1]) * 16 + hex_digit(s[2]));

			buf_add(&b, &c, 1);
			s += 2;
		} else {
			buf_add(&b, s, 1);
		}
	}
	ret = b.len > 0 && memmem(b.buf, b.len, secret, strlen(secret)) != NULL;
	buf_release(&b);
	return ret;
}

char *
http_url_display_redacted(const char *url, const char *secret)
{
	char *ret = http_url_display(url), *enc;

	if (secret == NULL || secret[0] == '\0')
		return ret;
	replace_all(&ret, secret);
	enc = pct_encode(secret, "0123456789ABCDEF");
	replace_all(&ret, enc);
	free(enc);
	enc = pct_encode(secret, "0123456789abcdef");
	replace_all(&ret, enc);
	free(enc);
	if (pct_holds(ret, secret)) {
		/* escaped in part ("%54OKEN"): drop everything after the host */
		char *cut = strstr(ret, "://");

		cut = cut != NULL ? strchr(cut + 3, '/') : NULL;
		if (cut != NULL)
			*cut = '\0';
		enc = xasprintf("%s/[path with the token]", ret);
		free(ret);
		ret = enc;
	}
	return ret;
}

char *
http_url_display(const char *url)
{
	CURLU *u = curl_api()->url();
	char *ret = NULL;

	if (u == NULL)
		goto out;
	if (curl_api()->url_set(
		u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
		goto out;
	curl_api()->url_set(u, CURLUPART_USER, NULL, 0);
	curl_api()->url_set(u, CURLUPART_PASSWORD, NULL, 0);
	curl_api()->url_set(u, CURLUPART_OPTIONS, NULL, 0);
	curl_api()->url_set(u, CURLUPART_QUERY, NULL, 0);
	curl_api()->url_set(u, CURLUPART_FRAGMENT, NULL, 0);
	ret = url_part(u, CURLUPART_URL, 0);
out:
	curl_api()->url_cleanup(u);
	return ret != NULL ? ret : xstrdup("<invalid URL>");
}

int
http_url_join(const char *base, const char *path, char **out, struct derr *err)
{
	CURLU *u = curl_api()->url();
	char *shown = NULL, *scheme = NULL, *norm = NULL, *tmp;
	size_t n;
	int ret = -1;

	*out = NULL;
	if (u == NULL)
		goto out;
	shown = http_url_display(base);
	if (curl_api()->url_set(u, CURLUPART_URL, base,
		CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK) {
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0,
		    "invalid URL \"%s\": expected an http:// or https:// "
		    "base URL of a Directus instance",
		    shown);
		goto out;
	}
	scheme = url_part(u, CURLUPART_SCHEME, 0);
	if (scheme == NULL ||
	    (strcmp(scheme, "http") != 0 && strcmp(scheme, "https") != 0)) {
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0,
		    "unsupported URL scheme in \"%s\": expected http:// or "
		    "https://",
		    shown);
		goto out;
	}
	if ((tmp = url_part(u, CURLUPART_USER, 0)) != NULL ||
	    (tmp = url_part(u, CURLUPART_PASSWORD, 0)) != NULL) {
		free(tmp);
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0,
		    "URL \"%s\" contains a user name or password", shown);
		derr_hint(err,
		    "pass the token in DIRECTUS_TOKEN or with "
		    "--token-file FILE");
		goto out;
	}
	if ((tmp = url_part(u, CURLUPART_QUERY, 0)) != NULL ||
	    (tmp = url_part(u, CURLUPART_FRAGMENT, 0)) != NULL) {
		free(tmp);
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0,
		    "URL \"%s\" has a query or fragment: expected the base URL "
		    "of a Directus instance",
		    shown);
		goto out;
	}
	norm = url_part(u, CURLUPART_URL, 0);
	if (norm == NULL) {
		derr_set(err, DRIFT_EXIT_USAGE, NULL, 0, 0,
		    "invalid URL \"%s\"", shown);
		goto out;
	}
	n = strlen(norm);
	while (n > 0 && norm[n - 1] == '/')
		n--;
	while (*path == '/')
		path++;
	*out = xasprintf("%.*s/%s", (int)n, norm, path);
	ret = 0;
out:
	if (u == NULL)
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot parse URLs: libcurl is out of memory");
	free(shown);
	free(scheme);
	free(norm);
	curl_api()->url_cleanup(u);
	return ret;
}

struct origin {
	char *scheme, *host, *port;
};

static int
origin_get(const char *url, struct origin *o)
{
	CURLU *u = curl_api()->url();
	int ret = -1;

	o->scheme = o->host = o->port = NULL;
	if (u == NULL ||
	    curl_api()->url_set(
		u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
		goto out;
	o->scheme = url_part(u, CURLUPART_SCHEME, 0);
	o->host = url_part(u, CURLUPART_HOST, 0);
	o->port = url_part(u, CURLUPART_PORT, CURLU_DEFAULT_PORT);
	if (o->scheme == NULL || o->host == NULL || o->port == NULL)
		goto out;
	ret = 0;
out:
	curl_api()->url_cleanup(u);
	return ret;
}

static void
origin_free(struct origin *o)
{
	free(o->scheme);
	free(o->host);
	free(o->port);
}

static int
is_http_scheme(const char *s)
{
	return strcmp(s, "http") == 0 || strcmp(s, "https") == 0;
}

int
http_same_origin(const char *a, const char *b)
{
	struct origin oa = { NULL, NULL, NULL }, ob = { NULL, NULL, NULL };
	int ret = 0;

	if (origin_get(a, &oa) == 0 && origin_get(b, &ob) == 0)
		ret = strcmp(oa.scheme, ob.scheme) == 0 &&
		    strcasecmp(oa.host, ob.host) == 0 &&
		    strcmp(oa.port, ob.port) == 0;
	origin_free(&oa);
	origin_free(&ob);
	return ret;
}

enum http_redirect_verdict
http_redirect_check(const char *from, const char *to)
{
	struct origin a = { NULL, NULL, NULL }, b = { NULL, NULL, NULL };
	enum http_redirect_verdict v = HTTP_REDIRECT_INVALID;

	if (origin_get(from, &a) < 0 || origin_get(to, &b) < 0)
		goto out;
	if (!is_http_scheme(a.scheme) || !is_http_scheme(b.scheme))
		goto out;
	if (strcmp(a.scheme, "https") == 0 && strcmp(b.scheme, "http") == 0)
		v = HTTP_REDIRECT_DOWNGRADE;
	else if (strcmp(a.scheme, b.scheme) != 0 ||
	    strcasecmp(a.host, b.host) != 0 || strcmp(a.port, b.port) != 0)
		v = HTTP_REDIRECT_OTHER_ORIGIN;
	else
		v = HTTP_REDIRECT_OK;
out:
	origin_free(&a);
	origin_free(&b);
	return v;
}

/* --- retry arithmetic ------------------------------------------------ */

int
http_parse_retry_after(const char *value, time_t now, double *secs)
{
	const char *p = value;
	unsigned long long v = 0;
	time_t t;
	int digits = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p >= '0' && *p <= '9') {
		for (; *p >= '0' && *p <= '9'; p++) {
			if (v < 1000000000ULL)
				v = v * 10 + (unsigned)(*p - '0');
			digits++;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '\0' || digits == 0)
			return -1;
		*secs = (double)v;
		return 0;
	}
	if (*p == '\0')
		return -1;
	t = curl_api()->getdate(p, NULL);
	if (t == (time_t)-1)
		return -1;
	*secs = t > now ? difftime(t, now) : 0.0;
	return 0;
}

double
http_backoff(unsigned retry, double base, double cap, double r)
{
	double w = base * ldexp(1.0, retry > 60 ? 60 : (int)retry);

	if (w > cap)
		w = cap;
	if (r < 0)
		r = 0;
	if (r >= 1)
		r = 1;
	return r * w;
}

int
http_status_retryable(long status)
{
	return status == 429 || status == 502 || status == 503 || status == 504;
}

const char *
http_status_reason(long status)
{
	static const struct {
		long code;
		const char *reason;
	} tab[] = {
		{ 200, "OK" },
		{ 204, "No Content" },
		{ 301, "Moved Permanently" },
		{ 302, "Found" },
		{ 303, "See Other" },
		{ 307, "Temporary Redirect" },
		{ 308, "Permanent Redirect" },
		{ 400, "Bad Request" },
		{ 401, "Unauthorized" },
		{ 403, "Forbidden" },
		{ 404, "Not Found" },
		{ 405, "Method Not Allowed" },
		{ 408, "Request Timeout" },
		{ 413, "Content Too Large" },
		{ 429, "Too Many Requests" },
		{ 500, "Internal Server Error" },
		{ 502, "Bad Gateway" },
		{ 503, "Service Unavailable" },
		{ 504, "Gateway Timeout" },
	};
	size_t i;

	for (i = 0; i < DRIFT_ARRAY_LEN(tab); i++)
		if (tab[i].code == status)
			return tab[i].reason;
	return "";
}

static void
default_sleep(double secs, void *ctx)
{
	struct timespec ts, rem;

	(void)ctx;
	if (secs <= 0)
		return;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &rem) < 0 && errno == EINTR)
		ts = rem;
}

static double
default_rand(void *ctx)
{
	static uint64_t s;

	(void)ctx;
	if (s == 0) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		s = ((uint64_t)ts.tv_sec << 32) ^ (uint64_t)ts.tv_nsec ^
		    ((uint64_t)getpid() << 16) ^ 0x9e3779b97f4a7c15ULL;
	}
	/* xorshift64*: enough for jitter */
	s ^= s >> 12;
	s ^= s << 25;
	s ^= s >> 27;
	return (double)((s * 2685821657736338717ULL) >> 11) /
	    9007199254740992.0;
}

/* --- one transfer ---------------------------------------------------- */

struct xfer {
	struct buf *body;
	CURL *h;
	int toobig;   /* decoded bytes past max_body */
	int inflated; /* decoded bytes past HTTP_MAX_RATIO x received */
};

static size_t
write_cb(char *ptr, size_t size, size_t nmemb, void *data)
{
	struct xfer *x = data;
	size_t n = size * nmemb;

	/*
	 * A compressed body is capped while it is decoded: past
	 * HTTP_RATIO_FLOOR decoded bytes, more than HTTP_MAX_RATIO times the
	 * bytes received so far (CURLINFO_SIZE_DOWNLOAD counts them before
	 * decoding) stops the transfer, so a gzip bomb costs megabytes, not
	 * max_body.
	 */
	if (x->body->len + n > HTTP_RATIO_FLOOR) {
		curl_off_t got = 0;

		curl_api()->easy_getinfo(x->h, CURLINFO_SIZE_DOWNLOAD_T, &got);
		if (got > 0 &&
		    (double)(x->body->len + n) > (double)got * HTTP_MAX_RATIO) {
			x->inflated = 1;
			return 0;
		}
	}
	if (buf_add(x->body, ptr, n) < 0) {
		x->toobig = 1;
		return 0;
	}
	return n;
}

struct req {
	const char *url; /* the URL of this request */
	char *shown;     /* new: url for messages */
	CURLcode cc;
	long status;
	int toobig, inflated;
	char errbuf[CURL_ERROR_SIZE];
};

struct ctx {
	const struct http_opts *o;
	long timeout, connect_timeout, low_speed_time;
	int retries;
	double max_wait;
	size_t max_body;
	CURL *h;
	struct curl_slist *hdrs;
};

static void vlog(const struct ctx *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
vlog(const struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	if (c->o->verbose == NULL)
		return;
	fputs(DRIFT_NAME ": ", c->o->verbose);
	va_start(ap, fmt);
	vfprintf(c->o->verbose, fmt, ap);
	va_end(ap);
	fputc('\n', c->o->verbose);
	fflush(c->o->verbose);
}

static int
setup(struct ctx *c, struct derr *err)
{
	const struct http_opts *o = c->o;
	struct buf auth = BUF_INIT;
	struct curl_slist *tmp;
	CURL *h;
	int ret = -1;

	if (!curl_ready) {
		if (curl_api()->global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
			derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
			    "cannot initialise libcurl");
			goto out;
		}
		curl_ready = 1;
	}
	h = c->h = curl_api()->easy_init();
	if (h == NULL) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot initialise libcurl");
		goto out;
	}
	if (o->token != NULL) {
		buf_addf(&auth, "Authorization: Bearer %s", o->token);
		tmp = curl_api()->slist_append(c->hdrs, auth.buf);
		if (tmp == NULL)
			goto oom;
		c->hdrs = tmp;
	}
	buf_reset(&auth);
	buf_addf(&auth, "Accept: %s",
	    o->accept != NULL ? o->accept : "application/json");
	tmp = curl_api()->slist_append(c->hdrs, auth.buf);
	if (tmp == NULL)
		goto oom;
	c->hdrs = tmp;
	/*
	 * Option setting can only fail for lack of memory or an option this
	 * libcurl lacks; the ones that matter for safety are checked.
	 */
	curl_api()->easy_setopt(h, CURLOPT_HTTPHEADER, c->hdrs);
	curl_api()->easy_setopt(
	    h, CURLOPT_USERAGENT, DRIFT_NAME "/" DRIFT_VERSION);
	curl_api()->easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_api()->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_api()->easy_setopt(h, CURLOPT_TIMEOUT, c->timeout);
	curl_api()->easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->connect_timeout);
	curl_api()->easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_api()->easy_setopt(h, CURLOPT_LOW_SPEED_TIME, c->low_speed_time);
	curl_api()->easy_setopt(
	    h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)c->max_body);
	curl_api()->easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_api()->easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	if (curl_api()->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") !=
		CURLE_OK ||
	    curl_api()->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) !=
		CURLE_OK ||
	    curl_api()->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) !=
		CURLE_OK) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "this libcurl cannot restrict protocols or verify TLS");
		goto out;
	}
	if (o->cacert != NULL &&
	    curl_api()->easy_setopt(h, CURLOPT_CAINFO, o->cacert) != CURLE_OK) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "this libcurl cannot use a CA file");
		goto out;
	}
	ret = 0;
	goto out;
oom:
	derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0, "out of memory");
out:
	/* the header line held the token: wipe our copy */
	if (auth.alloc)
		memset(auth.buf, 0, auth.alloc);
	buf_release(&auth);
	return ret;
}

static void
perform(struct ctx *c, struct req *q, struct http_response *r)
{
	struct xfer x;

	buf_reset(&r->body);
	r->body.max = c->max_body;
	x.body = &r->body;
	x.h = c->h;
	x.toobig = x.inflated = 0;
	q->errbuf[0] = '\0';
	curl_api()->easy_setopt(c->h, CURLOPT_URL, q->url);
	curl_api()->easy_setopt(c->h, CURLOPT_WRITEDATA, &x);
	curl_api()->easy_setopt(c->h, CURLOPT_ERRORBUFFER, q->errbuf);
	q->cc = curl_api()->easy_perform(c->h);
	q->toobig = x.toobig;
	q->inflated = x.inflated;
	q->status = 0;
	curl_api()->easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &q->status);
	free(r->content_type);
	r->content_type = NULL;
	{
		char *ct = NULL;

		if (curl_api()->easy_getinfo(
			c->h, CURLINFO_CONTENT_TYPE, &ct) == CURLE_OK &&
		    ct != NULL)
			r->content_type = xstrdup(ct);
	}
}

static int
retryable_cc(CURLcode cc)
{
	switch (cc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return 1;
	default:
		return 0;
	}
}

/* a short phrase for the verbose log */
static const char *
cc_phrase(CURLcode cc)
{
	switch (cc) {
	case CURLE_COULDNT_CONNECT:
		return "connection failed";
	case CURLE_OPERATION_TIMEDOUT:
		return "timed out";
	case CURLE_GOT_NOTHING:
		return "empty reply";
	case CURLE_SEND_ERROR:
		return "send failed";
	case CURLE_RECV_ERROR:
		return "receive failed";
	case CURLE_PARTIAL_FILE:
		return "truncated body";
	default:
		return "transfer failed";
	}
}

static char *
host_of(const char *url)
{
	struct origin o;
	char *ret = NULL;

	if (origin_get(url, &o) == 0)
		ret = xasprintf("%s:%s", o.host, o.port);
	origin_free(&o);
	return ret != NULL ? ret : xstrdup("the server");
}

static char *
hostname_of(const char *url)
{
	struct origin o;
	char *ret = NULL;

	if (origin_get(url, &o) == 0)
		ret = xstrdup(o.host);
	origin_free(&o);
	return ret != NULL ? ret : xstrdup("the server");
}

/* fills err from a failed transfer */
static int
transfer_error(
    struct ctx *c, struct req *q, unsigned attempts, struct derr *err)
{
	char *host = host_of(q->url), *hname = hostname_of(q->url);
	const char *detail = q->errbuf[0] ? q->errbuf
					  : curl_api()->easy_strerror(q->cc);
	char after[64] = "";
	curl_off_t cl = -1, got = 0;
	double t = 0;

	if (attempts > 1)
		snprintf(
		    after, sizeof(after), " (after %u attempts)", attempts);
	curl_api()->easy_getinfo(c->h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
	curl_api()->easy_getinfo(c->h, CURLINFO_SIZE_DOWNLOAD_T, &got);
	curl_api()->easy_getinfo(c->h, CURLINFO_TOTAL_TIME, &t);
	switch (q->cc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
		    "cannot resolve host \"%s\"%s", hname, after);
		derr_hint(err,
		    "check the URL and the network or proxy "
		    "settings");
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
		derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
		    "cannot resolve the proxy host: %s%s", detail, after);
		derr_hint(err,
		    "check the http_proxy/https_proxy environment "
		    "variables");
		break;
	case CURLE_COULDNT_CONNECT:
		derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
		    "cannot connect to %s: %s%s", host, detail, after);
		derr_hint(err,
		    "is the Directus instance running and the URL "
		    "right?");
		break;
	case CURLE_OPERATION_TIMEDOUT:
		if (q->status != 0)
			derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
			    "response body stalled or too slow: timed out "
			    "after %.1f s with %lld bytes received%s",
			    t, (long long)got, after);
		else
			derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
			    "no response from %s within %.1f s%s", host, t,
			    after);
		derr_hint(err,
		    "raise --timeout SECONDS (now %ld) if the "
		    "instance is slow",
		    c->timeout);
		break;
	case CURLE_PARTIAL_FILE:
		if (cl >= 0)
			derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
			    "response body was truncated: got %lld of %lld "
			    "bytes%s",
			    (long long)got, (long long)cl, after);
		else
			derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
			    "response body was truncated after %lld bytes%s",
			    (long long)got, after);
		break;
	case CURLE_FILESIZE_EXCEEDED:
	case CURLE_WRITE_ERROR:
		if (q->cc == CURLE_WRITE_ERROR && q->inflated) {
			derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
			    "compressed response body refused: it decodes to "
			    "more than %d times the %lld bytes received "
			    "(a compression bomb?)",
			    HTTP_MAX_RATIO, (long long)got);
			break;
		}
		if (q->cc == CURLE_WRITE_ERROR && !q->toobig)
			goto generic;
		derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
		    "response body exceeds the limit of %zu bytes",
		    c->max_body);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
		derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
		    "TLS certificate of %s is not trusted: %s", hname, detail);
		derr_hint(err, "use --cacert FILE for a private CA");
		break;
	case CURLE_SSL_CACERT_BADFILE:
		derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
		    "cannot use the CA file \"%s\": %s",
		    c->o->cacert ? c->o->cacert : "(system)", detail);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
		derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
		    "TLS handshake with %s failed: %s", hname, detail);
		derr_hint(err,
		    "is this an https:// URL for a server that "
		    "speaks plain http (or the other way round)?");
		break;
	case CURLE_GOT_NOTHING:
		derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
		    "%s closed the connection without a response%s", host,
		    after);
		break;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
		derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
		    "connection to %s failed: %s%s", host, detail, after);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
		    "unsupported protocol: only http:// and https:// are "
		    "allowed");
		break;
	case CURLE_WEIRD_SERVER_REPLY:
		derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
		    "%s did not answer with HTTP: %s", host, detail);
		break;
	default:
	generic:
		derr_set(err, DRIFT_EXIT_NETWORK, q->shown, 0, 0,
		    "request failed: %s%s", detail, after);
		break;
	}
	free(host);
	free(hname);
	return -1;
}

static const char *
header_value(CURL *h, const char *name)
{
	struct curl_header *hd = NULL;

	if (curl_api()->easy_header(h, name, 0, CURLH_HEADER, -1, &hd) !=
		CURLHE_OK ||
	    hd == NULL)
		return NULL;
	return hd->value;
}

/*
 * 1 when the framing proved the end of the body: a Content-Length (libcurl
 * fails a shorter body with CURLE_PARTIAL_FILE), chunked encoding (it
 * fails a body without the last chunk), or HTTP/2 and later (streams end
 * explicitly).  0 for a body that ended when the server closed the
 * connection (HTTP/1.0 without a length, or Connection: close): a cut
 * there looks like the end.
 */
static int
body_framed(CURL *h)
{
	long ver = 0;
	curl_off_t cl = -1;
	const char *te;

	if (curl_api()->easy_getinfo(h, CURLINFO_HTTP_VERSION, &ver) ==
		CURLE_OK &&
	    ver >= CURL_HTTP_VERSION_2_0)
		return 1;
	if (curl_api()->easy_getinfo(
		h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl) == CURLE_OK &&
	    cl >= 0)
		return 1;
	te = header_value(h, "Transfer-Encoding");
	return te != NULL && strcasestr(te, "chunked") != NULL;
}

static int
is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 ||
	    status == 307 || status == 308;
}

int
http_get(const char *url, const struct http_opts *o, struct http_response *r,
    struct derr *err)
{
	struct ctx c;
	struct req q;
	char *cur = xstrdup(url), *next_shown = NULL;
	unsigned attempt = 0, redirects = 0;
	double waited = 0;
	int ret = -1;

	memset(&c, 0, sizeof(c));
	memset(&q, 0, sizeof(q));
	c.o = o;
	c.timeout = o->timeout > 0 ? o->timeout : HTTP_DEFAULT_TIMEOUT;
	c.connect_timeout = o->connect_timeout > 0
	    ? o->connect_timeout
	    : HTTP_DEFAULT_CONNECT_TIMEOUT;
	if (c.connect_timeout > c.timeout)
		c.connect_timeout = c.timeout;
	c.low_speed_time = o->low_speed_time > 0 ? o->low_speed_time
						 : HTTP_DEFAULT_LOW_SPEED_TIME;
	if (c.low_speed_time > c.timeout)
		c.low_speed_time = c.timeout;
	c.retries = o->retries >= 0 ? o->retries : HTTP_DEFAULT_RETRIES;
	c.max_wait = o->max_wait > 0 ? o->max_wait : HTTP_DEFAULT_MAX_WAIT;
	c.max_body = o->max_body > 0 ? o->max_body : HTTP_DEFAULT_MAX_BODY;
	if (setup(&c, err) < 0)
		goto out;
	for (;;) {
		double wait = -1, ra;
		const char *rav, *why;
		char *loc = NULL;

		q.url = cur;
		free(q.shown);
		q.shown = http_url_display_redacted(cur, o->token);
		perform(&c, &q, r);
		if (q.cc != CURLE_OK) {
			if (!retryable_cc(q.cc) || (int)attempt >= c.retries) {
				transfer_error(&c, &q, attempt + 1, err);
				goto out;
			}
			why = cc_phrase(q.cc);
		} else if (is_redirect(q.status)) {
			enum http_redirect_verdict v;

			if (curl_api()->easy_getinfo(
				c.h, CURLINFO_REDIRECT_URL, &loc) != CURLE_OK ||
			    loc == NULL) {
				/* a 3xx without Location is the answer */
				break;
			}
			free(next_shown);
			next_shown = http_url_display_redacted(loc, o->token);
			if (++redirects > HTTP_MAX_REDIRECTS) {
				derr_set(err, DRIFT_EXIT_NETWORK, q.shown, 0, 0,
				    "too many redirects (more than %d)",
				    HTTP_MAX_REDIRECTS);
				goto out;
			}
			v = http_redirect_check(cur, loc);
			if (v != HTTP_REDIRECT_OK) {
				derr_set(err, DRIFT_EXIT_NETWORK, NULL, 0, 0,
				    "refusing to follow a redirect from %s to "
				    "%s: %s",
				    q.shown, next_shown,
				    v == HTTP_REDIRECT_DOWNGRADE
					? "it would downgrade https to http"
					: v == HTTP_REDIRECT_INVALID
					? "the target is not an http(s) URL"
					: "the token would leave the instance");
				derr_hint(err,
				    "use the URL the instance "
				    "redirects to as --url");
				goto out;
			}
			vlog(&c, "GET %s -> %ld, following the redirect to %s",
			    q.shown, q.status, next_shown);
			free(cur);
			cur = xstrdup(loc);
			continue;
		} else if (http_status_retryable(q.status) &&
		    (int)attempt < c.retries) {
			rav = header_value(c.h, "Retry-After");
			if (rav != NULL &&
			    http_parse_retry_after(rav, time(NULL), &ra) == 0) {
				if (waited + ra > c.max_wait) {
					derr_set(err, DRIFT_EXIT_NETWORK,
					    q.shown, 0, 0,
					    "HTTP %ld %s: the server asks to "
					    "retry after %.0f s, beyond the "
					    "limit of %.0f s of waiting",
					    q.status,
					    http_status_reason(q.status), ra,
					    c.max_wait);
					derr_hint(err, "try again later");
					goto out;
				}
				wait = ra;
			}
			why = NULL;
		} else {
			break;
		}
		if (wait < 0) {
			double rnd = o->rand_fn ? o->rand_fn(o->hook_ctx)
						: default_rand(NULL);

			wait = http_backoff(
			    attempt, HTTP_BACKOFF_BASE, HTTP_BACKOFF_CAP, rnd);
			if (waited + wait > c.max_wait)
				wait = c.max_wait - waited;
		}
		if (why != NULL)
			vlog(&c,
			    "GET %s -> %s, retrying in %.1f s (attempt "
			    "%u of %d)",
			    q.shown, why, wait, attempt + 2, c.retries + 1);
		else
			vlog(&c,
			    "GET %s -> %ld, retrying in %.1f s (attempt "
			    "%u of %d)",
			    q.shown, q.status, wait, attempt + 2,
			    c.retries + 1);
		if (o->sleep_fn != NULL)
			o->sleep_fn(wait, o->hook_ctx);
		else
			default_sleep(wait, NULL);
		waited += wait;
		attempt++;
	}
	{
		double t = 0;

		curl_api()->easy_getinfo(c.h, CURLINFO_TOTAL_TIME, &t);
		r->framed = body_framed(c.h);
		vlog(&c, "GET %s -> %ld (%zu bytes, %.2f s%s)", q.shown,
		    q.status, r->body.len, t,
		    r->framed ? "" : ", ended by closing the connection");
	}
	r->status = q.status;
	free(r->url);
	r->url = cur;
	cur = NULL;
	ret = 0;
out:
	r->attempts = attempt + 1;
	free(cur);
	free(q.shown);
	free(next_shown);
	curl_api()->slist_free_all(c.hdrs);
	if (c.h != NULL)
		curl_api()->easy_cleanup(c.h);
	return ret;
}

void
http_global_cleanup(void)
{
	if (curl_ready)
		curl_api()->global_cleanup();
	curl_ready = 0;
}
