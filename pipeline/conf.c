/* conf: the INI configuration (libinih) and the embedded defaults. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "conf.h"
#include "pipeline.h"
#include "tls.h"
#include "util.h"
#include "xmem.h"

struct conf_ctx {
	struct conf	*cf;
	const char	*why;
};

static void
set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

static int
set_int(int *dst, const char *v, int max)
{
	uint64_t n;

	if (parse_uint(v, (uint64_t)max, &n) == -1)
		return -1;
	*dst = (int)n;
	return 0;
}

static int
set_domains(struct conf *cf, const char *v)
{
	char *copy = xstrdup(v), *p = copy, *tok;
	size_t i;

	for (i = 0; i < cf->ndomains; i++)
		free(cf->domains[i]);
	cf->ndomains = 0;
	while ((tok = strsep(&p, ", ")) != NULL) {
		if (*tok == '\0')
			continue;
		if (cf->ndomains == CONF_MAX_DOMAINS) {
			free(copy);
			return -1;
		}
		cf->domains[cf->ndomains++] = str_lower(xstrdup(tok));
	}
	free(copy);
	return cf->ndomains > 0 ? 0 : -1;
}

/* String keys: section, key, offset of the char * in struct conf. */
static const struct {
	const char	*sec, *key;
	size_t		 off;
} strings[] = {
	{ "paths", "letters", offsetof(struct conf, letters_dir) },
	{ "verifier", "email", offsetof(struct conf, verifier_email) },
	{ "verifier", "name", offsetof(struct conf, verifier_name) },
	{ "letter", "place", offsetof(struct conf, letter.place) },
	{ "letter", "addressee", offsetof(struct conf, letter.addressee) },
	{ "letter", "addressee_city",
	    offsetof(struct conf, letter.addressee_city) },
	{ "letter", "number_pattern", offsetof(struct conf, letter.number) },
	{ "letter", "signer_name", offsetof(struct conf, letter.signer_name) },
	{ "letter", "signer_nip", offsetof(struct conf, letter.signer_nip) },
	{ "letter", "signer_position",
	    offsetof(struct conf, letter.signer_position) },
	{ "letter", "signer_rank", offsetof(struct conf, letter.signer_rank) },
	{ "letter", "logo", offsetof(struct conf, letter.logo) },
	{ "letter", "cert", offsetof(struct conf, letter.cert) },
	{ "letter", "key", offsetof(struct conf, letter.key) },
	{ "letter", "key_password_file",
	    offsetof(struct conf, letter.key_password_file) },
	{ "imap", "host", offsetof(struct conf, imap.host) },
	{ "imap", "security", offsetof(struct conf, imap.security) },
	{ "imap", "ca_file", offsetof(struct conf, imap.ca_file) },
	{ "imap", "user", offsetof(struct conf, imap.user) },
	{ "imap", "password_file", offsetof(struct conf, imap.password_file) },
	{ "imap", "mailbox", offsetof(struct conf, imap_mailbox) },
	{ "imap", "processed", offsetof(struct conf, imap_processed) },
	{ "imap", "quarantine", offsetof(struct conf, imap_quarantine) },
	{ "smtp", "host", offsetof(struct conf, smtp.host) },
	{ "smtp", "security", offsetof(struct conf, smtp.security) },
	{ "smtp", "ca_file", offsetof(struct conf, smtp.ca_file) },
	{ "smtp", "user", offsetof(struct conf, smtp.user) },
	{ "smtp", "password_file", offsetof(struct conf, smtp.password_file) },
	{ "paths", "inbox", offsetof(struct conf, inbox_dir) },
	{ "paths", "pid_file", offsetof(struct conf, pid_file) },
	{ "paths", "token_keys", offsetof(struct conf, token_keys) },
	{ "paths", "master_key", offsetof(struct conf, master_key) },
	{ "verifier", "authserv_id", offsetof(struct conf, authserv_id) },
	{ "bsre", "sender", offsetof(struct conf, bsre_sender) },
	{ "bsre", "subject", offsetof(struct conf, bsre_subject) },
	{ "sla", "hours", offsetof(struct conf, sla_hours) },
	{ "sla", "holidays", offsetof(struct conf, holidays) },
	{ "supervisor", "email", offsetof(struct conf, supervisor_email) },
	{ "supervisor", "name", offsetof(struct conf, supervisor_name) },
	{ "complaints", "address", offsetof(struct conf, complaints_address) },
	{ "complaints", "officer", offsetof(struct conf, complaints_officer) },
	{ "complaints", "officer_name",
	    offsetof(struct conf, complaints_officer_name) },
	{ "complaints", "head", offsetof(struct conf, head_email) },
};

