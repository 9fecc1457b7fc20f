/* buf.h: growable byte buffers that refuse to grow past their cap. */
#ifndef PL_BUF_H
#define PL_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char	*data;		/* owned; always NUL-terminated when non-NULL */
	size_t	 len;
	size_t	 size;
	size_t	 cap;		/* the most len may ever be */
};

/* Empty buffer that will hold at most cap bytes. */
void	buf_init(struct buf *b, size_t cap);
/* Append; -1 (errno E2BIG) and nothing appended when past the cap. */
int	buf_add(struct buf *b, const void *p, size_t n);
int	buf_adds(struct buf *b, const char *s);
int	buf_addc(struct buf *b, char c);
int	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Hand the bytes to the caller (NUL-terminated, never NULL); b is reset. */
char	*buf_steal(struct buf *b, size_t *len);
void	buf_free(struct buf *b);

#endif
