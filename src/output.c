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

/* writes what spill holds (may be NULL), then data[0..len) */
static int
write_parts(int fd, FILE *spill, const char *data, size_t len)
{
	char chunk[65536];
	size_t n;
	int ret = 0;

	if (spill != NULL) {
		rewind(spill);
		while (
		    ret == 0 && (n = fread(chunk, 1, sizeof(chunk), spill)) > 0)
			ret = write_all(fd, chunk, n);
		if (ret == 0 && ferror(spill)) {
			errno = EIO;
			ret = -1;
		}
	}
	return ret != 0 ? ret : write_all(fd, data, len);
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
write_in_place(const char *path, FILE *spill, const char *data, size_t len,
    const char *what, struct derr *err)
{
	int fd, ret = -1;

	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot open %s '%s': %s", what, path, strerror(errno));
		goto out;
	}
	if (write_parts(fd, spill, data, len) != 0) {
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

/* 1 for the links to standard output and error that /dev provides */
static int
std_stream_link(const char *path)
{
	return strcmp(path, "/dev/stdout") == 0 ||
	    strcmp(path, "/dev/stderr") == 0 ||
	    strncmp(path, "/dev/fd/", 8) == 0;
}

int
output_check_dest(const char *path, const char *what, int *in_place,
    mode_t *mode, int *have_mode, struct derr *err)
{
	struct stat lst, st;
	char link[512];
	ssize_t n;
	int ret = -1;

	*in_place = 0;
	*have_mode = 0;
	if (lstat(path, &lst) != 0) {
		ret = 0; /* a new file (or an error that the write reports) */
		goto out;
	}
	if (S_ISLNK(lst.st_mode)) {
		/*
		 * Through a link only to a device, a FIFO or a socket, opened
		 * with open(2) so that fs.protected_symlinks applies; never
		 * to a regular file: another user's link in /tmp must not
		 * make us overwrite a file of ours.
		 */
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) &&
		    !S_ISDIR(st.st_mode)) {
			*in_place = 1;
			ret = 0;
		} else if (std_stream_link(path)) {
			*in_place = 1;
			ret = 0;
		} else {
			n = readlink(path, link, sizeof(link) - 1);
			link[n > 0 ? n : 0] = '\0';
			derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
			    "refusing to write %s '%s': it is a symbolic "
			    "link (to '%s')",
			    what, path, link);
			derr_hint(err,
			    "remove the link, or name the file it points to");
		}
		goto out;
	}
	if (!S_ISREG(lst.st_mode) && !S_ISDIR(lst.st_mode)) {
		*in_place = 1;
	} else if (S_ISREG(lst.st_mode)) {
		/* a 0600 file stays 0600 */
		*mode = lst.st_mode & 07777;
		*have_mode = 1;
	}
	ret = 0;
out:
	return ret;
}

int
output_write_atomic(const char *path, const void *data, size_t len,
    const char *what, struct derr *err)
{
	return output_write_spilled(path, NULL, data, len, what, err);
}

int
output_write_spilled(const char *path, FILE *spill, const void *data,
    size_t len, const char *what, struct derr *err)
{
	char *tmp = NULL;
	const char *slash, *step = "create a temporary file for";
	mode_t mode = 0;
	int fd = -1, ret = -1, e, in_place, have_mode;

	if (what == NULL)
		what = "report";
	if (path[0] == '\0') {
		derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
		    "cannot write %s '': %s", what, strerror(ENOENT));
		goto out;
	}
	if (output_check_dest(path, what, &in_place, &mode, &have_mode, err) !=
	    0)
		goto out;
	if (in_place) {
		ret = write_in_place(path, spill, data, len, what, err);
		goto out;
	}
	/* the path itself is replaced: rename(2) never follows a link */
	slash = strrchr(path, '/');
	if (slash == NULL)
		tmp = xasprintf(".%s.XXXXXX", path);
	else
		tmp = xasprintf(
		    "%.*s.%s.XXXXXX", (int)(slash - path + 1), path, slash + 1);
	fd = mkstemp(tmp);
	if (fd < 0)
		goto fail_nounlink;
	step = "write";
	if (write_parts(fd, spill, data, len) != 0 || fsync(fd) != 0 ||
	    fchmod(fd, have_mode ? mode : new_file_mode()) != 0)
		goto fail;
	e = close(fd);
	fd = -1;
	if (e != 0)
		goto fail;
	if (rename(tmp, path) != 0)
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
output_write_stdout_spilled(
    FILE *spill, const void *data, size_t len, struct derr *err)
{
	char chunk[65536];
	size_t n;
	int ret = 0;

	if (spill != NULL) {
		rewind(spill);
		while (
		    ret == 0 && (n = fread(chunk, 1, sizeof(chunk), spill)) > 0)
			ret = output_write_stdout(chunk, n, err);
		if (ret == 0 && ferror(spill))
			ret = derr_set(err, DRIFT_EXIT_INTERNAL, NULL, 0, 0,
			    "cannot read back the report: %s", strerror(EIO));
	}
	return ret != 0 ? ret : output_write_stdout(data, len, err);
}

int
output_stdout_reader_gone(void)
{
	return reader_gone;
}