/* Integer keys: section, key, offset of the int, smallest, largest. */
static const struct {
	const char	*sec, *key;
	size_t		 off;
	int		 min, max;
} ints[] = {
	{ "imap", "port", offsetof(struct conf, imap.port), 0, 65535 },
	{ "imap", "max_failures", offsetof(struct conf, imap_max_failures),
	    1, 100 },
	{ "imap", "idle_minutes", offsetof(struct conf, imap_idle_minutes),
	    1, 29 },
	{ "smtp", "port", offsetof(struct conf, smtp.port), 0, 65535 },
	{ "smtp", "daily_cap", offsetof(struct conf, smtp_daily_cap), 1,
	    10000 },
	{ "run", "poll_seconds", offsetof(struct conf, poll_seconds), 1,
	    3600 },
	{ "verifier", "token_days", offsetof(struct conf, token_days), 1,
	    365 },
	{ "sla", "warn_percent", offsetof(struct conf, sla_warn_percent), 1,
	    99 },
	{ "complaints", "escalate_days",
	    offsetof(struct conf, complaints_escalate_days), 1, 60 },
};

static char **
str_slot(struct conf *cf, size_t i)
{
	return (char **)((char *)cf + strings[i].off);
}

static bool
set_string_key(struct conf *cf, const char *sec, const char *key,
    const char *v)
{
	size_t i;

	for (i = 0; i < sizeof strings / sizeof *strings; i++)
		if (strcmp(strings[i].sec, sec) == 0 &&
		    strcmp(strings[i].key, key) == 0) {
			set_str(str_slot(cf, i), v);
			return true;
		}
	return false;
}

static int
on_key(void *user, const char *sec, const char *key, const char *v)
{
	struct conf_ctx *c = user;
	struct conf *cf = c->cf;

	if (set_string_key(cf, sec, key, v))
		return 1;
	for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
		if (strcmp(ints[i].sec, sec) == 0 &&
		    strcmp(ints[i].key, key) == 0) {
			int *slot = (int *)((char *)cf + ints[i].off);

			if (set_int(slot, v, ints[i].max) == -1 ||
			    *slot < ints[i].min)
				goto bad;
			return 1;
		}
	if (strcmp(sec, "paths") == 0) {
		if (strcmp(key, "store") == 0)
			set_str(&cf->store, v);
		else if (strcmp(key, "documents") == 0)
			set_str(&cf->docs_dir, v);
		else if (strcmp(key, "outbox") == 0)
			set_str(&cf->outbox_dir, v);
		else if (strcmp(key, "templates") == 0)
			set_str(&cf->templates, v);
		else
			goto unknown;
	} else if (strcmp(sec, "office") == 0) {
		if (strcmp(key, "name") == 0)
			set_str(&cf->office_name, v);
		else if (strcmp(key, "email") == 0)
			set_str(&cf->office_email, v);
		else if (strcmp(key, "hostname") == 0)
			set_str(&cf->hostname, v);
		else if (strcmp(key, "official_domains") == 0) {
			if (set_domains(cf, v) == -1)
				goto bad;
		} else
			goto unknown;
	} else if (strcmp(sec, "sla") == 0) {
		if (strcmp(key, "issuance_days") == 0) {
			if (set_int(&cf->sla_issuance_days, v, 60) == -1)
				goto bad;
		} else if (strcmp(key, "renewal_days") == 0) {
			if (set_int(&cf->sla_renewal_days, v, 60) == -1)
				goto bad;
		} else
			goto unknown;
	} else if (strcmp(sec, "ocr") == 0 && strcmp(key, "workers") == 0) {
		if (set_int(&cf->ocr_workers, v, 8) == -1 ||
		    cf->ocr_workers < 1)
			goto bad;
	} else if (strcmp(sec, "ocr") == 0 && strcmp(key, "enabled") == 0) {
		if (strcmp(v, "yes") == 0 || strcmp(v, "1") == 0)
			cf->ocr = 1;
		else if (strcmp(v, "no") == 0 || strcmp(v, "0") == 0)
			cf->ocr = 0;
		else
			goto bad;
	} else if (strcmp(sec, "deliver") == 0 &&
	    strcmp(key, "lock_wait") == 0) {
		if (set_int(&cf->lock_wait_s, v, 3600) == -1)
			goto bad;
	} else
		goto unknown;
	return 1;
unknown:
	c->why = "unknown section or key";
	return 0;
bad:
	c->why = "bad value";
	return 0;
}

