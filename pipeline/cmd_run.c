/*
 * cmd_run: `sertel run`, the daemon. One loop: take new mail (IMAP with
 * IDLE, or a Maildir polled in the embedded default), process each
 * message in its own transaction, deliver the outbox, then wait. The
 * store lock is held only while working, so `sertel approve` and
 * `sertel deliver` get their turn between passes. SIGTERM finishes the
 * message at hand and stops; SIGHUP reloads the configuration (a bad one
 * is refused and the old one kept). A pid file, locked, keeps a second
 * daemon out.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sysexits.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "complaint.h"
#include "imap.h"
#include "ingest.h"
#include "log.h"
#include "ocr.h"
#include "outbox.h"
#include "renewal.h"
#include "run.h"
#include "sla.h"
#include "util.h"
#include "xmem.h"

#define RUN_WAIT_S	60	/* longest wait: outbox retries are due */
#define RUN_BACKOFF_MAX	300	/* reconnect backoff cap, seconds */

static volatile sig_atomic_t stop, reload;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		reload = 1;
	else
		stop = 1;
}

static void
signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a wait is cut short by the signal. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Lock and fill the pid file; -1 when another daemon holds it. */
static int
pid_lock(const char *path)
{
	char buf[32], *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd, n;

	if (slash) {
		*slash = '\0';
		mkdir_p(dir);
	}
	free(dir);
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) == -1)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) == -1) {
		close(fd);
		errno = EWOULDBLOCK;
		return -1;
	}
	n = snprintf(buf, sizeof buf, "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == -1 || fd_write_all(fd, buf, (size_t)n) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Wait up to s seconds, cut short by a signal. */
static void
nap(int s)
{
	struct timespec ts = { 1, 0 };

	while (s-- > 0 && !stop && !reload)
		nanosleep(&ts, NULL);
}

struct daemon {
	struct conf	*cf;
	struct ocr	*ocr;
	struct imap	*im;
	int		 backoff;	/* seconds before the next reconnect */
	time_t		 retry_at;
	bool		 once;		/* one pass, then exit (tests) */
};

/* Process one IMAP message: count the try, run, move. */
static enum pl_status
imap_one(struct daemon *d, struct run_ctx *ctx, const struct imap_msg *m)
{
	struct raw_msg raw;
	enum run_result res;
	enum pl_status rv;
	const char *dest;
	char code[24];
	int tries = 0;
	uint32_t uv = imap_uidvalidity(d->im);

	/* Counted before the work, so a message that crashes us counts. */
	if ((rv = store_begin(ctx->st)) != PL_OK)
		return rv;
	if ((rv = store_imap_try(ctx->st, d->cf->imap_mailbox, uv, m->uid,
	    pl_now(), &tries)) != PL_OK || (rv = store_commit(ctx->st)) !=
	    PL_OK) {
		store_rollback(ctx->st);
		return rv;
	}
	memset(&raw, 0, sizeof raw);
	raw.source = xasprintf("imap:%s/%u/%u", d->cf->imap_mailbox, uv,
	    m->uid);
	if (tries > d->cf->imap_max_failures) {
		log_warnx("stage=imap uid=%u result=quarantine why=\"failed %d "
		    "times\"", m->uid, tries - 1);
		dest = d->cf->imap_quarantine;
		rv = PL_OK;
		goto move;
	}
	if (m->size > PL_MAX_MSG) {
		raw.too_big = true;
		raw.len = m->size;
	} else if ((rv = imap_fetch(d->im, m->uid, PL_MAX_MSG, &raw.data,
	    &raw.len)) != PL_OK) {
		raw_msg_clear(&raw);
		return rv;
	}
	rv = run_message(ctx, &raw, &res, code);
	if (rv == PL_ETEMP)	/* a busy store: once more */
		rv = run_message(ctx, &raw, &res, code);
	if (rv != PL_OK) {
		raw_msg_clear(&raw);
		return rv;
	}
	dest = res == RUN_QUARANTINED ? d->cf->imap_quarantine :
	    d->cf->imap_processed;
move:
	raw_msg_clear(&raw);
	if ((rv = imap_move(d->im, m->uid, dest)) == PL_OK &&
	    store_begin(ctx->st) == PL_OK) {
		if (store_imap_done(ctx->st, d->cf->imap_mailbox, uv, m->uid) ==
		    PL_OK)
			store_commit(ctx->st);
		else
			store_rollback(ctx->st);
	}
	return rv;
}

static void
imap_drop(struct daemon *d, const char *why)
{
	char e[LOG_ESC_SIZE];

	log_warnx("stage=imap result=retry in=%ds why=\"%s\"", d->backoff,
	    log_esc(e, sizeof e, why));
	imap_close(d->im);
	d->im = NULL;
	d->retry_at = time(NULL) + d->backoff;
	d->backoff = d->backoff * 2 > RUN_BACKOFF_MAX ? RUN_BACKOFF_MAX :
	    d->backoff * 2;
}

/* One pass over the IMAP inbox; PL_ECONF stops the daemon. */
static enum pl_status
imap_pass(struct daemon *d, struct run_ctx *ctx)
{
	struct imap_msg *msgs = NULL;
	enum pl_status rv;
	char why[256];
	size_t n = 0, i;

	if (d->im == NULL) {
		if (time(NULL) < d->retry_at)
			return PL_OK;
		rv = imap_open(d->cf, &d->im, why, sizeof why);
		if (rv == PL_ECONF) {
			log_warnx("stage=imap result=error why=\"%s\"", why);
			return rv;
		}
		if (rv != PL_OK) {
			imap_drop(d, why);
			return PL_OK;
		}
		log_info("stage=imap result=connected host=%s",
		    d->cf->imap.host);
		d->backoff = 1;
	}
	if ((rv = imap_list(d->im, &msgs, &n)) != PL_OK) {
		imap_drop(d, "listing the inbox failed");
		return PL_OK;
	}
	for (i = 0; i < n && !stop; i++) {
		rv = imap_one(d, ctx, &msgs[i]);
		if (rv == PL_ECONF)
			break;
		if (rv != PL_OK) {
			imap_drop(d, "a message could not be taken");
			rv = PL_OK;
			break;
		}
	}
	free(msgs);
	return rv == PL_ECONF ? rv : PL_OK;
}

/* The service-level clock's mails and the expiry reminders. */
static void
timers(const struct conf *cf, struct store *st)
{
	int sent = 0, reminders = 0, escalated = 0;

	if (store_begin(st) != PL_OK)
		return;
	if (sla_timers(cf, st, pl_now(), &sent) == PL_OK &&
	    renewal_reminders(cf, st, pl_now(), &reminders) == PL_OK &&
	    complaint_timers(cf, st, pl_now(), &escalated) == PL_OK)
		store_commit(st);
	else
		store_rollback(st);
	if (sent || reminders || escalated)
		log_info("stage=timers sla_mails=%d reminders=%d escalated=%d",
		    sent, reminders, escalated);
}

/* One pass: new mail in, outbox out, under the store lock. */
static enum pl_status
pass(struct daemon *d)
{
	struct run_ctx ctx;
	struct store *st;
	enum pl_status rv;
	size_t sent = 0, failed = 0;

	if ((rv = open_store(d->cf, true, d->cf->lock_wait_s, &st)) != PL_OK)
		return rv == PL_ECONF ? rv : PL_OK;
	memset(&ctx, 0, sizeof ctx);
	ctx.st = st;
	ctx.cf = d->cf;
	ctx.ocr = d->ocr;
	if (*d->cf->imap.host)
		rv = imap_pass(d, &ctx);
	else if (access(d->cf->inbox_dir, F_OK) == 0)
		rv = process_path(&ctx, &ingest_maildir_new_ops,
		    d->cf->inbox_dir, true, false);
	if (rv != PL_ECONF)
		timers(d->cf, st);
	if (rv != PL_ECONF && outbox_flush(st, d->cf, outbox_ops(d->cf), &sent,
	    &failed) != PL_OK)
		log_warnx("stage=outbox result=retry why=\"backend unusable\"");
	if (sent || failed)
		log_info("stage=outbox sent=%zu retry=%zu", sent, failed);
	store_close(st);
	return rv;
}

static void
do_reload(struct daemon *d, const char *config)
{
	struct conf fresh;
	const char *why = "";
	int line = 0;

	reload = 0;
	if (conf_load(&fresh, config, &why, &line) != PL_OK) {
		log_warnx("stage=run result=reload-refused why=\"%s\" line=%d",
		    why, line);
		conf_free(&fresh);
		return;
	}
	imap_close(d->im);
	d->im = NULL;
	conf_free(d->cf);
	*d->cf = fresh;
	d->backoff = 1;
	d->retry_at = 0;
	log_info("stage=run result=reloaded");
}

/* Wait for mail or the next timer. */
static void
wait_next(struct daemon *d)
{
	int s = *d->cf->imap.host ? RUN_WAIT_S : d->cf->poll_seconds;

	if (d->im != NULL) {
		if (imap_wait(d->im, s, &stop) != PL_OK)
			imap_drop(d, "the connection was lost while idle");
		return;
	}
	if (*d->cf->imap.host && d->retry_at > time(NULL))
		s = (int)(d->retry_at - time(NULL));
	nap(s < 1 ? 1 : s);
}

int
cmd_run(struct conf *cf, int argc, char **argv)
{
	static const struct option lo[] = {
	    { "once", no_argument, NULL, 'o' },
	    { "syslog", no_argument, NULL, 's' },
	    { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
	struct daemon d;
	enum pl_status rv = PL_OK;
	int ch, help = 0, pidfd;

	memset(&d, 0, sizeof d);
	while ((ch = sub_getopt(argc, argv, "osh", lo, cmd_find("run"),
	    &help)) != -1 && !help) {
		if (ch == 'o')
			d.once = true;
		else if (ch == 's')
			log_init("sertel", 1);
	}
	if (help)
		return help == 1 ? EX_OK : EX_USAGE;
	if ((pidfd = pid_lock(cf->pid_file)) == -1) {
		fprintf(stderr, "sertel: %s: %s\n", cf->pid_file,
		    errno == EWOULDBLOCK ? "another sertel run is active" :
		    strerror(errno));
		return errno == EWOULDBLOCK ? EX_TEMPFAIL : EX_CANTCREAT;
	}
	signals();
	d.cf = cf;
	d.backoff = 1;
	d.ocr = cf->ocr ? ocr_new(cf->ocr_workers) : NULL;
	log_info("stage=run result=started pid=%ld source=%s", (long)getpid(),
	    *cf->imap.host ? "imap" : "maildir");
	while (!stop) {
		if (reload)
			do_reload(&d, cli_config_path());
		if ((rv = pass(&d)) == PL_ECONF || d.once)
			break;
		if (!stop && !reload)
			wait_next(&d);
	}
	imap_close(d.im);
	ocr_free(d.ocr);
	log_info("stage=run result=stopped");
	unlink(cf->pid_file);
	close(pidfd);
	return rv == PL_ECONF ? EX_CONFIG : EX_OK;
}
