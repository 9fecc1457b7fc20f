/* identity.h: the identity rules (NIK, NIP, names, e-mail): pure functions. */
#ifndef PL_IDENTITY_H
#define PL_IDENTITY_H

#include <stdbool.h>
#include <stddef.h>

#include "pipeline.h"

/* A NIK taken apart: PPKKCC DDMMYY SSSS. */
struct nik {
	char	digits[17];
	char	region[7];	/* PPKKCC, the place of first registration */
	int	year, month, day;	/* birth date, 4-digit year */
	bool	female;		/* day was 41-71 */
	int	serial;
};

/* A NIP taken apart: YYYYMMDD YYYYMM G NNN. */
struct nip {
	char	digits[19];
	int	year, month, day;	/* birth date */
	int	ayear, amonth;		/* appointment (TMT CPNS) */
	bool	female;			/* gender digit 2 */
	int	serial;
};

/* A day that exists in the Gregorian calendar, years 1900-2100. */
bool		 identity_date_ok(int y, int m, int d);

/*
 * Check and take apart a NIK (digits only, as the form and KTP readers
 * give it). The two-digit year is resolved so the person is 0-99 years old
 * in now_year. PL_OK, or PL_EINPUT with *why a static Indonesian sentence:
 * not 16 digits, unknown region code (in neither Kemendagri list), no such
 * date, serial 0000.
 */
enum pl_status	 identity_nik(const char *s, int now_year, struct nik *out,
		    const char **why);
/*
 * Check and take apart a NIP: 18 digits, a real birth date, a real
 * appointment month not before the 18th birthday, gender digit 1 or 2,
 * serial not 000. PL_OK or PL_EINPUT with *why.
 */
enum pl_status	 identity_nip(const char *s, struct nip *out, const char **why);

/*
 * A name reduced for comparison: academic and religious titles dropped
 * ("Dr. Ir. H. Budi Santoso, S.Kom., M.T." -> "BUDI SANTOSO"), upper case,
 * letters and single spaces only. The caller owns the result.
 */
char		*identity_name_norm(const char *name);
/* Edit distance of the normalised names (Levenshtein, bytes). */
int		 identity_name_distance(const char *a, const char *b);

/* Is the e-mail address on one of the official domains (or a subdomain)? */
bool		 identity_email_official(const char *email,
		    char *const *domains, size_t ndomains);

/* What is known about a person, from the form and from the KTP. */
struct identity_in {
	const char	*form_nik, *form_nip, *form_nama;
	const char	*ktp_nik, *ktp_nama;
	const char	*ktp_lahir;	/* "YYYY-MM-DD" as printed */
	const char	*ktp_sex;	/* "LAKI-LAKI" or "PEREMPUAN" */
	const char	*ktp_region;	/* PPKK of the card's city, or NULL */
	int		 now_year;
	int		 max_name_distance;	/* tolerated OCR distance */
};

/* A check's verdict: ok, a mismatch of the data, or unknown. */
enum id_verdict { ID_OK, ID_MISMATCH, ID_UNKNOWN };

struct id_check {
	const char	*name;		/* static, e.g. "nik_form_ktp" */
	enum id_verdict	 verdict;
	char		*detail;	/* owned; Indonesian, digits masked */
};

#define ID_MAX_CHECKS	12

/*
 * Run every identity rule that the known data allows and append one
 * id_check per rule to out (at most ID_MAX_CHECKS); returns the count.
 * NIKs and NIPs in details are masked (3375**********01). Pure.
 */
size_t		 identity_checks(const struct identity_in *in,
		    struct id_check *out);
void		 identity_checks_free(struct id_check *c, size_t n);

#endif
