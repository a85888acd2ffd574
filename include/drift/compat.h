/*
 * compat.h: feature macros and portability; every .c file includes it first.
 *
 * Policy: this header is included before any system header so that the
 * feature-test macros below apply to all of them.  Each other header
 * includes what it needs itself.
 */
#ifndef DRIFT_COMPAT_H
#define DRIFT_COMPAT_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif

#include <stddef.h>
#include <stdint.h>

#ifndef DRIFT_VERSION
#define DRIFT_VERSION "0.1.0"
#endif

#define DRIFT_NAME "directus-drift"

#if defined(__GNUC__) || defined(__clang__)
#define DRIFT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define DRIFT_NORETURN __attribute__((noreturn))
#define DRIFT_UNUSED __attribute__((unused))
#else
#define DRIFT_PRINTF(f, a)
#define DRIFT_NORETURN
#define DRIFT_UNUSED
#endif

#define DRIFT_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Exit statuses, SPEC section 2.  Only main.c and cmd_*.c exit. */
enum drift_exit {
	DRIFT_EXIT_OK = 0,      /* compared, nothing at or above --fail-on */
	DRIFT_EXIT_FOUND = 1,   /* compared, something at or above --fail-on */
	DRIFT_EXIT_USAGE = 2,   /* bad option or argument */
	DRIFT_EXIT_INPUT = 3,   /* snapshot or config cannot be read/parsed */
	DRIFT_EXIT_NETWORK = 4, /* live instance unreachable or refused */
	DRIFT_EXIT_INTERNAL = 5 /* out of memory, cannot write the report */
};

#endif
