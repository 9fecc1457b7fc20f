/* conf.h: configuration from an INI file (libinih) over built-in defaults. */
#ifndef PL_CONF_H
#define PL_CONF_H

#include <stddef.h>

#include "calendar.h"
#include "pipeline.h"

#define CONF_MAX_DOMAINS 8

struct conf {
	char	*store;		/* owned; SQLite file */
	char	*docs_dir;	/* owned; stored documents */
	char	*outbox_dir;	/* owned; Maildir the outbox is delivered to */
	char	*templates;	/* owned; templates/ directory */
	char	*office_name;	/* owned; display name of our address */
	char	*office_email;	/* owned; our address (From of replies) */
	char	*hostname;	/* owned; right side of our Message-IDs */
	char	*domains[CONF_MAX_DOMAINS];	/* owned; official domains */
	size_t	 ndomains;
	int	 sla_issuance_days;
	int	 sla_renewal_days;
	int	 lock_wait_s;	/* how long `deliver` waits for the lock */
	int	 ocr;		/* read KTP scans and scanned pages (1/0) */
	int	 ocr_workers;	/* OCR processes, one per core */
	char	*letters_dir;	/* owned; drafted and signed letters */
	char	*verifier_email;	/* owned; who reviews the letters */
	char	*verifier_name;		/* owned */
	struct conf_letter {		/* [letter]: all owned */
		char	*place;		/* "Pekalongan" (the date line) */
		char	*addressee;	/* "Kepala Badan Siber ... cq. ..." */
		char	*addressee_city;	/* "Jakarta" */
		char	*number;	/* "000.8.3.3/{serial}/Diskominfo" */
		char	*signer_name, *signer_nip, *signer_position,
			*signer_rank;
		char	*logo;		/* PNG or JPEG, or "" */
		char	*cert, *key;	/* PEM, or PKCS#12 in cert, key "" */
		char	*key_password_file;	/* or "" */
	} letter;
	struct conf_mail {		/* [imap] and [smtp]: strings owned */
		char	*host;		/* "": not used (Maildir) */
		int	 port;		/* 0: the security's default */
		char	*security;	/* tls, starttls, none */
		char	*ca_file;	/* "": the system's CAs */
		char	*user;
		char	*password_file;	/* first line is the password */
	} imap, smtp;
	char	*imap_mailbox;		/* owned; "INBOX" */
	char	*imap_processed;	/* owned; "Processed" */
	char	*imap_quarantine;	/* owned; "Quarantine" */
	int	 imap_max_failures;	/* tries before Quarantine */
	int	 imap_idle_minutes;	/* IDLE re-issued after this */
	int	 smtp_daily_cap;	/* automatic mails to one address a day */
	char	*inbox_dir;		/* owned; Maildir polled without IMAP */
	int	 poll_seconds;		/* Maildir polling interval */
	char	*pid_file;		/* owned; the daemon's lock */
	char	*token_keys;		/* owned; reply-token key file */
	char	*master_key;		/* owned; keys of the sealed files */
	int	 token_days;		/* a verifier's reply address lives */
	char	*authserv_id;		/* owned; "" = no DKIM/DMARC check */
	char	*bsre_sender;		/* owned; issuance notices come from */
	char	*bsre_subject;		/* owned; ... with this in the subject */
	char	*sla_hours;		/* owned; [sla] hours */
	char	*holidays;		/* owned; [sla] holidays file, or "" */
	int	 sla_warn_percent;	/* the verifier is warned at this */
	char	*supervisor_email;	/* owned; gets the overdue requests */
	char	*supervisor_name;	/* owned */
	char	*complaints_address;	/* owned; mail to it is a complaint */
	char	*complaints_officer;	/* owned; who handles complaints */
	char	*complaints_officer_name;	/* owned */
	char	*head_email;		/* owned; head of office: escalation */
	int	 complaints_escalate_days;	/* working days before it */
	struct cal cal;			/* owned; hours and holidays */
};

/*
 * Fill cf with the embedded defaults, then read path (NULL: defaults only).
 * PL_ECONF with *why (static) and *line when the file is unreadable or has
 * an unknown key or a bad value.
 */
enum pl_status	 conf_load(struct conf *cf, const char *path, const char **why,
		    int *line);
void		 conf_free(struct conf *cf);

#endif
