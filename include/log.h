/* log.h: key=value log lines to stderr (or syslog), one per event. */
#ifndef PL_LOG_H
#define PL_LOG_H

#include <stddef.h>

extern int log_verbose;		/* raised by each -v */

void	log_init(const char *progname, int use_syslog);
void	log_warn(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_info(const char *, ...) __attribute__((format(printf, 1, 2)));
void	log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Only main.c and xmem.c may call these: they exit(1). */
void	fatal(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));
void	fatalx(const char *, ...)
	    __attribute__((format(printf, 1, 2), noreturn));

/*
 * Escape an untrusted string for a log line: printable ASCII kept, the rest
 * as \xNN, cut at 200 bytes, digit runs of 10 or more masked (NIK, NIP,
 * phone numbers) as in "3375**********01". Writes into buf (size > 0), returns
 * buf. s may be NULL.
 */
const char *log_esc(char *buf, size_t size, const char *s);
#define LOG_ESC_SIZE	820
/* Digit runs this long or longer are masked in every log line. */
#define LOG_MASK_RUN	11

/* Mask a NIK/NIP-like digit string: keep the first 4 and last 2 digits. */
const char *log_mask(char *buf, size_t size, const char *digits);

#endif
