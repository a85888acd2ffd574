#include "drift/compat.h"

#include <stdio.h>
#include <string.h>

int
main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("%s %s\n", DRIFT_NAME, DRIFT_VERSION);
		return 0;
	}
	fprintf(stderr, "%s: not yet wired\n", DRIFT_NAME);
	return 2;
}
