/*
 * http.h: one careful HTTP(S) GET with libcurl (SPEC section 7).
 *
 * Policy, all of it on by default and none of it optional:
 *   - TLS peer and host verification are always on; --cacert FILE only
 *     replaces the CA bundle (CURLOPT_CAINFO).
 *   - Proxies come from the standard environment variables (libcurl's
 *     default; nothing here turns it off).
 *   - Only http and https; the base URL may not carry user:password@,
 *     a query or a fragment (http_url_join()).
 *   - The token travels only in an "Authorization: Bearer" header built in
 *     memory; libcurl never follows redirects itself.  Redirects (at most
 *     HTTP_MAX_REDIRECTS) are followed by hand, and only when scheme, host
 *     and port are those of the URL asked for: anything else fails with
 *     "refusing to follow a redirect from A to B: the token would leave the
 *     instance" (or "... would downgrade https to http").
 *   - Every attempt has a total timeout, a connect timeout and a stall
 *     detector (less than 1 byte/s for low_speed_time seconds).
 *   - Connection failures, timeouts, stalls, truncated bodies, and HTTP 429,
 *     502, 503 and 504 are retried with exponential backoff and full jitter
 *     (base 1 s, doubling, each wait at most 30 s), honouring Retry-After
 *     (seconds or HTTP-date).  The waits of one http_get() never add up to
 *     more than max_wait seconds: a Retry-After beyond what is left fails at
 *     once, saying so.  DNS failures, TLS failures and other HTTP statuses
 *     are not retried.
 *   - Response bodies are capped (max_body; default 1 GiB), and so are
 *     compressed ones while they are decoded (HTTP_MAX_RATIO).
 *   - URLs in messages are shown without credentials, query or fragment,
 *     and with the token redacted wherever it appears (a redirect's path);
 *     no message, log line or error ever holds the token.
 */
#ifndef DRIFT_HTTP_H
#define DRIFT_HTTP_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "drift/buf.h"

struct derr;

#define HTTP_MAX_REDIRECTS 5
#define HTTP_DEFAULT_TIMEOUT 30         /* seconds, per attempt */
#define HTTP_DEFAULT_CONNECT_TIMEOUT 10 /* seconds */
#define HTTP_DEFAULT_LOW_SPEED_TIME 20  /* seconds below 1 byte/s */
#define HTTP_DEFAULT_RETRIES 3
#define HTTP_DEFAULT_MAX_WAIT 60 /* seconds of waiting, in all */
#define HTTP_DEFAULT_MAX_BODY ((size_t)1 << 30)
/*
 * A body decoding (Content-Encoding gzip, deflate, br, zstd) to more than
 * HTTP_RATIO_FLOOR bytes may be at most HTTP_MAX_RATIO times the bytes
 * received: real snapshots compress 10 to 20 times, a gzip bomb 1000.
 */
#define HTTP_MAX_RATIO 200
#define HTTP_RATIO_FLOOR ((size_t)16 << 20)
#define HTTP_BACKOFF_BASE 1.0 /* seconds */
#define HTTP_BACKOFF_CAP 30.0 /* seconds, one wait */

struct http_opts {
	long timeout;         /* seconds per attempt; 0: the default */
	long connect_timeout; /* seconds; 0: the default (capped at timeout) */
	long low_speed_time;  /* seconds; 0: the default (capped at timeout) */
	int retries;          /* extra attempts; -1: the default */
	double max_wait;      /* seconds; 0: the default */
	size_t max_body;      /* bytes; 0: the default */
	const char *cacert;   /* borrowed; NULL: the system CA store */
	const char *token;    /* borrowed; NULL: no Authorization header */
	const char *accept;   /* borrowed; NULL: "application/json" */
	FILE *verbose;        /* attempts are logged here; NULL: quiet */
	/* test hooks; NULL: nanosleep() and random() */
	void (*sleep_fn)(double seconds, void *ctx);
	double (*rand_fn)(void *ctx); /* uniform in [0, 1) */
	void *hook_ctx;
};

/* every field 0/NULL except retries = -1: all defaults */
void http_opts_init(struct http_opts *o);

