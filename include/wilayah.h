/* wilayah.h: Kemendagri region codes and names (2019 and 2025 lists). */
#ifndef PL_WILAYAH_H
#define PL_WILAYAH_H

#include <stdbool.h>
#include <stddef.h>

/* The generated table: "code,name\n" lines sorted by code. */
extern const char wilayah_table[];
extern const size_t wilayah_table_len;

/*
 * The upper-case name of a region code written with dots ("33.75",
 * "33.75.01", "33.75.01.1003"), or without ("3375", "337501"); NULL when
 * the code is in neither list. The result is static (the table).
 * *len gets the name's length.
 */
const char	*wilayah_name(const char *code, size_t *len);

/*
 * Iterate the children of a code one level down (a city's districts, a
 * district's villages): call fn(code, name, namelen, arg) for each. Returns
 * the number visited.
 */
size_t		 wilayah_children(const char *code,
		    void (*fn)(const char *code, size_t codelen,
		    const char *name, size_t namelen, void *arg), void *arg);

/* Call fn for every province (two-digit code); returns the count. */
size_t		 wilayah_provinces(void (*fn)(const char *code,
		    size_t codelen, const char *name, size_t namelen,
		    void *arg), void *arg);

#endif
