/*
 * pipeline.h: status codes, hard limits and the plain structs that run.c
 * passes between the stages. Every cap on untrusted input lives here.
 */
#ifndef PL_PIPELINE_H
#define PL_PIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum pl_status {
	PL_OK = 0,
	PL_DONE,		/* iterator exhausted: not an error */
	PL_ETEMP,		/* retry later: lock, disk full, busy store */
	PL_EINPUT,		/* this message is bad: quarantine, never retry */
	PL_ECONF,		/* operator must fix the configuration: stop */
};

/* Hard limits on untrusted input. Exceeding any gives PL_EINPUT. */
#define PL_MAX_MSG		(25u << 20)	/* raw message bytes */
#define PL_MAX_HDR		(64u << 10)	/* one header block */
#define PL_MAX_LINE		(64u << 10)	/* one physical line */
#define PL_MAX_HDR_FIELDS	500		/* fields in one header block */
#define PL_MAX_MIME_DEPTH	16		/* multipart/message nesting */
#define PL_MAX_PARTS		200		/* MIME parts in one message */
#define PL_MAX_BOUNDARY		70		/* RFC 2046 boundary length */
#define PL_MAX_DECODED		(40u << 20)	/* all decoded part bodies */
#define PL_MAX_ATTACH		100		/* documents per message */
#define PL_MAX_NAME		255		/* bytes of a sender file name */
#define PL_MAX_RCPTS	100		/* recipient addresses kept */
#define PL_MAX_AUTHRES	50		/* Authentication-Results kept */
#define PL_MAX_REFS		50		/* References ids looked up */
#define PL_MAX_BODY_TEXT	(1u << 20)	/* body text kept, UTF-8 */
#define PL_MAX_HTML_NODES	100000		/* HTML elements walked */
#define PL_MAX_HTML_DEPTH	256		/* HTML nesting walked */
#define PL_MAX_ZIP_ENTRIES	50		/* files in one archive */
#define PL_MAX_ZIP_TOTAL	(40u << 20)	/* bytes unpacked, whole zip */
#define PL_MAX_ZIP_RATIO	100		/* unpacked / packed */
#define PL_MAX_IMG_PIXELS	(40u * 1000 * 1000)
#define PL_MAX_IMG_SIDE		12000		/* pixels on either side */
#define PL_MAX_JPEG_SCANS	100		/* scans of a progressive JPEG */
#define PL_OCR_TIMEOUT_S	60		/* one image in the OCR worker */
#define PL_OCR_MEM		(1u << 30)	/* OCR worker address space */
#define PL_MAX_PDF_PAGES	50		/* pages whose text is read */
#define PL_MAX_PDF_TEXT		(256u << 10)	/* text kept per PDF */
#define PL_PDF_TIMEOUT_S	20		/* PDF worker wall clock */
#define PL_PDF_MEM		(512u << 20)	/* PDF worker address space */
#define PL_MAX_FIELD		512		/* one form value, bytes */

/* The document types of the issuance procedure (DESIGN.md §2). */
enum pl_doctype {
	DOC_OTHER = 0,
	DOC_SURAT_PERMOHONAN,
	DOC_FORMULIR,
	DOC_REKOMENDASI,
	DOC_KTP,
	DOC_SK_JABATAN,
	DOC_PERUBAHAN_DATA,	/* renewal: the data-change form */
	DOC_NTYPES
};

/* What the magic bytes say a file is; never the declared type. */
enum pl_filekind {
	FK_UNKNOWN = 0,
	FK_PDF,
	FK_JPEG,
	FK_PNG,
	FK_TIFF,
	FK_GIF,
	FK_BMP,
	FK_WEBP,
	FK_HEIC,
	FK_ZIP,
	FK_DOCX,
	FK_OLE,		/* .doc / .xls of old Office */
	FK_EXEC,	/* ELF, PE, Mach-O, scripts: refused */
	FK_TEXT,
	FK_NKINDS
};

/* One attachment (or archive member) of a message. */
struct pl_part {
	char		*filename;	/* owned; UTF-8, sanitized; may be NULL */
	char		*declared_type;	/* owned; lower case, e.g. "image/jpeg" */
	char		*content_id;	/* owned; may be NULL */
	bool		 is_inline;	/* Content-Disposition: inline */
	unsigned char	*data;		/* owned; decoded bytes */
	size_t		 len;
	char		*archive;	/* owned; name of the zip it came from */
	int		 inner;		/* 1 if from a forwarded message/rfc822 */
};

