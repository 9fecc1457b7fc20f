/* verify.h: is this letter the one the office signed? */
#ifndef PL_VERIFY_H
#define PL_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline.h"
#include "sign.h"
#include "store.h"

enum verify_reg {
	VREG_UNCHECKED,		/* no register at hand */
	VREG_MATCH,		/* number, QR hash and file all as issued */
	VREG_UNKNOWN,		/* no letter with this number */
	VREG_MISMATCH,		/* the number exists with another hash */
	VREG_OTHER_FILE		/* same letter, but not the file issued */
};

struct verify_result {
	struct sign_check	 sig;
	bool			 qr_found;	/* our QR on the last pages */
	char			 number[128];	/* from the QR */
	char			 sha[65];	/* from the QR */
	bool			 number_in_text;	/* printed on the letter */
	enum verify_reg		 reg;
	char			 codes[256];	/* requests of the letter */
};

/*
 * Check pdf[0..len): the last signature (sign_check, with ca_file), the
 * QR code on the last pages (rendered and decoded in a capped child
 * process), the QR's number printed in the letter's text, and, with st,
 * the register: the number is ours, the QR hash is the hash of the
 * record kept for it, the file is the one written. PL_OK with v filled;
 * true from verify_ok() only when everything checked holds.
 */
enum pl_status	 verify_letter(const char *pdf, size_t len,
		    const char *ca_file, struct store *st,
		    struct verify_result *v);
bool		 verify_ok(const struct verify_result *v, bool need_trust);

#endif
