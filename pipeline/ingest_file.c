/* ingest_file (ingest stage): one .eml file, or one message on stdin. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "ingest.h"
#include "pipeline.h"
#include "util.h"
#include "xmem.h"

struct ingest {
	char	*path;		/* owned; "-" for stdin */
	bool	 done;
};

static enum pl_status
f_open(struct ingest **out, const char *path)
{
	struct ingest *in = xcalloc(1, sizeof *in);

	in->path = xstrdup(path);
	*out = in;
	return PL_OK;
}

/* Read stdin up to the cap; past it, drain and report the size. */
static int
read_stdin(struct raw_msg *m)
{
	char chunk[65536];
	struct buf b;
	ssize_t r;
	size_t total = 0;

	buf_init(&b, PL_MAX_MSG);
	for (;;) {
		r = read(STDIN_FILENO, chunk, sizeof chunk);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		total += (size_t)r;
		if (!m->too_big && buf_add(&b, chunk, (size_t)r) == -1) {
			m->too_big = true;
			buf_free(&b);
		}
	}
	if (r == -1) {
		buf_free(&b);
		return -1;
	}
	if (m->too_big)
		m->len = total;
	else
		m->data = buf_steal(&b, &m->len);
	return 0;
}

static enum pl_status
f_next(struct ingest *in, struct raw_msg *m)
{
	memset(m, 0, sizeof *m);
	if (in->done)
		return PL_DONE;
	in->done = true;
	if (strcmp(in->path, "-") == 0) {
		m->source = xstrdup("stdin");
		return read_stdin(m) == 0 ? PL_OK : PL_ETEMP;
	}
	m->source = xasprintf("file:%s", in->path);
	if (file_read(in->path, PL_MAX_MSG, &m->data, &m->len) == -1) {
		if (errno == EFBIG) {
			m->too_big = true;
			return PL_OK;
		}
		raw_msg_clear(m);
		return PL_ECONF;	/* missing or unreadable path */
	}
	return PL_OK;
}

static enum pl_status
f_ack(struct ingest *in, const struct raw_msg *m)
{
	return PL_OK;	/* the file stays; stdin: our exit code is the ack */
}

static size_t
f_count(struct ingest *in)
{
	return 1;
}

static void
f_close(struct ingest *in)
{
	if (in == NULL)
		return;
	free(in->path);
	free(in);
}

const struct ingest_ops ingest_file_ops = {
	"file", f_open, f_next, f_ack, f_count, f_close,
};
