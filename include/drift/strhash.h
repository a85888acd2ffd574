/*
 * strhash.h: the string hash of the project's open-addressing tables
 * (32-bit FNV-1a constants over a NUL-terminated string, in a size_t).
 */
#ifndef DRIFT_STRHASH_H
#define DRIFT_STRHASH_H

#include <stddef.h>

static inline size_t
drift_str_hash(const char *s)
{
	size_t h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

#endif
