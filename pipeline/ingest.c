/* ingest (ingest stage): choose the source backend for a path. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ingest.h"

static bool
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

const struct ingest_ops *
ingest_detect(const char *path)
{
	char sub[PATH_MAX], head[5] = "";
	int fd, n;

	if (strcmp(path, "-") == 0)
		return &ingest_file_ops;
	if (is_dir(path)) {
		n = snprintf(sub, sizeof sub, "%s/new", path);
		if (n > 0 && (size_t)n < sizeof sub && is_dir(sub))
			return &ingest_maildir_ops;
		return NULL;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return &ingest_file_ops;	/* let open() report it */
	n = (int)read(fd, head, 5);
	close(fd);
	if (n == 5 && memcmp(head, "From ", 5) == 0)
		return &ingest_mbox_ops;
	return &ingest_file_ops;
}

void
raw_msg_clear(struct raw_msg *m)
{
	free(m->data);
	free(m->source);
	memset(m, 0, sizeof *m);
}
