/* ingest_maildir (ingest stage): read a Maildir's new/ and cur/, sorted. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest.h"
#include "pipeline.h"
#include "util.h"
#include "xmem.h"

struct ingest {
	char	*path;		/* owned */
	char	**names;	/* owned; "new/x", "cur/y" */
	size_t	 n, next;
};

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
list_sub(struct ingest *in, const char *sub)
{
	char dir[PATH_MAX];
	struct dirent *de;
	DIR *d;
	int n;

	n = snprintf(dir, sizeof dir, "%s/%s", in->path, sub);
	if (n < 0 || (size_t)n >= sizeof dir || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		in->names = xreallocarray(in->names, in->n + 1,
		    sizeof *in->names);
		in->names[in->n++] = xasprintf("%s/%s", sub, de->d_name);
	}
	closedir(d);
}

static enum pl_status
md_open(struct ingest **out, const char *path)
{
	struct ingest *in = xcalloc(1, sizeof *in);
	size_t start;

	in->path = xstrdup(path);
	list_sub(in, "new");
	start = in->n;
	qsort(in->names, in->n, sizeof *in->names, by_name);
	list_sub(in, "cur");
	qsort(in->names + start, in->n - start, sizeof *in->names, by_name);
	*out = in;
	return PL_OK;
}

/* Only new/: what a daemon polls (cur/ holds what it already took). */
static enum pl_status
md_open_new(struct ingest **out, const char *path)
{
	struct ingest *in = xcalloc(1, sizeof *in);

	in->path = xstrdup(path);
	list_sub(in, "new");
	qsort(in->names, in->n, sizeof *in->names, by_name);
	*out = in;
	return PL_OK;
}

static enum pl_status
md_next(struct ingest *in, struct raw_msg *m)
{
	char file[PATH_MAX];
	struct stat sb;
	int n;

	memset(m, 0, sizeof *m);
	while (in->next < in->n) {
		const char *name = in->names[in->next++];

		n = snprintf(file, sizeof file, "%s/%s", in->path, name);
		if (n < 0 || (size_t)n >= sizeof file)
			continue;
		if (stat(file, &sb) == -1 || !S_ISREG(sb.st_mode))
			continue;	/* moved away meanwhile */
		m->source = xasprintf("maildir:%s", name);
		if ((size_t)sb.st_size > PL_MAX_MSG) {
			m->too_big = true;
			m->len = (size_t)sb.st_size;
			return PL_OK;
		}
		if (file_read(file, PL_MAX_MSG, &m->data, &m->len) == -1) {
			if (errno == EFBIG) {
				m->too_big = true;
				return PL_OK;
			}
			raw_msg_clear(m);
			return PL_ETEMP;
		}
		return PL_OK;
	}
	return PL_DONE;
}

/* new/x -> cur/x:2,S once committed, as a mail reader would. */
static enum pl_status
md_ack(struct ingest *in, const struct raw_msg *m)
{
	const char *name = m->source + strlen("maildir:");
	char from[PATH_MAX], to[PATH_MAX];
	int a, b;

	if (strncmp(name, "new/", 4) != 0)
		return PL_OK;
	a = snprintf(from, sizeof from, "%s/%s", in->path, name);
	b = snprintf(to, sizeof to, "%s/cur/%s:2,S", in->path, name + 4);
	if (a < 0 || (size_t)a >= sizeof from || b < 0 ||
	    (size_t)b >= sizeof to)
		return PL_ECONF;
	return rename(from, to) == 0 ? PL_OK : PL_ETEMP;
}

static size_t
md_count(struct ingest *in)
{
	return in->n;
}

static void
md_close(struct ingest *in)
{
	size_t i;

	if (in == NULL)
		return;
	for (i = 0; i < in->n; i++)
		free(in->names[i]);
	free(in->names);
	free(in->path);
	free(in);
}

const struct ingest_ops ingest_maildir_ops = {
	"maildir", md_open, md_next, md_ack, md_count, md_close,
};

const struct ingest_ops ingest_maildir_new_ops = {
	"maildir", md_open_new, md_next, md_ack, md_count, md_close,
};
