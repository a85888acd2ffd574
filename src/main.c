#include "drift/compat.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "drift/cli.h"
#include "drift/diag.h"
#include "drift/output.h"
#include "drift/xalloc.h"

/*
 * main: make sure fds 0-2 are open, ignore SIGPIPE, dispatch through the
 * command table (src/cli.c), check standard output, exit.  Everything
 * else links into the unit tests.
 */

/*
 * A closed fd 0, 1 or 2 would be handed out by the next open() (a report
 * file, a socket, git's pipe) and then written to by accident.
 */
static void
check_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
			continue;
		if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) != fd)
			_exit(DRIFT_EXIT_INTERNAL);
	}
}

int
main(int argc, char **argv)
{
	const struct cli_command *cmd;
	int rc;

	check_fds();
	/*
	 * jansson's allocations go through xmalloc: running out of memory
	 * while building a JSON, SARIF or GitLab report or parsing an API
	 * body is "out of memory" (exit 5), not "the report is too large" or
	 * "invalid JSON" (found by tests/e2e/failure_paths.sh).
	 */
	json_set_alloc_funcs(xmalloc, free);
	/*
	 * Write errors then show up as EPIPE, which output.c forgives only
	 * when standard output is a pipe or socket whose reader went away
	 * (as git does); libcurl needs SIGPIPE ignored on its sockets too.
	 */
	signal(SIGPIPE, SIG_IGN);
	cmd = cli_command_find(argc, argv, &rc);
	if (cmd != NULL)
		rc = cli_command_run(cmd, argc - 1, argv + 1);
	/* a failed write already said why, and made rc 5 */
	errno = 0;
	if (rc != DRIFT_EXIT_INTERNAL &&
	    (ferror(stdout) || fclose(stdout) != 0) &&
	    !output_stdout_reader_gone()) {
		drift_err("cannot write to standard output: %s",
		    strerror(errno ? errno : EIO));
		rc = DRIFT_EXIT_INTERNAL;
	}
	return rc;
}
