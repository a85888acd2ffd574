#include "drift/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drift/diag.h"
#include "drift/token.h"
#include "drift/xalloc.h"

static void
wipe(void *p, size_t n)
{
	/* a volatile pointer keeps the compiler from dropping the stores */
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

void
token_free(char **tp)
{
	if (tp == NULL || *tp == NULL)
		return;
	wipe(*tp, strlen(*tp));
	free(*tp);
	*tp = NULL;
}

/* length of s without trailing white space */
static size_t
rstrip_len(const char *s, size_t len)
{
	while (len > 0 &&
	    (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r' ||
		s[len - 1] == '\n' || s[len - 1] == '\f' || s[len - 1] == '\v'))
		len--;
	return len;
}

int
token_check(const char *tok, const char *source, int status, struct derr *err)
{
	const unsigned char *p;

	if (tok == NULL || tok[0] == '\0')
		return derr_set(err, status, NULL, 0, 0,
		    "the token from %s is empty", source);
	for (p = (const unsigned char *)tok; *p != '\0'; p++) {
		if (*p <= 0x20 || *p == 0x7f)
			return derr_set(err, status, NULL, 0, 0,
			    "the token from %s contains a space or a control "
			    "character",
			    source);
	}
	return 0;
}

static int
load_env(char **out, struct derr *err)
{
	const char *v = getenv("DIRECTUS_TOKEN");
	char *tok = NULL;
	int ret = -1;

	if (v == NULL) {
		ret = 0;
		goto out;
	}
	tok = xstrndup(v, rstrip_len(v, strlen(v)));
	if (token_check(tok, "DIRECTUS_TOKEN", DRIFT_EXIT_USAGE, err) < 0)
		goto out;
	*out = tok;
	tok = NULL;
	ret = 0;
out:
	token_free(&tok);
	return ret;
}

static int
load_file(
    const char *file, char **out, char *warn, size_t wsz, struct derr *err)
{
	char *data = NULL, *tok = NULL, *nl;
	struct stat st;
	size_t len = 0;
	ssize_t n;
	int fd = -1, ret = -1;

	fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
		    "cannot read token file \"%s\": %s", file, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode) &&
	    !S_ISCHR(st.st_mode)) {
		derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
		    "cannot read token file \"%s\": not a regular file", file);
		goto out;
	}
	if (S_ISREG(st.st_mode) && (st.st_mode & 044) && warn != NULL &&
	    wsz > 0)
		snprintf(warn, wsz,
		    "token file \"%s\" is readable by other "
		    "users (mode %04o); chmod 600 it",
		    file, (unsigned)(st.st_mode & 07777));
	data = xmalloc(TOKEN_MAX_BYTES + 1);
	while (len < TOKEN_MAX_BYTES) {
		n = read(fd, data + len, TOKEN_MAX_BYTES - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
			    "cannot read token file \"%s\": %s", file,
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	data[len] = '\0';
	nl = memchr(data, '\n', len);
	if (nl == NULL && len == TOKEN_MAX_BYTES) {
		derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
		    "token file \"%s\" has a first line longer than %d bytes",
		    file, TOKEN_MAX_BYTES);
		goto out;
	}
	if (nl != NULL)
		len = (size_t)(nl - data);
	if (memchr(data, '\0', len) != NULL) {
		derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
		    "the token from \"%s\" contains a NUL byte", file);
		goto out;
	}
	tok = xstrndup(data, rstrip_len(data, len));
	if (tok[0] == '\0') {
		derr_set(err, DRIFT_EXIT_INPUT, NULL, 0, 0,
		    "token file \"%s\" is empty", file);
		goto out;
	}
	{
		char src[600];

		snprintf(src, sizeof(src), "\"%s\"", file);
		if (token_check(tok, src, DRIFT_EXIT_INPUT, err) < 0)
			goto out;
	}
	*out = tok;
	tok = NULL;
	ret = 0;
out:
	if (data != NULL) {
		wipe(data, TOKEN_MAX_BYTES + 1);
		free(data);
	}
	token_free(&tok);
	if (fd >= 0)
		close(fd);
	return ret;
}

int
token_load(
    const char *file, char **out, char *warn, size_t wsz, struct derr *err)
{
	*out = NULL;
	if (warn != NULL && wsz > 0)
		warn[0] = '\0';
	if (file != NULL)
		return load_file(file, out, warn, wsz, err);
	return load_env(out, err);
}
