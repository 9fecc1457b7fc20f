/* send_maildir (outbox stage): the embedded default delivers to a Maildir. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outbox.h"
#include "util.h"
#include "xmem.h"

struct sender {
	char	*dir;		/* owned; the Maildir */
	char	*newdir;	/* owned */
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
	free(tmp);
	free(cur);
	if (bad) {
		free(s->dir);
		free(s->newdir);
		free(s);
		return PL_ECONF;
	}
	*out = s;
	return PL_OK;
}

/*
 * The file name comes from the Message-ID's hash, so delivering the same
 * message again after a crash replaces the file instead of doubling it.
 */
static enum pl_status
md_send(struct sender *s, const char *message_id, const char *rcpt,
    const char *raw, size_t len, const char **why)
{
	char hex[65], name[96];

	sha256_hex(message_id, strlen(message_id), hex);
	snprintf(name, sizeof name, "sertel.%.32s", hex);
	if (file_write_atomic(s->newdir, name, raw, len) == -1) {
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
	free(s);
}

const struct sender_ops send_maildir_ops = {
	"maildir", md_open, md_send, md_close,
};
