#include "drift/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drift/buf.h"
#include "drift/diag.h"
#include "drift/output.h"
#include "drift/xalloc.h"

static int reader_gone;

static int
write_all(int fd, const char *p, size_t len)
{
	int ret = 0;

	while (len > 0 && ret == 0) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			ret = -1;
		} else {
			p += w;
			len -= (size_t)w;
		}
	}
	return ret;
}

static mode_t
new_file_mode(void)
{
	/* umask(2) can only be read by setting it: put it straight back */
	mode_t mask = umask(022);

	umask(mask);
	return 0666 & ~mask;
}

/* writes in place: for devices, FIFOs and the like */
static int
write_in_place(const char *path, const char *data, size_t len, const char *what,
    struct derr *err)
{
	int fd, ret = -1;

	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot open %s '%s': %s", what, path, strerror(errno));
		goto out;
	}
	if (write_all(fd, data, len) != 0) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot write %s '%s': %s", what, path, strerror(errno));
		close(fd);
		goto out;
	}
	if (close(fd) != 0) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot write %s '%s': %s", what, path, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	return ret;
}

int
output_write_atomic(const char *path, const void *data, size_t len,
    const char *what, struct derr *err)
{
	struct stat st;
	char *target = NULL, *tmp = NULL;
	const char *slash, *step = "create a temporary file for";
	int fd = -1, ret = -1, e;

	if (what == NULL)
		what = "report";
	if (path[0] == '\0') {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot write %s '': %s", what, strerror(ENOENT));
		goto out;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
	    !S_ISDIR(st.st_mode)) {
		ret = write_in_place(path, data, len, what, err);
		goto out;
	}
	/* replace what a symbolic link points to, not the link */
	target = realpath(path, NULL);
	if (target == NULL)
		target = xstrdup(path);
	slash = strrchr(target, '/');
	if (slash == NULL)
		tmp = xasprintf(".%s.XXXXXX", target);
	else
		tmp = xasprintf("%.*s.%s.XXXXXX", (int)(slash - target + 1),
		    target, slash + 1);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail_nounlink;
	step = "write";
	if (write_all(fd, data, len) != 0 || fsync(fd) != 0 ||
	    fchmod(fd, new_file_mode()) != 0)
		goto fail;
	e = close(fd);
	fd = -1;
	if (e != 0)
		goto fail;
	if (rename(tmp, target) != 0)
		goto fail;
	ret = 0;
	goto out;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	fd = -1;
	unlink(tmp);
	errno = e;
fail_nounlink:
	derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0, "cannot %s %s '%s': %s",
	    step, what, path, strerror(errno));
out:
	free(tmp);
	free(target);
	return ret;
}

static int
stdout_is_pipe(void)
{
	struct stat st;

	return fstat(STDOUT_FILENO, &st) == 0 &&
	    (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode));
}

int
output_write_stdout(const void *data, size_t len, struct derr *err)
{
	int ret = 0;

	if (reader_gone)
		goto out;
	if ((len > 0 && fwrite(data, 1, len, stdout) != len) ||
	    fflush(stdout) != 0) {
		if (errno == EPIPE && stdout_is_pipe()) {
			reader_gone = 1;
		} else {
			ret = derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
			    "cannot write to standard output: %s",
			    strerror(errno));
		}
	}
out:
	return ret;
}

int
output_stdout_reader_gone(void)
{
	return reader_gone;
}
