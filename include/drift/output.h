/*
 * output.h: writing reports and snapshots without losing anything
 * (SPEC section 7: "a failure leaves the old file as it was").
 */
#ifndef DRIFT_OUTPUT_H
#define DRIFT_OUTPUT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

struct derr;

/*
 * Writes data[0..len) to path atomically: a temporary file is created in
 * the same directory (mkstemp), written, flushed to disk (fsync), given
 * the mode of the file it replaces (a 0600 file stays 0600) or, for a new
 * file, the mode a new file would get (0666 minus the umask: 0644
 * usually), and renamed over path.  Readers see either the old file or the new one,
 * never a mix.  On any failure the temporary file is removed, path is
 * untouched, and -1 is returned with err filled: status
 * DRIFT_EXIT_INTERNAL (5), origin path, message "cannot write report
 * ...: strerror".  What names the thing written in messages ("report",
 * "snapshot"); NULL means "report".
 *
 * Special cases:
 *   - path naming an existing non-regular file (/dev/null, /dev/stdout, a
 *     FIFO) is opened and written in place: renaming over a device would
 *     replace the device;
 *   - path naming a symbolic link is refused ("refusing to write report
 *     'PATH': it is a symbolic link (to 'TARGET')", status 5, with a
 *     hint): nothing is written through a link to a regular file, so a
 *     link planted in /tmp cannot redirect the write (symbolic links are
 *     never resolved with realpath(), which would bypass
 *     fs.protected_symlinks).  Links to a device, FIFO or socket, and
 *     /dev/stdout, /dev/stderr, /dev/fd/N, are opened and written in
 *     place (open(2) follows them under the kernel's protections);
 *   - path naming a directory fails (EISDIR).
 */
int output_write_atomic(const char *path, const void *data, size_t len,
    const char *what, struct derr *err);

/*
 * output_write_atomic() of what spill holds (from its start; spill may be
 * NULL) followed by data[0..len): a report too large to keep in memory
 * goes through a temporary file (report.h, struct report_spill) and is
 * still written atomically.  Same errors.
 */
int output_write_spilled(const char *path, FILE *spill, const void *data,
    size_t len, const char *what, struct derr *err);

/*
 * The same for standard output: output_write_stdout() of spill's content
 * (may be NULL), then of data[0..len).
 */
int output_write_stdout_spilled(
    FILE *spill, const void *data, size_t len, struct derr *err);

/*
 * The checks of output_write_atomic() on an existing path, for other
 * writers of files (policy_edit.c): sets *in_place when path must be
 * opened and written in place (see above), and *mode with *have_mode 1
 * when path is a regular file whose mode a replacement keeps.  Returns 0,
 * or -1 with err filled (status 5; what names the file in the message)
 * when path is a symbolic link that must not be written through.
 */
int output_check_dest(const char *path, const char *what, int *in_place,
    mode_t *mode, int *have_mode, struct derr *err);

/*
 * Writes data[0..len) to standard output (stdio, so that it orders with
 * other output) and flushes.  Returns 0, or -1 with err filled (status 5)
 * when the write fails.  A reader that went away (EPIPE while standard
 * output is a pipe or socket) is not an error: 0 is returned and the rest
 * is dropped, as git does; the caller's exit status stands.
 */
int output_write_stdout(const void *data, size_t len, struct derr *err);

/*
 * 1 when the last failure on standard output was EPIPE on a pipe or
 * socket (see above); main.c uses it to judge ferror(stdout) at exit.
 */
int output_stdout_reader_gone(void);

#endif