struct http_response {
	long status;        /* the final HTTP status */
	struct buf body;    /* the final body (capped) */
	char *content_type; /* new, or NULL when the server sent none */
	char *url;          /* new: the URL that answered (after redirects) */
	unsigned attempts;  /* attempts made (1 + retries used) */
	int framed;         /* 1: Content-Length, chunked or HTTP/2+ proved
	                       the body complete; 0: it ended when the
	                       server closed the connection (it may be cut) */
};

void http_response_init(struct http_response *r);
/* frees what r owns and re-initialises it */
void http_response_release(struct http_response *r);

/*
 * GETs url (which must come from http_url_join()).  Returns 0 when an HTTP
 * response was received, whatever its status: the status, body and content
 * type of the last attempt are in *r (which must be initialised).  Returns
 * -1 with err filled (status DRIFT_EXIT_NETWORK, origin the shown URL) on
 * a transport failure after the retries (DNS, connect, TLS, timeout,
 * truncated or oversized body), on a redirect refused by the policy above
 * or past HTTP_MAX_REDIRECTS, and when a Retry-After passes the waiting
 * limit.  err->hint suggests what to do (e.g. "use --cacert FILE for a
 * private CA").
 */
int http_get(const char *url, const struct http_opts *o,
    struct http_response *r, struct derr *err);

/*
 * Joins a Directus base URL and an API path: trailing slashes of base and
 * leading slashes of path are merged into one ("https://h/d/" + "/x" ->
 * "https://h/d/x").  path may hold a query ("/schema/snapshot?export=yaml").
 * The base must be an absolute http:// or https:// URL with a host and
 * without user:password@, query or fragment (a token goes in
 * DIRECTUS_TOKEN, not in the URL).  Returns 0 and a new *out, or -1 with
 * err filled (DRIFT_EXIT_USAGE; the message shows the URL without its
 * credentials).
 */
int
http_url_join(const char *base, const char *path, char **out, struct derr *err);

/*
 * new: url without user:password@, query and fragment, for messages.
 * Something that does not parse as a URL comes back as "<invalid URL>".
 */
char *http_url_display(const char *url);

/*
 * new: http_url_display(url) with every occurrence of secret (the token;
 * NULL or "" for none), as is or percent-encoded, replaced by "[token]":
 * a redirect may carry the token in its path.  Every URL that http_get()
 * and directus_api.h put into a message or a -v log line goes through
 * this with the request's token.
 */
char *http_url_display_redacted(const char *url, const char *secret);

/*
 * 1 when the absolute URLs a and b have the same origin: the same scheme,
 * host (case-insensitively, as DNS) and port (default ports made
 * explicit: http://h and http://h:80 are the same); 0 otherwise, and when
 * either does not parse.  No prefix or suffix matching: h.example and
 * h.example.evil differ.
 */
int http_same_origin(const char *a, const char *b);

enum http_redirect_verdict {
	HTTP_REDIRECT_OK = 0,       /* same scheme, host and port */
	HTTP_REDIRECT_OTHER_ORIGIN, /* another host, port or scheme */
	HTTP_REDIRECT_DOWNGRADE,    /* https -> http */
	HTTP_REDIRECT_INVALID       /* target is not an http(s) URL */
};

/*
 * Whether a redirect from `from` to `to` (both absolute) may be followed
 * with the token.  Host names compare case-insensitively, default ports
 * are made explicit (http://h and http://h:80 are the same origin).
 */
enum http_redirect_verdict
http_redirect_check(const char *from, const char *to);

/*
 * Parses a Retry-After value: delta-seconds ("120") or an HTTP-date
 * ("Wed, 21 Oct 2015 07:28:00 GMT", relative to now; a date in the past is
 * 0).  Returns 0 and *secs, or -1 when the value is neither.
 */
int http_parse_retry_after(const char *value, time_t now, double *secs);

/*
 * The wait before retry number `retry` (0 for the first retry) with full
 * jitter: r * min(cap, base * 2^retry), r uniform in [0, 1).
 */
double http_backoff(unsigned retry, double base, double cap, double r);

/* 1 when the HTTP status is retried (429, 502, 503, 504) */
int http_status_retryable(long status);

/* "Not Found" for 404, ... ; "" for an unknown status */
const char *http_status_reason(long status);

/*
 * Releases libcurl's global state (at exit, for leak checkers); a later
 * http_get() initialises it again.
 */
void http_global_cleanup(void);

#endif
