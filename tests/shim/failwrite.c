/*
 * failwrite.c: LD_PRELOAD shim for tests/e2e/failure_paths.sh.  Makes
 * write(), fsync(), close() or rename() fail on one file, as a full disk
 * or a dying device would.  Built by the test: cc -shared -fPIC -o
 * failwrite.so failwrite.c -ldl
 *
 *   FAILWRITE_MATCH  a substring of the path of the file (looked up with
 *                    /proc/self/fd for fds); nothing else is touched
 *   FAILWRITE_OP     write (default), fsync, close or rename
 *   FAILWRITE_AFTER  for write: bytes written successfully before the
 *                    failure (a short write first, then errors)
 *   FAILWRITE_ERRNO  ENOSPC (default), EIO or EDQUOT; or EINTR, which
 *                    does not fail: every other write is interrupted
 *                    (-1, EINTR) and the others write at most 7 bytes,
 *                    as a signal-heavy slow device would
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t written;

static const char *
env(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v != NULL && v[0] != '\0' ? v : def;
}

static int
op_is(const char *op)
{
	return strcmp(env("FAILWRITE_OP", "write"), op) == 0;
}

static int
err_no(void)
{
	const char *e = env("FAILWRITE_ERRNO", "ENOSPC");

	if (strcmp(e, "EIO") == 0)
		return EIO;
	if (strcmp(e, "EDQUOT") == 0)
		return EDQUOT;
	return ENOSPC;
}

static int
path_matches(const char *path)
{
	const char *m = getenv("FAILWRITE_MATCH");

	return m != NULL && m[0] != '\0' && path != NULL &&
	    strstr(path, m) != NULL;
}

static int
fd_matches(int fd)
{
	char link[64], path[4096];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof(path) - 1);
	if (n < 0)
		return 0;
	path[n] = '\0';
	return path_matches(path);
}

ssize_t
write(int fd, const void *buf, size_t count)
{
	static ssize_t (*real)(int, const void *, size_t);
	size_t after;

	if (real == NULL)
		real = (ssize_t(*)(int, const void *, size_t))dlsym(
		    RTLD_NEXT, "write");
	if (!op_is("write") || !fd_matches(fd))
		return real(fd, buf, count);
	if (strcmp(env("FAILWRITE_ERRNO", ""), "EINTR") == 0) {
		static int odd;

		odd = !odd;
		if (odd) {
			errno = EINTR;
			return -1;
		}
		return real(fd, buf, count < 7 ? count : 7);
	}
	after = (size_t)strtoul(env("FAILWRITE_AFTER", "0"), NULL, 10);
	if (written >= after) {
		errno = err_no();
		return -1;
	}
	if (count > after - written)
		count = after - written;
	written += count;
	return real(fd, buf, count);
}

int
fsync(int fd)
{
	static int (*real)(int);

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
	if (op_is("fsync") && fd_matches(fd)) {
		errno = err_no();
		return -1;
	}
	return real(fd);
}

int
close(int fd)
{
	static int (*real)(int);
	int m;

	if (real == NULL)
		real = (int (*)(int))dlsym(RTLD_NEXT, "close");
	m = op_is("close") && fd_matches(fd);
	if (real(fd) != 0)
		return -1;
	if (m) {
		/* the fd is gone, as with NFS reporting a late error */
		errno = err_no();
		return -1;
	}
	return 0;
}

int
rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);

	if (real == NULL)
		real = (int (*)(const char *, const char *))dlsym(
		    RTLD_NEXT, "rename");
	if (op_is("rename") && (path_matches(from) || path_matches(to))) {
		errno = err_no();
		return -1;
	}
	return real(from, to);
}
