/* xmem.h: allocation that aborts on exhaustion or size overflow. */
#ifndef PL_XMEM_H
#define PL_XMEM_H

#include <stddef.h>

/* All abort (after logging) on out-of-memory or overflow; never NULL. */
void	*xmalloc(size_t n);
void	*xcalloc(size_t nmemb, size_t size);
void	*xreallocarray(void *p, size_t nmemb, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* Like asprintf(3) but aborts on failure; the result is the caller's. */
char	*xasprintf(const char *fmt, ...)
	    __attribute__((format(printf, 1, 2)));

#endif
