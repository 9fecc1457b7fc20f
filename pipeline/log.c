/* log: leveled key=value log lines to stderr or syslog, errno preserved. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include "log.h"

int log_verbose;
static int log_syslog;
static const char *log_prog = "sertel";

void
log_init(const char *progname, int use_syslog)
{
	log_prog = progname;
	log_syslog = use_syslog;
	if (use_syslog)
		openlog(progname, LOG_PID | LOG_NDELAY, LOG_MAIL);
}

/*
 * The last guard of personal data: whatever a caller put in a line, a run
 * of LOG_MASK_RUN or more digits (a NIK has 16, a NIP 18, a mobile number
 * 11-13) keeps only its first 4 and last 2 digits.
 */
static size_t	digit_run(const unsigned char *);

static void
mask_line(char *s)
{
	size_t run, i;

	while (*s) {
		run = digit_run((const unsigned char *)s);
		if (run >= LOG_MASK_RUN)
			for (i = 4; i + 2 < run; i++)
				s[i] = '*';
		s += run ? run : 1;
	}
}

static void
vlog(int pri, const char *lvl, const char *fmt, va_list ap, const char *err)
{
	char line[2048];
	int saved = errno;

	vsnprintf(line, sizeof line, fmt, ap);
	mask_line(line);
	if (log_syslog) {
		if (err)
			syslog(pri, "level=%s %s err=\"%s\"", lvl, line, err);
		else
			syslog(pri, "level=%s %s", lvl, line);
	} else if (err)
		fprintf(stderr, "%s: level=%s %s err=\"%s\"\n", log_prog, lvl,
		    line, err);
	else
		fprintf(stderr, "%s: level=%s %s\n", log_prog, lvl, line);
	errno = saved;
}

void
log_warn(const char *fmt, ...)
{
	va_list ap;
	const char *e = strerror(errno);

	va_start(ap, fmt);
	vlog(LOG_WARNING, "warn", fmt, ap, e);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_WARNING, "warn", fmt, ap, NULL);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_verbose < 1)
		return;
	va_start(ap, fmt);
	vlog(LOG_INFO, "info", fmt, ap, NULL);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (log_verbose < 2)
		return;
	va_start(ap, fmt);
	vlog(LOG_DEBUG, "debug", fmt, ap, NULL);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	va_list ap;
	const char *e = strerror(errno);

	va_start(ap, fmt);
	vlog(LOG_CRIT, "fatal", fmt, ap, e);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog(LOG_CRIT, "fatal", fmt, ap, NULL);
	va_end(ap);
	exit(1);
}

const char *
log_mask(char *buf, size_t size, const char *d)
{
	size_t n = d ? strlen(d) : 0, i;

	if (size == 0)
		return buf;
	if (n + 1 > size)
		n = size - 1;
	for (i = 0; i < n; i++)
		buf[i] = (i < 4 || i + 2 >= n) ? d[i] : '*';
	buf[n] = '\0';
	return buf;
}

const char *
log_esc(char *buf, size_t size, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t o = 0, in = 0, run, i;

	while (*p && in < 200 && o + 5 < size) {
		run = digit_run(p);
		if (run >= 10) {
			for (i = 0; i < run && o + 1 < size; i++)
				buf[o++] = (i < 4 || i + 2 >= run) ? p[i] : '*';
			p += run;
			in += run;
			continue;
		}
		if (*p >= 0x20 && *p < 0x7f && *p != '\\' && *p != '"')
			buf[o++] = *p;
		else
			o += snprintf(buf + o, size - o, "\\x%02x", *p);
		p++;
		in++;
	}
	if (*p && o + 4 < size) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o < size ? o : size - 1] = '\0';
	return buf;
}

/* Length of the digit run starting at s. */
static size_t
digit_run(const unsigned char *s)
{
	size_t n = 0;

	while (isdigit(s[n]))
		n++;
	return n;
}
