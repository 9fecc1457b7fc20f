/* send_maildir (outbox stage): the embedded default delivers to a Maildir. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outbox.h"
#include "util.h"
#include "xmem.h"

struct sender {
	char	*dir;		/* owned; the Maildir */
	char	*newdir;	/* owned */
	char	*tmpdir;	/* owned */
};

static enum pl_status
md_open(struct sender **out, const struct conf *cf)
{
	struct sender *s = xcalloc(1, sizeof *s);
	char *tmp, *cur;
	int bad;

	s->dir = xstrdup(cf->outbox_dir);
	s->newdir = xasprintf("%s/new", cf->outbox_dir);
	tmp = xasprintf("%s/tmp", cf->outbox_dir);
	cur = xasprintf("%s/cur", cf->outbox_dir);
	bad = mkdir_p(s->newdir) == -1 || mkdir_p(tmp) == -1 ||
	    mkdir_p(cur) == -1;
	s->tmpdir = tmp;
	free(cur);
	if (bad) {
		free(s->dir);
		free(s->newdir);
		free(s->tmpdir);
		free(s);
		return PL_ECONF;
	}
	*out = s;
	return PL_OK;
}

/* Rename tmp/name to new/name and make the rename durable. */
static int
md_move(struct sender *s, const char *name)
{
	char from[PATH_MAX], to[PATH_MAX];
	int a, b, fd, rv;

	a = snprintf(from, sizeof from, "%s/%s", s->tmpdir, name);
	b = snprintf(to, sizeof to, "%s/%s", s->newdir, name);
	if (a < 0 || (size_t)a >= sizeof from || b < 0 ||
	    (size_t)b >= sizeof to) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if (rename(from, to) == -1 ||
	    (fd = open(s->newdir, O_RDONLY | O_DIRECTORY)) == -1)
		return -1;
	rv = fsync(fd);
	close(fd);
	return rv;
}

/*
 * The file name comes from the Message-ID's hash, so delivering the same
 * message again after a crash replaces the file instead of doubling it.
 * Written whole in tmp/ and then renamed into new/ (the Maildir
 * protocol): a crash mid-write leaves its temp file in tmp/, never a
 * stray file in new/.
 */
static enum pl_status
md_send(struct sender *s, const char *message_id, const char *rcpt,
    const char *raw, size_t len, const char **why)
{
	char hex[65], name[96];

	sha256_hex(message_id, strlen(message_id), hex);
	snprintf(name, sizeof name, "sertel.%.32s", hex);
	if (file_write_atomic(s->tmpdir, name, raw, len) == -1 ||
	    md_move(s, name) == -1) {
		*why = errno == ENOSPC ? "outbox disk full" :
		    "cannot write the outbox Maildir";
		return PL_ETEMP;
	}
	return PL_OK;
}

static void
md_close(struct sender *s)
{
	if (s == NULL)
		return;
	free(s->dir);
	free(s->newdir);
	free(s->tmpdir);
	free(s);
}

const struct sender_ops send_maildir_ops = {
	"maildir", md_open, md_send, md_close,
};
