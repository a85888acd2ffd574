#include "drift/compat.h"

#include <stdlib.h>
#include <string.h>

#include "drift/suggest.h"
#include "drift/xalloc.h"

/*
 * The edit distance for "did you mean" hints (suggest.h), one row of the
 * dynamic-programming table at a time.
 */

size_t
suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, ret = (size_t)-1;
	size_t *row;

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		goto out;
	row = xcalloc(lb + 1, sizeof(*row));
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best;

			best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	ret = row[lb];
	free(row);
out:
	return ret;
}
