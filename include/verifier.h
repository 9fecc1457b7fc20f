/*
 * verifier.h: reading the verifier's reply by mail: the command written
 * above the quote, and whether the receiving MTA authenticated the sender.
 * Both are pure: no I/O, no logging; the caller logs what they return.
 */
#ifndef PL_VERIFIER_H
#define PL_VERIFIER_H

#include <stdbool.h>
#include <stddef.h>

#define VERIFIER_MAX_LINES	50	/* body lines examined, blanks too */
#define VERIFIER_MAX_LINE	4096	/* bytes of a line examined */
#define VERIFIER_MAX_AR		50	/* Authentication-Results fields */
#define VERIFIER_MAX_COMMENT	8	/* nested comments in one field */

enum vcmd {
	VCMD_NONE = 0,		/* no command: record it, answer with help */
	VCMD_APPROVE,		/* SETUJU / APPROVE */
	VCMD_REJECT,		/* TOLAK <alasan> / REJECT <reason> */
	VCMD_ISSUED,		/* TERBIT / ISSUED */
};

/*
 * The command of a reply whose text/plain body (UTF-8, CRLF, LF or bare
 * CR line ends; NULL is an empty body) is body.
 *
 * Only the lines above the quote count. The quote starts at the first
 * line that begins with '>'; a signature separator "-- " (or "--"); a
 * line made only of '-', '_' or '='; "-----Original Message-----",
 * "-------- Pesan Asli --------", "Forwarded message", "Pesan terusan"
 * between dashes; an attribution ending in "wrote:" or "menulis:" (also
 * when "On ..." / "Pada ..." starts up to four lines before it); an
 * Outlook header block ("From:" or "Dari:" followed by "Sent:", "Date:",
 * "To:", "Subject:", "Dikirim:", "Tanggal:", "Kepada:", "Subjek:", ...);
 * or a mobile footer ("Sent from my ...", "Dikirim dari iPhone ...",
 * "Get Outlook for ..."). Leading blank lines are skipped; blanks include
 * U+00A0, U+FEFF (BOM), U+200B-U+200F, U+2060 and the Unicode spaces.
 *
 * The first non-blank line is the command; its word is matched without
 * regard to case. SETUJU, APPROVE, TERBIT and ISSUED count only alone on
 * the line, optionally followed by ". ! , ; : *": "setuju ya" or
 * "Setuju?" is chatty or a question, not a command, and a wrong approval
 * cannot be taken back (the letter gets a number and a signature), so it
 * gives VCMD_NONE and the verifier is sent the help. TOLAK and REJECT
 * take a reason: the rest of the line after blanks and an optional ':',
 * '-', en or em dash (or ". , ; !"), plus the following lines up to a
 * blank line or the quote, joined by single spaces, control characters
 * removed, invalid UTF-8 replaced by U+FFFD, cut on a character boundary
 * to size - 1 bytes. A TOLAK without a reason is VCMD_NONE: a rejection
 * must tell the applicant why. Everything else is VCMD_NONE.
 *
 * A '*' before the word (Gmail's bold) is skipped. A command written
 * below the quote (bottom-posting) is not seen: VCMD_NONE.
 *
 * reason (size bytes, may be NULL when size is 0) is set to "" unless the
 * result is VCMD_REJECT. Only the first VERIFIER_MAX_LINES lines are
 * looked at, and the first VERIFIER_MAX_LINE bytes of each; a SETUJU line
 * longer than that is VCMD_NONE, since what follows the word was not read.
 */
enum vcmd	 verifier_command(const char *body, char *reason, size_t size);

/* "none", "approve", "reject", "issued"; "?" otherwise. */
const char	*verifier_command_name(enum vcmd c);

/*
 * Did the receiving MTA authenticate the reply? auth_results[0..n) are
 * the values of the reply's own Authentication-Results fields (RFC 8601;
 * a leading "Authentication-Results:" is skipped; folding, comments and
 * quoted strings allowed), in any order. Only fields whose authserv-id
 * equals authserv_id (without regard to case; an authres-version after it
 * is skipped) are trusted: any sender can add fields naming another
 * host. The reply passes when the trusted fields, taken together, hold
 * dmarc=pass, or dkim=pass, and none holds dmarc=fail.
 *
 * Returns true without looking when authserv_id is NULL or "" (the MTA
 * stamps nothing: the check is off). Returns false when no trusted field
 * says pass, when a trusted field cannot be parsed or is longer than
 * PL_MAX_HDR (it might hold a fail), and when n > VERIFIER_MAX_AR.
 *
 * Two limits the caller must know. The MTA must remove incoming fields
 * that claim its own authserv-id (RFC 8601 section 5), or a sender can
 * forge a pass where the real field says none. And dkim=pass is not
 * checked against the From domain (the signature has no sender): when
 * the verifiers' domain publishes no DMARC record, a message signed by
 * any domain passes, and the secrecy of the token (only the verifier's
 * mailbox has it) is then all that stops a forged From.
 */
bool		 verifier_auth_ok(const char *const *auth_results, size_t n,
		    const char *authserv_id);

#endif
