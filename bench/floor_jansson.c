/*
 * floor_jansson: jansson alone loading each file into its DOM
 * (json_loadb on the file read into memory), then freeing it.
 *
 * usage: floor_jansson FILE...   (prints the number of top-level keys)
 */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

static char *
slurp(const char *path, size_t *lenp)
{
	FILE *f;
	char *buf = NULL;
	size_t cap = 0, len = 0, n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 1 << 20;
			if ((buf = realloc(buf, cap)) == NULL)
				abort();
		}
		n = fread(buf + len, 1, cap - len, f);
		if (n == 0)
			break;
		len += n;
	}
	fclose(f);
	*lenp = len;
	return buf;
}

int
main(int argc, char **argv)
{
	json_t *docs[2] = { NULL, NULL };
	json_error_t err;
	size_t keys = 0;
	int i, ret = 0;

	/* Both documents are alive at once, as in a diff. */
	for (i = 1; i < argc && i <= 2; i++) {
		char *buf;
		size_t len;

		if ((buf = slurp(argv[i], &len)) == NULL) {
			perror(argv[i]);
			return 2;
		}
		docs[i - 1] = json_loadb(buf, len, 0, &err);
		free(buf);
		if (docs[i - 1] == NULL) {
			fprintf(stderr, "%s:%d:%d: %s\n", argv[i], err.line,
			    err.column, err.text);
			ret = 2;
			break;
		}
		keys += json_object_size(docs[i - 1]);
	}
	for (i = 0; i < 2; i++)
		json_decref(docs[i]);
	fprintf(stderr, "floor_jansson: %zu top-level keys\n", keys);
	return ret;
}
