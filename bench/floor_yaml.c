/*
 * floor_yaml: the floor for YAML, libyaml alone.  Reads each file into
 * memory and pulls every parser event out of libyaml, building nothing.
 * No directus-drift YAML loader can be faster than this.
 *
 * usage: floor_yaml FILE...   (prints the event count on stderr)
 */
#include <stdio.h>
#include <stdlib.h>

#include <yaml.h>

static unsigned char *
slurp(const char *path, size_t *lenp)
{
	FILE *f;
	unsigned char *buf = NULL;
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
	unsigned long events = 0;
	int i, ret = 0;

	for (i = 1; i < argc; i++) {
		yaml_parser_t p;
		yaml_event_t ev;
		unsigned char *buf;
		size_t len;
		int done = 0;

		if ((buf = slurp(argv[i], &len)) == NULL) {
			perror(argv[i]);
			return 2;
		}
		yaml_parser_initialize(&p);
		yaml_parser_set_input_string(&p, buf, len);
		while (!done) {
			if (!yaml_parser_parse(&p, &ev)) {
				fprintf(stderr, "%s:%lu:%lu: %s\n", argv[i],
				    (unsigned long)p.problem_mark.line + 1,
				    (unsigned long)p.problem_mark.column + 1,
				    p.problem ? p.problem : "parse error");
				ret = 2;
				break;
			}
			done = ev.type == YAML_STREAM_END_EVENT;
			events++;
			yaml_event_delete(&ev);
		}
		yaml_parser_delete(&p);
		free(buf);
	}
	fprintf(stderr, "floor_yaml: %lu events\n", events);
	return ret;
}
