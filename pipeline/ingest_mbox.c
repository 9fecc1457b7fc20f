/* ingest_mbox (ingest stage): messages of an mbox file (mboxrd unescaping). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "ingest.h"
#include "pipeline.h"
#include "xmem.h"

struct ingest {
	FILE	*fp;		/* owned */
	char	*path;		/* owned */
	char	*line;		/* owned; getline buffer */
	size_t	 linecap;
	bool	 have_from;	/* a "From " line was read ahead */
	size_t	 index, total;
};

static bool
is_from(const char *l, ssize_t n)
{
	return n >= 5 && memcmp(l, "From ", 5) == 0;
}

static enum pl_status
mb_open(struct ingest **out, const char *path)
{
	struct ingest *in = xcalloc(1, sizeof *in);
	ssize_t n;

	if ((in->fp = fopen(path, "re")) == NULL) {
		free(in);
		return PL_ECONF;
	}
	in->path = xstrdup(path);
	while ((n = getline(&in->line, &in->linecap, in->fp)) != -1)
		if (is_from(in->line, n))
			in->total++;
	rewind(in->fp);
	*out = in;
	return PL_OK;
}

/* Add one line, mboxrd-unescaped (">From " loses one '>'), as CRLF. */
static void
add_line(struct raw_msg *m, struct buf *b, const char *l, ssize_t n)
{
	const char *p = l;

	if (m->too_big)
		return;
	if (*p == '>') {
		while (p < l + n && *p == '>')
			p++;
		if (l + n - p >= 5 && memcmp(p, "From ", 5) == 0) {
			l++;
			n--;
		}
	}
	if (buf_add(b, l, (size_t)n) == -1) {
		m->too_big = true;
		buf_free(b);
	}
}

static enum pl_status
mb_next(struct ingest *in, struct raw_msg *m)
{
	struct buf b;
	ssize_t n;
	size_t size = 0;

	memset(m, 0, sizeof *m);
	/* Find the "From " line that opens the next message. */
	while (!in->have_from) {
		n = getline(&in->line, &in->linecap, in->fp);
		if (n == -1)
			return PL_DONE;
		in->have_from = is_from(in->line, n);
	}
	in->have_from = false;
	buf_init(&b, PL_MAX_MSG);
	while ((n = getline(&in->line, &in->linecap, in->fp)) != -1) {
		if (is_from(in->line, n) && (b.len == 0 ||
		    (b.len >= 1 && b.data[b.len - 1] == '\n' && (b.len < 2 ||
		    b.data[b.len - 2] == '\n' || b.data[b.len - 2] == '\r')))) {
			in->have_from = true;
			break;
		}
		size += (size_t)n;
		add_line(m, &b, in->line, n);
	}
	m->source = xasprintf("mbox:%s#%zu", in->path, ++in->index);
	if (m->too_big) {
		m->len = size;
		return PL_OK;
	}
	/* The blank line before the next "From " belongs to the mbox. */
	if (in->have_from && b.len > 0 && b.data[b.len - 1] == '\n') {
		b.len--;
		if (b.len > 0 && b.data[b.len - 1] == '\r')
			b.len--;
	}
	m->data = buf_steal(&b, &m->len);
	return PL_OK;
}

static enum pl_status
mb_ack(struct ingest *in, const struct raw_msg *m)
{
	return PL_OK;	/* an mbox is read, never rewritten */
}

static size_t
mb_count(struct ingest *in)
{
	return in->total;
}

static void
mb_close(struct ingest *in)
{
	if (in == NULL)
		return;
	fclose(in->fp);
	free(in->line);
	free(in->path);
	free(in);
}

const struct ingest_ops ingest_mbox_ops = {
	"mbox", mb_open, mb_next, mb_ack, mb_count, mb_close,
};