static bool
security_ok(const char *v)
{
	return strcmp(v, "tls") == 0 || strcmp(v, "starttls") == 0 ||
	    strcmp(v, "none") == 0;
}

static bool
is_dir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/*
 * templates/ in the working directory, else the installed copy beside the
 * binary (PREFIX/bin/sertel -> PREFIX/share/sertel/templates, whatever
 * PREFIX was), else beside the binary in a build tree, else the
 * compiled-in data directory.
 */
static char *
default_templates(void)
{
	char exe[PATH_MAX], *slash, *t;
	ssize_t n;

	if (is_dir("templates/reply"))
		return xstrdup("templates");
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			t = xasprintf("%s/../share/sertel/templates", exe);
			if (is_dir(t))
				return t;
			free(t);
			t = xasprintf("%s/templates", exe);	/* build tree */
			if (is_dir(t))
				return t;
			free(t);
		}
	}
	return xstrdup(SERTEL_DATADIR "/templates");
}

/* Why the hours or the holiday file were refused (conf_load's *why). */
static char calwhy[256];

enum pl_status
conf_load(struct conf *cf, const char *path, const char **why, int *line)
{
	struct conf_ctx c = { cf, NULL };
	long n;

	memset(cf, 0, sizeof *cf);
	cf->store = xstrdup("var/sertel.db");
	cf->docs_dir = xstrdup("var/docs");
	cf->outbox_dir = xstrdup("var/outbox");
	cf->templates = default_templates();
	cf->office_name = xstrdup("Layanan Sertifikat Elektronik Diskominfo "
	    "Kota Pekalongan");
	cf->office_email = xstrdup("layanan.tte@pekalongankota.go.id");
	cf->hostname = xstrdup("pekalongankota.go.id");
	cf->domains[cf->ndomains++] = xstrdup("pekalongankota.go.id");
	cf->sla_issuance_days = 5;
	cf->sla_renewal_days = 1;
	cf->lock_wait_s = 30;
	cf->ocr = 1;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	cf->ocr_workers = n < 1 ? 1 : n > 8 ? 8 : (int)n;
	cf->letters_dir = xstrdup("var/letters");
	cf->verifier_email = xstrdup("verifikator.tte@pekalongankota.go.id");
	cf->verifier_name = xstrdup("Verifikator Sertifikat Elektronik");
	cf->letter.place = xstrdup("Pekalongan");
	cf->letter.addressee = xstrdup("Kepala Badan Siber dan Sandi Negara "
	    "cq. Kepala Balai Besar Sertifikasi Elektronik");
	cf->letter.addressee_city = xstrdup("Jakarta");
	cf->letter.number = xstrdup("000.8.3.3/{serial}/Diskominfo");
	/* A made-up official: the operator sets the real one. */
	cf->letter.signer_name = xstrdup("Hendra Wibisono Saputra, S.Kom., "
	    "M.M.");
	cf->letter.signer_nip = xstrdup("197503122000031004");
	cf->letter.signer_position = xstrdup("Kepala Dinas Komunikasi dan "
	    "Informatika Kota Pekalongan");
	cf->letter.signer_rank = xstrdup("Pembina Utama Muda");
	cf->letter.logo = xstrdup("");
	cf->letter.cert = xstrdup("var/tte/cert.pem");
	cf->letter.key = xstrdup("var/tte/key.pem");
	cf->letter.key_password_file = xstrdup("");
	cf->imap.host = xstrdup("");
	cf->imap.security = xstrdup("tls");
	cf->imap.ca_file = xstrdup("");
	cf->imap.user = xstrdup("");
	cf->imap.password_file = xstrdup("");
	cf->imap_mailbox = xstrdup("INBOX");
	cf->imap_processed = xstrdup("Processed");
	cf->imap_quarantine = xstrdup("Quarantine");
	cf->imap_max_failures = 3;
	cf->imap_idle_minutes = 25;
	cf->smtp.host = xstrdup("");
	cf->smtp.security = xstrdup("starttls");
	cf->smtp.ca_file = xstrdup("");
	cf->smtp.user = xstrdup("");
	cf->smtp.password_file = xstrdup("");
	cf->smtp_daily_cap = 20;
	cf->inbox_dir = xstrdup("var/inbox");
	cf->poll_seconds = 5;
	cf->pid_file = xstrdup("var/sertel.pid");
	cf->token_keys = xstrdup("var/tokens.key");
	cf->master_key = xstrdup("var/master.key");
	cf->token_days = 14;
	cf->authserv_id = xstrdup("");
	cf->bsre_sender = xstrdup("");
	cf->bsre_subject = xstrdup("Sertifikat Elektronik");
	cf->sla_hours = xstrdup(CAL_DEFAULT_HOURS);
	cf->holidays = xstrdup("");
	cf->sla_warn_percent = 80;
	cf->supervisor_email = xstrdup("kabid.aptika@pekalongankota.go.id");
	cf->supervisor_name = xstrdup("Kepala Bidang Aplikasi dan "
	    "Persandian");
	cf->complaints_address = xstrdup("");
	cf->complaints_officer = xstrdup("pengaduan.diskominfo@"
	    "pekalongankota.go.id");
	cf->complaints_officer_name = xstrdup("Pejabat Pengaduan Dinas "
	    "Komunikasi dan Informatika");
	cf->head_email = xstrdup("kadis.diskominfo@pekalongankota.go.id");
	cf->complaints_escalate_days = 3;
	*line = 0;
	if (path == NULL)
		return cal_init(&cf->cal, cf->sla_hours, cf->holidays, calwhy,
		    sizeof calwhy) == 0 ? PL_OK : PL_ECONF;
	*line = ini_parse(path, on_key, &c);
	if (*line == -1) {
		*why = "cannot open the configuration file";
		return PL_ECONF;
	}
	if (*line != 0) {
		*why = c.why ? c.why : "syntax error";
		return PL_ECONF;
	}
	str_lower(cf->office_email);
	if (!security_ok(cf->imap.security) || !security_ok(cf->smtp.security)) {
		*why = "security must be tls, starttls or none";
		return PL_ECONF;
	}
	if (cal_init(&cf->cal, cf->sla_hours, cf->holidays, calwhy,
	    sizeof calwhy) == -1) {
		*why = calwhy;
		return PL_ECONF;
	}
	/* Passwords in clear only over loopback. */
	if ((strcmp(cf->imap.security, "none") == 0 && *cf->imap.host &&
	    !tls_is_loopback(cf->imap.host)) ||
	    (strcmp(cf->smtp.security, "none") == 0 && *cf->smtp.host &&
	    !tls_is_loopback(cf->smtp.host))) {
		*why = "security = none is allowed only for a loopback host";
		return PL_ECONF;
	}
	return PL_OK;
}

void
conf_free(struct conf *cf)
{
	size_t i;

	free(cf->store);
	free(cf->docs_dir);
	free(cf->outbox_dir);
	free(cf->templates);
	free(cf->office_name);
	free(cf->office_email);
	free(cf->hostname);
	for (i = 0; i < cf->ndomains; i++)
		free(cf->domains[i]);
	for (i = 0; i < sizeof strings / sizeof *strings; i++)
		free(*str_slot(cf, i));
	cal_free(&cf->cal);
	memset(cf, 0, sizeof *cf);
}