/* A parsed message: what the later stages need, decoded to UTF-8. */
struct pl_msg {
	char		*message_id;	/* owned; with angle brackets, or NULL */
	char		*in_reply_to;	/* owned; first id, or NULL */
	char		**refs;		/* owned; References ids, <= PL_MAX_REFS */
	size_t		 nrefs;
	char		*from_name;	/* owned; display name, UTF-8 */
	char		*from_email;	/* owned; lower case addr-spec */
	char		*reply_to;	/* owned; addr-spec or NULL */
	char		*subject;	/* owned; UTF-8, one line */
	char		*date;		/* owned; as in the header */
	char		*auto_reason;	/* owned; why this is automatic mail */
	char		*body_text;	/* owned; UTF-8 text of the body */
	/* A forwarded request (message/rfc822 inside): the applicant. */
	char		*inner_from_name;	/* owned */
	char		*inner_from_email;	/* owned */
	char		*inner_subject;		/* owned */
	char		*inner_body_text;	/* owned */
	struct pl_part	*parts;		/* owned; nparts elements */
	size_t		 nparts;
	char		**notes;	/* owned; problems found, Indonesian */
	size_t		 nnotes;
	char		**rcpts;	/* owned; To, Cc, Delivered-To... */
	size_t		 nrcpts;
	char		**auth_results;	/* owned; Authentication-Results */
	size_t		 nauth_results;
};

/* A form value and where it came from. */
struct pl_field {
	const char	*name;		/* static canonical name, e.g. "nik" */
	char		*value;		/* owned; UTF-8, one line */
	char		*source;	/* owned; e.g. "body", "pdf:form.pdf" */
};

/* The registration form's fields, in pl_field_names order. */
enum pl_field_id {
	PL_F_NAMA = 0, PL_F_NIK, PL_F_NIP, PL_F_PANGKAT, PL_F_JABATAN,
	PL_F_UNIT_KERJA, PL_F_INSTANSI, PL_F_EMAIL_DINAS, PL_F_NO_HP,
	PL_NFIELDS
};
extern const char *const pl_field_names[PL_NFIELDS];
extern const char *const pl_doctype_names[DOC_NTYPES];
extern const char *const pl_filekind_names[FK_NKINDS];

/* A stored document of a request. */
struct pl_doc {
	int64_t		 id;
	enum pl_doctype	 type;
	char		*filename;	/* owned; as sent (metadata only) */
	char		*content_type;	/* owned; from magic bytes */
	char		*declared_type;	/* owned; as the sender declared */
	size_t		 size;
	char		 sha256[65];
	char		*stored;	/* owned; generated file name */
	bool		 usable;
	char		*note;		/* owned; why unusable, Indonesian */
	char		*archive;	/* owned; zip it came from, or NULL */
	char		*ocr;		/* owned; KTP reading as JSON, or NULL */
};

struct pl_event {
	char		 at[32];	/* ISO 8601, Asia/Jakarta */
	time_t		 when;
	char		*status;	/* owned */
	char		*actor;		/* owned */
	char		*reason;	/* owned */
};

struct pl_msgref {
	char		*message_id;	/* owned; "" when the mail had none */
	char		*from;		/* owned */
	char		*subject;	/* owned */
	char		*date;		/* owned; ISO 8601 or "" */
};

struct pl_check {
	char		*name;		/* owned */
	bool		 ok;
	char		*detail;	/* owned */
};

/* A request as the store holds it (loaded whole for show/evaluate). */
struct pl_request {
	int64_t		 id;
	char		 code[24];	/* "SE-2026-000001" */
	char		*type;		/* owned; "issuance" or "renewal" */
	char		*status;	/* owned; DESIGN.md §4 */
	char		*applicant_email;	/* owned; where replies go */
	char		*applicant_name;	/* owned; display name */
	char		*forwarder_email;	/* owned; may be NULL */
	time_t		 created_at, updated_at, received_at;
	struct pl_field	 fields[PL_NFIELDS];	/* values owned */
	struct pl_doc	*docs;		/* owned */
	size_t		 ndocs;
	struct pl_msgref *msgs;		/* owned */
	size_t		 nmsgs;
	struct pl_event	*events;	/* owned */
	size_t		 nevents;
	struct pl_check	*checks;	/* owned */
	size_t		 nchecks;
	char		**missing;	/* owned; doc type names */
	size_t		 nmissing;
	char		*last_msgid;	/* owned; newest message of the thread */
	bool		 data_changed;	/* renewal: the data form is needed */
	char		*refs;		/* owned; References for a reply */
};

/* Release everything a pl_request owns (not the struct). */
void	pl_request_clear(struct pl_request *r);

#endif
