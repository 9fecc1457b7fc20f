/* test_mime: mime_parse, mime_precheck, mime_addr on messages built here. */
#include "testlib.h"

#include "buf.h"
#include "form.h"
#include "mime.h"
#include "pipeline.h"
#include "util.h"
#include "xmem.h"

#define PDF_B64	"JVBERi0xLjQKJeLjz9MKMSAwIG9iago8PD4+CmVuZG9iagolJUVPRgo="
#define PDF_RAW	"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
#define PDF_LEN	41
#define JPG_B64	"/9j/4AAQSkZJRgABAQAAAQABAAD/2Q=="
#define JPG_RAW	"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00" \
		"\x01\x00\x00\xff\xd9"
#define JPG_LEN	22
#define PNG_B64	"iVBORw0KGgoAAAANSUhEUg=="

/* s with every "\n" made "\r\n" (as mail travels); caller frees. */
static char *
crlf(const char *s, size_t *len)
{
	struct buf b;

	buf_init(&b, 64u << 20);
	for (; *s; s++) {
		if (*s == '\n')
			buf_addc(&b, '\r');
		buf_addc(&b, *s);
	}
	return buf_steal(&b, len);
}

/*
 * Parse s (LF line ends, made CRLF) from a heap copy that is freed before
 * the result is looked at (the contract lets the caller free raw).
 */
static struct pl_msg *
parse_ok(const char *s)
{
	struct pl_msg *m = NULL;
	const char *why = NULL;
	size_t len;
	char *raw = crlf(s, &len);
	enum pl_status st = mime_parse(raw, len, &m, &why);

	memset(raw, 'X', len);
	free(raw);
	if (st != PL_OK)
		fail_msg("mime_parse: status %d why=%s", st, why ? why : "?");
	assert_non_null(m);
	return m;
}

static const struct pl_part *
part_named(const struct pl_msg *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nparts; i++)
		if (m->parts[i].filename && strcmp(m->parts[i].filename,
		    name) == 0)
			return &m->parts[i];
	fail_msg("no part named \"%s\" among %zu parts", name, m->nparts);
	return NULL;
}

/* ---- structure --------------------------------------------------------- */

static const char msg_mixed[] =
    "Return-Path: <budi.santoso@pekalongankota.go.id>\n"
    "From: \"Budi Santoso, S.Kom\" <Budi.Santoso@PekalonganKota.go.id>\n"
    "To: sertel@pekalongankota.go.id\n"
    "Subject: Permohonan Sertifikat Elektronik\n"
    "Date: Sat, 21 Nov 2026 10:00:00 +0700\n"
    "Message-ID: <CAB123@mail.gmail.com>\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"000000000000abcdef\"\n"
    "\n"
    "This is a multi-part message in MIME format.\n"
    "--000000000000abcdef\n"
    "Content-Type: text/plain; charset=\"UTF-8\"\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "Yth. Admin,\n"
    "Nama : Budi Santoso\n"
    "NIP : 19850312 201001 1 003\n"
    "Terima kasih=2C salam=\n"
    " hormat\n"
    "--000000000000abcdef\n"
    "Content-Type: application/pdf; name=\"Surat Permohonan.pdf\"\n"
    "Content-Disposition: attachment; filename=\"Surat Permohonan.pdf\"\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    PDF_B64 "\n"
    "--000000000000abcdef\n"
    "Content-Type: IMAGE/JPEG; name=\"KTP.jpg\"\n"
    "Content-Disposition: attachment; filename=\"KTP.jpg\"\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "/9j/4AAQSkZJRgAB\n"
    "AQAAAQABAAD/2Q==\n"
    "--000000000000abcdef--\n"
    "epilogue\n";

static void
test_mixed_two_attachments(void **state)
{
	struct pl_msg *m = parse_ok(msg_mixed);
	const struct pl_part *p;

	(void)state;
	assert_int_equal(m->nparts, 2);
	p = part_named(m, "Surat Permohonan.pdf");
	assert_string_equal(p->declared_type, "application/pdf");
	assert_int_equal(p->len, PDF_LEN);
	assert_memory_equal(p->data, PDF_RAW, PDF_LEN);
	assert_false(p->is_inline);
	assert_int_equal(p->inner, 0);
	assert_null(p->archive);
	p = part_named(m, "KTP.jpg");
	assert_string_equal(p->declared_type, "image/jpeg");
	assert_int_equal(p->len, JPG_LEN);
	assert_memory_equal(p->data, JPG_RAW, JPG_LEN);

	assert_string_equal(m->from_email, "budi.santoso@pekalongankota.go.id");
	assert_string_equal(m->from_name, "Budi Santoso, S.Kom");
	assert_string_equal(m->subject, "Permohonan Sertifikat Elektronik");
	assert_string_equal(m->message_id, "<CAB123@mail.gmail.com>");
	assert_string_equal(m->date, "2026-11-21T10:00:00+07:00");
	assert_null(m->auto_reason);
	assert_null(m->inner_from_email);
	assert_non_null(strstr(m->body_text, "Nama : Budi Santoso\n"));
	assert_non_null(strstr(m->body_text, "Terima kasih, salam hormat"));
	assert_null(strstr(m->body_text, "multi-part message"));
	assert_null(strstr(m->body_text, "epilogue"));
	assert_null(strchr(m->body_text, '\r'));
	mime_free(m);
}

/* Plain LF line ends (a Maildir written by a Unix MTA) parse the same. */
static void
test_mixed_lf_only(void **state)
{
	struct pl_msg *m = NULL;
	const char *why = NULL;

	(void)state;
	assert_int_equal(mime_parse(msg_mixed, strlen(msg_mixed), &m, &why),
	    PL_OK);
	assert_int_equal(m->nparts, 2);
	assert_int_equal(part_named(m, "KTP.jpg")->len, JPG_LEN);
	assert_int_equal(part_named(m, "Surat Permohonan.pdf")->len, PDF_LEN);
	mime_free(m);
}

static const char msg_alt_fmt[] =
    "From: budi@gmail.com\n"
    "Subject: alt\n"
    "Content-Type: multipart/alternative; boundary=alt\n"
    "\n"
    "--alt\n"
    "Content-Type: %s; charset=utf-8\n"
    "\n"
    "%s\n"
    "--alt\n"
    "Content-Type: %s; charset=utf-8\n"
    "\n"
    "%s\n"
    "--alt--\n";

static void
test_alternative_prefers_plain(void **state)
{
	struct pl_msg *m;
	char *s;
	int order;

	(void)state;
	for (order = 0; order < 2; order++) {
		s = order == 0 ?
		    xasprintf(msg_alt_fmt, "text/plain", "Nama : Polos",
		    "text/html", "<p>Nama : Html</p>") :
		    xasprintf(msg_alt_fmt, "text/html", "<p>Nama : Html</p>",
		    "text/plain", "Nama : Polos");
		m = parse_ok(s);
		free(s);
		assert_non_null(strstr(m->body_text, "Nama : Polos"));
		assert_null(strstr(m->body_text, "Html"));
		assert_int_equal(m->nparts, 0);
		mime_free(m);
	}
}

/* An empty text/plain alternative falls back to the HTML one. */
static void
test_alternative_empty_plain(void **state)
{
	char *s = xasprintf(msg_alt_fmt, "text/plain", "  ", "text/html",
	    "<p>Nama : Html</p>");
	struct pl_msg *m = parse_ok(s);

	(void)state;
	free(s);
	assert_non_null(strstr(m->body_text, "Nama : Html"));
	mime_free(m);
}

static const char msg_html_only[] =
    "From: Budi <budi@gmail.com>\n"
    "Subject: Pendaftaran TTE\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/html; charset=\"iso-8859-1\"\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "<html><head><title>judul</title><style>td{color:red}</style></head>\n"
    "<body><p>Dengan hormat,</p>\n"
    "<table>\n"
    "<tr><td>Nama</td><td>Budi</td></tr>\n"
    "<tr><td>Jabatan</td><td>Pranata Komputer Ahli Pertama</td></tr>\n"
    "<tr><td>Unit Kerja</td><td>Dinas Kominfo Caf=E9</td></tr>\n"
    "</table><script>alert(1)</script></body></html>\n";

static void
test_html_only_body(void **state)
{
	struct pl_msg *m = parse_ok(msg_html_only);
	struct form fm;

	(void)state;
	assert_non_null(strstr(m->body_text, "Nama : Budi\n"));
	assert_non_null(strstr(m->body_text,
	    "Jabatan : Pranata Komputer Ahli Pertama"));
	assert_non_null(strstr(m->body_text, "Dinas Kominfo Caf\xc3\xa9"));
	assert_non_null(strstr(m->body_text, "Dengan hormat,"));
	assert_null(strstr(m->body_text, "alert"));
	assert_null(strstr(m->body_text, "color"));
	assert_null(strstr(m->body_text, "judul"));
	assert_null(strchr(m->body_text, '<'));
	assert_int_equal(m->nparts, 0);
	/* The text reads as form lines. */
	form_init(&fm);
	assert_int_equal(form_from_text(&fm, m->body_text, "body"), 3);
	assert_string_equal(fm.f[FF_NAMA].value, "Budi");
	form_free(&fm);
	mime_free(m);
}

static const char msg_forward[] =
    "From: Staf BKPSDM <staf@pekalongankota.go.id>\n"
    "To: sertel@pekalongankota.go.id\n"
    "Subject: Fwd: Permohonan TTE\n"
    "Message-ID: <outer@pekalongankota.go.id>\n"
    "Content-Type: multipart/mixed; boundary=outer\n"
    "\n"
    "--outer\n"
    "Content-Type: text/plain\n"
    "\n"
    "Mohon diproses, terlampir permohonan dari pegawai.\n"
    "--outer\n"
    "Content-Type: message/rfc822\n"
    "Content-Disposition: attachment; filename=\"Permohonan TTE.eml\"\n"
    "\n"
    "From: =?UTF-8?Q?Budi_Santoso?= <Budi@Gmail.com>\n"
    "Subject: =?UTF-8?B?UGVybW9ob25hbiBUVEU=?=\n"
    "Message-ID: <inner@mail.gmail.com>\n"
    "Content-Type: multipart/mixed; boundary=inner\n"
    "\n"
    "--inner\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "NIK : 3375011203850001\n"
    "--inner\n"
    "Content-Type: image/jpeg\n"
    "Content-Disposition: attachment; filename=KTP.jpg\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    JPG_B64 "\n"
    "--inner--\n"
    "--outer--\n";

static void
test_forward_rfc822(void **state)
{
	struct pl_msg *m = parse_ok(msg_forward);
	const struct pl_part *p;

	(void)state;
	assert_string_equal(m->from_email, "staf@pekalongankota.go.id");
	assert_string_equal(m->message_id, "<outer@pekalongankota.go.id>");
	assert_non_null(m->inner_from_email);
	assert_string_equal(m->inner_from_email, "budi@gmail.com");
	assert_string_equal(m->inner_from_name, "Budi Santoso");
	assert_string_equal(m->inner_subject, "Permohonan TTE");
	assert_non_null(m->inner_body_text);
	assert_non_null(strstr(m->inner_body_text, "NIK : 3375011203850001"));
	assert_null(strstr(m->body_text, "NIK"));
	assert_non_null(strstr(m->body_text, "Mohon diproses"));
	p = part_named(m, "KTP.jpg");
	assert_int_equal(p->inner, 1);
	assert_int_equal(p->len, JPG_LEN);
	assert_memory_equal(p->data, JPG_RAW, JPG_LEN);
	mime_free(m);
}

/* ---- attachment names -------------------------------------------------- */

static const struct {
	const char	*headers;	/* Content-Type and -Disposition */
	const char	*want;		/* file name */
} name_rows[] = {
	/* Outlook: RFC 2047 in name= and in filename=. */
	{ "Content-Type: application/pdf;\n"
	  "\tname=\"=?utf-8?B?U3VyYXQgUGVybW9ob25hbiBCdWRpLnBkZg==?=\"\n"
	  "Content-Disposition: attachment;\n"
	  "\tfilename=\"=?utf-8?B?U3VyYXQgUGVybW9ob25hbiBCdWRpLnBkZg==?=\"\n",
	  "Surat Permohonan Budi.pdf" },
	{ "Content-Type: application/pdf;\n"
	  "\tname=\"=?utf-8?B?U3VyYXQgUmVrb21lbmRhc2kgQXRhc2FuLnBkZg==?=\"\n",
	  "Surat Rekomendasi Atasan.pdf" },
	{ "Content-Type: image/jpeg; name=\"=?UTF-8?B?S1RQIEJ1ZGkgU2FudG9zbyDDqS5qcGc=?=\"\n"
	  "Content-Disposition: attachment\n",
	  "KTP Budi Santoso \xc3\xa9.jpg" },
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment; filename=\"=?ISO-8859-1?Q?SK_Jabatan_=E9.pdf?=\"\n",
	  "SK Jabatan \xc3\xa9.pdf" },
	/* RFC 2231 filename* and continuations. */
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment;\n"
	  "\tfilename*=UTF-8''Surat%20Rekomendasi%20%C3%A9.pdf\n",
	  "Surat Rekomendasi \xc3\xa9.pdf" },
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment;\n"
	  "\tfilename*1*=%20Budi.pdf;\n"
	  "\tfilename*0*=UTF-8''Petikan%20SK\n",
	  "Petikan SK Budi.pdf" },
	/* RFC 2231 wins over a plain filename=. */
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment; filename=\"fallback.pdf\";\n"
	  "\tfilename*=UTF-8''Formulir%20Pendaftaran.pdf\n",
	  "Formulir Pendaftaran.pdf" },
	/* Path parts never survive. */
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment;\n"
	  "\tfilename*=UTF-8''%2e%2e%2f%2e%2e%2fetc%2fpasswd\n",
	  "passwd" },
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment; filename=\"..\\\\..\\\\boot.ini\"\n",
	  "boot.ini" },
	{ "Content-Type: application/pdf; name=\"../../x/KTP.pdf\"\n",
	  "KTP.pdf" },
	/* An encoded CR LF in a name is a space, not a line break. */
	{ "Content-Type: application/pdf\n"
	  "Content-Disposition: attachment; filename=\"=?UTF-8?Q?a=0D=0Ab.pdf?=\"\n",
	  "a b.pdf" },
};

static void
test_attachment_names(void **state)
{
	struct pl_msg *m;
	char *s;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(name_rows); i++) {
		s = xasprintf("From: a@b.go.id\nSubject: n\n"
		    "Content-Type: multipart/mixed; boundary=zz\n\n"
		    "--zz\nContent-Type: text/plain\n\nbody\n"
		    "--zz\n%sContent-Transfer-Encoding: base64\n\n"
		    PDF_B64 "\n--zz--\n", name_rows[i].headers);
		m = parse_ok(s);
		free(s);
		if (m->nparts != 1) {
			tl_fail("row %zu: %zu parts", i, m->nparts);
		} else {
			tl_str("filename", i, name_rows[i].headers,
			    m->parts[0].filename, name_rows[i].want);
			tl_int("len", i, name_rows[i].headers,
			    (long long)m->parts[0].len, PDF_LEN);
		}
		mime_free(m);
	}
	TL_END();
}

static const char msg_inline[] =
    "From: budi@gmail.com\n"
    "Subject: foto\n"
    "Content-Type: multipart/related; boundary=rel\n"
    "\n"
    "--rel\n"
    "Content-Type: text/html; charset=utf-8\n"
    "\n"
    "<p>KTP saya:</p><img src=\"cid:ii_lp1@mail\">\n"
    "--rel\n"
    "Content-Type: image/png; name=\"image001.png\"\n"
    "Content-Disposition: inline; filename=\"image001.png\"\n"
    "Content-ID: <ii_lp1@mail>\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    PNG_B64 "\n"
    "--rel\n"
    "Content-Type: image/jpeg\n"
    "Content-ID: <photo2@iphone>\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    JPG_B64 "\n"
    "--rel\n"
    "Content-Type: application/pdf; name=\"SK.pdf\"\n"
    "Content-Disposition: attachment; filename=\"SK.pdf\"\n"
    "Content-ID: <att3@mail>\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    PDF_B64 "\n"
    "--rel--\n";

static void
test_inline_images(void **state)
{
	struct pl_msg *m = parse_ok(msg_inline);
	const struct pl_part *p;
	size_t i;

	(void)state;
	assert_int_equal(m->nparts, 3);
	p = part_named(m, "image001.png");
	assert_true(p->is_inline);
	assert_string_equal(p->content_id, "<ii_lp1@mail>");
	assert_string_equal(p->declared_type, "image/png");
	/* No disposition but a Content-ID: inline. */
	for (i = 0; i < m->nparts; i++)
		if (m->parts[i].filename == NULL)
			break;
	assert_true(i < m->nparts);
	assert_true(m->parts[i].is_inline);
	assert_string_equal(m->parts[i].content_id, "<photo2@iphone>");
	assert_int_equal(m->parts[i].len, JPG_LEN);
	/* An attachment with a Content-ID stays an attachment. */
	p = part_named(m, "SK.pdf");
	assert_false(p->is_inline);
	assert_non_null(strstr(m->body_text, "KTP saya:"));
	mime_free(m);
}

/* ---- automatic mail ---------------------------------------------------- */

static const struct {
	const char	*headers;
	bool		 is_auto;
} auto_rows[] = {
	{ "From: budi@pekalongankota.go.id\nAuto-Submitted: auto-replied\n",
	    true },
	{ "From: budi@pekalongankota.go.id\nAuto-Submitted: auto-generated\n",
	    true },
	{ "From: budi@pekalongankota.go.id\nauto-submitted: AUTO-REPLIED\n",
	    true },
	{ "From: budi@pekalongankota.go.id\nAuto-Submitted: no\n", false },
	{ "From: news@pekalongankota.go.id\nPrecedence: bulk\n", true },
	{ "From: news@pekalongankota.go.id\nPrecedence: list\n", true },
	{ "From: news@pekalongankota.go.id\nPrecedence: junk\n", true },
	{ "From: news@pekalongankota.go.id\n"
	  "List-Unsubscribe: <mailto:unsub@lists.example>\n", true },
	{ "From: news@pekalongankota.go.id\nList-Id: <asn.lists.example>\n",
	    true },
	{ "From: MAILER-DAEMON@mx.pekalongankota.go.id\n", true },
	{ "From: Mail Delivery System <Mailer-Daemon@gmail.com>\n", true },
	{ "From: postmaster@pekalongankota.go.id\n", true },
	{ "From: no-reply@accounts.google.com\n", true },
	{ "From: noreply@bsre.bssn.go.id\n", true },
	{ "From: budi@pekalongankota.go.id\nX-Autoreply: yes\n", true },
	{ "From: budi@pekalongankota.go.id\nReturn-Path: <>\n", true },
	{ "Subject: no From at all\n", true },
	/* Normal mail. */
	{ "From: Budi <budi@pekalongankota.go.id>\n", false },
	{ "From: budi@gmail.com\nPrecedence: first-class\n", false },
	{ "From: norma@pekalongankota.go.id\n", false },
	{ "From: budi@pekalongankota.go.id\n"
	  "Return-Path: <budi@pekalongankota.go.id>\n", false },
};

static void
test_auto_reason(void **state)
{
	struct pl_msg *m;
	char *s;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(auto_rows); i++) {
		s = xasprintf("%sSubject: test\nMessage-ID: <a%zu@x>\n"
		    "Content-Type: text/plain\n\nhalo\n", auto_rows[i].headers,
		    i);
		m = parse_ok(s);
		free(s);
		if (auto_rows[i].is_auto && m->auto_reason == NULL)
			tl_fail("row %zu (%s): auto_reason NULL", i,
			    tl_esc(auto_rows[i].headers));
		else if (!auto_rows[i].is_auto && m->auto_reason != NULL)
			tl_fail("row %zu (%s): auto_reason \"%s\"", i,
			    tl_esc(auto_rows[i].headers), m->auto_reason);
		mime_free(m);
	}
	TL_END();
}

static const char msg_report[] =
    "From: Postmaster <postmaster-relay@pekalongankota.go.id>\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "Content-Type: multipart/report; report-type=delivery-status;\n"
    "\tboundary=\"rep\"\n"
    "\n"
    "--rep\n"
    "Content-Type: text/plain\n"
    "\n"
    "I'm sorry to have to inform you...\n"
    "--rep\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mx\n"
    "--rep--\n";

static void
test_auto_report(void **state)
{
	struct pl_msg *m = parse_ok(msg_report);

	(void)state;
	assert_non_null(m->auto_reason);
	mime_free(m);
}

/* ---- refusals ---------------------------------------------------------- */

/* Multipart nested depth levels deep. */
static char *
make_nested(int depth, size_t *len)
{
	struct buf b;
	int i;

	buf_init(&b, 64u << 20);
	buf_adds(&b, "From: a@b.go.id\r\nSubject: deep\r\n");
	for (i = 0; i < depth; i++)
		buf_printf(&b, "Content-Type: multipart/mixed; boundary=b%d"
		    "\r\n\r\n--b%d\r\n", i, i);
	buf_adds(&b, "Content-Type: text/plain\r\n\r\nx\r\n");
	for (i = depth - 1; i >= 0; i--)
		buf_printf(&b, "--b%d--\r\n", i);
	return buf_steal(&b, len);
}

/*
 * Multipart nested depth levels deep, with the Content-Type written in a
 * shape libetpan reads but a naive scanner might miss: 0 duplicated (the
 * first one is what libetpan uses), 1 "Content-Type :" (obsolete
 * syntax), 2 the value folded onto the next line, 3 lower case.
 */
static char *
make_nested_shape(int shape, int depth, size_t *len)
{
	struct buf b;
	int i;

	buf_init(&b, 64u << 20);
	buf_adds(&b, "From: a@b.go.id\r\nSubject: deep\r\n");
	for (i = 0; i < depth; i++) {
		if (shape == 0)
			buf_printf(&b, "Content-Type: multipart/mixed; "
			    "boundary=b%d\r\nContent-Type: text/plain\r\n"
			    "\r\n--b%d\r\n", i, i);
		else if (shape == 1)
			buf_printf(&b, "Content-Type : multipart/mixed; "
			    "boundary=b%d\r\n\r\n--b%d\r\n", i, i);
		else if (shape == 2)
			buf_printf(&b, "Content-Type:\r\n multipart/mixed; "
			    "boundary=b%d\r\n\r\n--b%d\r\n", i, i);
		else
			buf_printf(&b, "content-type: MULTIPART/MIXED; "
			    "BOUNDARY=b%d\r\n\r\n--b%d\r\n", i, i);
	}
	buf_adds(&b, "Content-Type: text/plain\r\n\r\nx\r\n");
	return buf_steal(&b, len);
}

/* message/rfc822 nested depth levels deep. */
static char *
make_nested_rfc822(int depth, size_t *len)
{
	struct buf b;
	int i;

	buf_init(&b, 64u << 20);
	for (i = 0; i < depth; i++)
		buf_printf(&b, "From: a%d@b.go.id\r\nSubject: fwd\r\n"
		    "Content-Type: message/rfc822\r\n\r\n", i);
	buf_adds(&b, "From: z@b.go.id\r\nContent-Type: text/plain\r\n\r\nx\r\n");
	return buf_steal(&b, len);
}

static char *
make_parts(int nparts, size_t *len)
{
	struct buf b;
	int i;

	buf_init(&b, 64u << 20);
	buf_adds(&b, "From: a@b.go.id\r\nSubject: many\r\n"
	    "Content-Type: multipart/mixed; boundary=p\r\n\r\n");
	for (i = 0; i < nparts; i++)
		buf_printf(&b, "--p\r\nContent-Type: application/pdf\r\n"
		    "Content-Disposition: attachment; filename=f%d.pdf\r\n"
		    "\r\n%%PDF-1.4 %d\r\n", i, i);
	buf_adds(&b, "--p--\r\n");
	return buf_steal(&b, len);
}

static char *
make_long_header(size_t n, size_t *len)
{
	struct buf b;
	size_t i;

	buf_init(&b, 64u << 20);
	buf_adds(&b, "From: a@b.go.id\r\nSubject: ");
	for (i = 0; i < n; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, "\r\n\r\nbody\r\n");
	return buf_steal(&b, len);
}

static char *
make_boundary(size_t blen, size_t *len)
{
	char bnd[200];
	struct buf b;

	memset(bnd, 'q', blen);
	bnd[blen] = '\0';
	buf_init(&b, 1 << 20);
	buf_printf(&b, "From: a@b.go.id\r\nSubject: b\r\n"
	    "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
	    "--%s\r\nContent-Type: text/plain\r\n\r\nx\r\n--%s--\r\n",
	    bnd, bnd, bnd);
	return buf_steal(&b, len);
}

static char *
make_nul_header(size_t *len)
{
	static const char m[] = "From: a@b.go.id\r\nSubject: a\0b\r\n"
	    "Content-Type: text/plain\r\n\r\nbody\r\n";
	char *r = malloc(sizeof m);

	assert_non_null(r);
	memcpy(r, m, sizeof m);
	*len = sizeof m - 1;
	return r;
}

static char *
make_many_fields(int n, size_t *len)
{
	struct buf b;
	int i;

	buf_init(&b, 64u << 20);
	buf_adds(&b, "From: a@b.go.id\r\n");
	for (i = 0; i < n; i++)
		buf_printf(&b, "X-F%d: v\r\n", i);
	buf_adds(&b, "\r\nbody\r\n");
	return buf_steal(&b, len);
}

static void
expect_refused(const char *what, char *raw, size_t len)
{
	struct pl_msg *m = NULL;
	const char *why = NULL;
	enum pl_status st;

	st = mime_precheck(raw, len, &why);
	if (st != PL_EINPUT)
		tl_fail("%s: mime_precheck status %d, want PL_EINPUT", what,
		    st);
	else if (why == NULL || *why == '\0')
		tl_fail("%s: mime_precheck without a reason", what);
	why = NULL;
	st = mime_parse(raw, len, &m, &why);
	if (st != PL_EINPUT)
		tl_fail("%s: mime_parse status %d, want PL_EINPUT", what, st);
	if (m != NULL)
		tl_fail("%s: mime_parse refused but set *out", what);
	if (st == PL_EINPUT && (why == NULL || *why == '\0'))
		tl_fail("%s: mime_parse without a reason", what);
	mime_free(m);
	free(raw);
}

static void
expect_accepted(const char *what, char *raw, size_t len)
{
	struct pl_msg *m = NULL;
	const char *why = NULL;
	enum pl_status st;

	if ((st = mime_precheck(raw, len, &why)) != PL_OK)
		tl_fail("%s: mime_precheck status %d (%s)", what, st,
		    why ? why : "?");
	if ((st = mime_parse(raw, len, &m, &why)) != PL_OK)
		tl_fail("%s: mime_parse status %d (%s)", what, st,
		    why ? why : "?");
	mime_free(m);
	free(raw);
}

static void
test_refusals(void **state)
{
	size_t len;
	char *r;

	(void)state;
	TL_BEGIN();
	r = make_nested(1000, &len);
	expect_refused("1000-deep multipart", r, len);
	r = make_nested(PL_MAX_MIME_DEPTH + 1, &len);
	expect_refused("17-deep multipart", r, len);
	r = make_nested_shape(0, 40, &len);
	expect_refused("40-deep, duplicate Content-Type", r, len);
	r = make_nested_shape(1, 40, &len);
	expect_refused("40-deep, \"Content-Type :\"", r, len);
	r = make_nested_shape(2, 40, &len);
	expect_refused("40-deep, folded Content-Type value", r, len);
	r = make_nested_shape(3, 40, &len);
	expect_refused("40-deep, lower-case Content-Type", r, len);
	r = make_nested_rfc822(1000, &len);
	expect_refused("1000-deep message/rfc822", r, len);
	r = make_parts(300, &len);
	expect_refused("300 parts", r, len);
	r = make_parts(PL_MAX_PARTS + 1, &len);
	expect_refused("201 parts", r, len);
	r = make_long_header(200u << 10, &len);
	expect_refused("200 KB header line", r, len);
	r = make_nul_header(&len);
	expect_refused("NUL in a header", r, len);
	r = make_boundary(PL_MAX_BOUNDARY + 1, &len);
	expect_refused("71-byte boundary", r, len);
	r = make_boundary(150, &len);
	expect_refused("150-byte boundary", r, len);
	r = make_many_fields(PL_MAX_HDR_FIELDS + 10, &len);
	expect_refused("510 header fields", r, len);
	TL_END();
}

/* Just inside the limits: accepted. */
static void
test_limits_accepted(void **state)
{
	size_t len;
	char *r;

	(void)state;
	TL_BEGIN();
	r = make_nested(8, &len);
	expect_accepted("8-deep multipart", r, len);
	r = make_parts(50, &len);
	expect_accepted("50 parts", r, len);
	r = make_boundary(PL_MAX_BOUNDARY, &len);
	expect_accepted("70-byte boundary", r, len);
	r = make_long_header(1000, &len);
	expect_accepted("1000-byte header line", r, len);
	TL_END();
}

/* Not a message at all, or empty. */
static void
test_garbage(void **state)
{
	static const struct {
		const char	*raw;
		size_t		 len;
	} rows[] = {
		{ "", 0 },
		{ "\r\n", 2 },
		{ "\x00\x01\x02", 3 },
		{ "From: a@b\r\nContent-Type: multipart/mixed\r\n\r\n--\r\n", 0 },
		{ "From: a@b\r\nContent-Type: multipart/mixed; boundary=\r\n\r\n",
		  0 },
		{ "From: a@b\r\nContent-Type: multipart/mixed; boundary=\"x\r\n"
		  "\r\n--x\r\n", 0 },
	};
	struct pl_msg *m;
	const char *why;
	size_t i, n;
	enum pl_status st;

	(void)state;
	for (i = 0; i < TL_NELEM(rows); i++) {
		m = NULL;
		why = NULL;
		n = rows[i].len ? rows[i].len : strlen(rows[i].raw);
		st = mime_parse(rows[i].raw, n, &m, &why);
		/* Either refused with a reason or parsed: never a crash. */
		if (st == PL_OK)
			assert_non_null(m);
		else {
			assert_int_equal(st, PL_EINPUT);
			assert_null(m);
			assert_non_null(why);
		}
		mime_free(m);
	}
}

static const char msg_no_final[] =
    "From: budi@gmail.com\n"
    "Subject: terpotong\n"
    "Content-Type: multipart/mixed; boundary=cut\n"
    "\n"
    "--cut\n"
    "Content-Type: text/plain\n"
    "\n"
    "Nama : Budi\n"
    "--cut\n"
    "Content-Type: application/pdf\n"
    "Content-Disposition: attachment; filename=\"Formulir.pdf\"\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    PDF_B64 "\n"
    "--cut\n"
    "Content-Type: image/jpeg\n"
    "Content-Disposition: attachment; filename=\"KTP.jpg\"\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    JPG_B64 "\n";

static void
test_missing_final_boundary(void **state)
{
	struct pl_msg *m = parse_ok(msg_no_final);

	(void)state;
	assert_int_equal(m->nparts, 2);
	assert_int_equal(part_named(m, "Formulir.pdf")->len, PDF_LEN);
	assert_memory_equal(part_named(m, "Formulir.pdf")->data, PDF_RAW,
	    PDF_LEN);
	assert_int_equal(part_named(m, "KTP.jpg")->len, JPG_LEN);
	assert_non_null(strstr(m->body_text, "Nama : Budi"));
	mime_free(m);
}

static void
test_bad_base64(void **state)
{
	static const char *const bodies[] = {
		"!!!! not base64 at all ####",
		"/9j/4AAQ===SkZJRgABAQAAAQABAAD/2Q==",
		"=",
		"",
		"QUJD\x01\x02\x7f" "REVG",
		"/9j/4AAQSkZJRgABAQAAAQABAAD/2Q",	/* no padding */
	};
	struct pl_msg *m;
	char *s;
	size_t i;

	(void)state;
	for (i = 0; i < TL_NELEM(bodies); i++) {
		s = xasprintf("From: budi@gmail.com\nSubject: b64\n"
		    "Content-Type: multipart/mixed; boundary=z\n\n"
		    "--z\nContent-Type: image/jpeg\n"
		    "Content-Disposition: attachment; filename=KTP.jpg\n"
		    "Content-Transfer-Encoding: base64\n\n%s\n--z--\n",
		    bodies[i]);
		m = parse_ok(s);
		free(s);
		/* The part is kept (decoded as far as it goes). */
		assert_int_equal(m->nparts, 1);
		assert_string_equal(m->parts[0].filename, "KTP.jpg");
		assert_true(m->parts[0].len < 64);
		assert_non_null(m->parts[0].data);
		mime_free(m);
	}
}

/* Encoded CR/LF in a display name or subject never gives a line break. */
static const struct {
	const char	*from;
	const char	*subject;
	const char	*want_name;
	const char	*want_subject;
} crlf_rows[] = {
	{ "=?UTF-8?Q?a=0D=0AB?= <budi@gmail.com>", "=?UTF-8?Q?a=0D=0AB?=",
	    "a B", "a B" },
	{ "\"=?UTF-8?Q?x=0D=0ABcc:_evil@x?=\" <budi@gmail.com>",
	    "=?UTF-8?B?aGFsbw0KQmNjOiBldmlsQHg=?=",
	    "x Bcc: evil@x", "halo Bcc: evil@x" },
	{ "=?UTF-8?Q?a=0Ab=0D=0Ac?= <budi@gmail.com>",
	    "=?UTF-8?Q?a=0A=0A=0Ab?=", "a b c", "a b" },
	{ "=?UTF-8?Q?=00=1B[31m?= <budi@gmail.com>",
	    "=?ISO-8859-1?Q?=85tab=09x?=", "[31m", "tab x" },
};

static void
test_crlf_in_headers(void **state)
{
	struct pl_msg *m;
	char *s;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(crlf_rows); i++) {
		s = xasprintf("From: %s\nSubject: %s\n"
		    "Content-Type: text/plain\n\nhalo\n", crlf_rows[i].from,
		    crlf_rows[i].subject);
		m = parse_ok(s);
		free(s);
		if (tl_has_crlf(m->from_name) || tl_has_crlf(m->subject))
			tl_fail("row %zu: CR/LF kept: name \"%s\" subject "
			    "\"%s\"", i, tl_esc(m->from_name),
			    tl_esc(m->subject));
		tl_str("from_name", i, crlf_rows[i].from, m->from_name,
		    crlf_rows[i].want_name);
		tl_str("subject", i, crlf_rows[i].subject, m->subject,
		    crlf_rows[i].want_subject);
		tl_str("from_email", i, crlf_rows[i].from, m->from_email,
		    "budi@gmail.com");
		mime_free(m);
	}
	TL_END();
}

/* Threading headers: brackets kept, References capped. */
static void
test_threading_headers(void **state)
{
	struct buf b;
	struct pl_msg *m;
	const char *why;
	char *raw;
	size_t len;
	int i;

	(void)state;
	buf_init(&b, 1 << 20);
	buf_adds(&b, "From: budi@gmail.com\r\nSubject: Re: [SE-2026-000001]\r\n"
	    "Message-ID: <reply1@mail.gmail.com>\r\n"
	    "In-Reply-To: <sertel.1.abc@pekalongankota.go.id>\r\n"
	    "References:");
	for (i = 0; i < 80; i++)
		buf_printf(&b, " <r%d@x>", i);
	buf_adds(&b, "\r\nContent-Type: text/plain\r\n\r\nok\r\n");
	raw = buf_steal(&b, &len);
	assert_int_equal(mime_parse(raw, len, &m, &why), PL_OK);
	free(raw);
	assert_string_equal(m->message_id, "<reply1@mail.gmail.com>");
	assert_string_equal(m->in_reply_to,
	    "<sertel.1.abc@pekalongankota.go.id>");
	assert_int_equal(m->nrefs, PL_MAX_REFS);
	/* The newest ids are the ones kept. */
	assert_string_equal(m->refs[PL_MAX_REFS - 1], "<r79@x>");
	assert_string_equal(m->refs[0], "<r30@x>");
	mime_free(m);
}

/* ---- mime_addr --------------------------------------------------------- */

static const struct {
	const char	*in;
	const char	*email;		/* NULL: -1 */
	const char	*name;		/* NULL: no name */
} addr_rows[] = {
	{ "budi@gmail.com", "budi@gmail.com", NULL },
	{ "Budi@Gmail.COM", "budi@gmail.com", NULL },
	{ "Budi Santoso <budi@pekalongankota.go.id>",
	    "budi@pekalongankota.go.id", "Budi Santoso" },
	{ "\"Santoso, Budi\" <budi@x.go.id>", "budi@x.go.id", "Santoso, Budi" },
	{ "=?UTF-8?Q?Budi_Santoso?= <budi@x.go.id>", "budi@x.go.id",
	    "Budi Santoso" },
	/* Many mailers quote the encoded words: the quotes are syntax. */
	{ "\"=?UTF-8?Q?Budi_Santoso?=\" <budi@x.go.id>", "budi@x.go.id",
	    "Budi Santoso" },
	{ "=?UTF-8?Q?a=0D=0AB?= <budi@x.go.id>", "budi@x.go.id", "a B" },
	{ "<budi@x.go.id>", "budi@x.go.id", NULL },
	{ "  budi@x.go.id  ", "budi@x.go.id", NULL },
	{ "budi.santoso+tte@x.go.id", "budi.santoso+tte@x.go.id", NULL },
	/* Lenient: the text in <> when libetpan refuses the phrase. */
	{ "Budi [Kominfo] <budi@x.go.id>", "budi@x.go.id", NULL },
	/* No address. */
	{ "", NULL, NULL },
	{ "Budi Santoso", NULL, NULL },
	{ "budi", NULL, NULL },
	{ "@x.go.id", NULL, NULL },
	{ "budi@", NULL, NULL },
	{ "<>", NULL, NULL },
	{ "a@b@c", NULL, NULL },
	{ "Budi <>", NULL, NULL },
	{ "<budi@x.go.id\r\nBcc: evil@x>", NULL, NULL },
	/* A space in the local part is no address (not "ab@..."). */
	{ "<a b@x.go.id>", NULL, NULL },
	{ "Budi <budi santoso@x.go.id>", NULL, NULL },
	{ "<a\"b@x.go.id>", NULL, NULL },
};

static void
test_mime_addr(void **state)
{
	char *name, *email;
	size_t i;
	int rv;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(addr_rows); i++) {
		rv = mime_addr(addr_rows[i].in, &name, &email);
		tl_int("mime_addr rv", i, addr_rows[i].in, rv,
		    addr_rows[i].email ? 0 : -1);
		tl_str("mime_addr email", i, addr_rows[i].in, email,
		    addr_rows[i].email);
		if (addr_rows[i].name || addr_rows[i].email == NULL)
			tl_str("mime_addr name", i, addr_rows[i].in, name,
			    addr_rows[i].name);
		free(name);
		free(email);
	}
	TL_END();
}

/* A local part over 64 or an address over 254 bytes is refused. */
static void
test_mime_addr_long(void **state)
{
	char in[400], *name, *email;

	(void)state;
	memset(in, 'a', 65);
	strcpy(in + 65, "@x.go.id");
	assert_int_equal(mime_addr(in, &name, &email), -1);
	assert_null(email);
	memset(in, 'a', 64);
	strcpy(in + 64, "@x.go.id");
	assert_int_equal(mime_addr(in, &name, &email), 0);
	assert_int_equal(strlen(email), 72);
	free(name);
	free(email);
	memset(in, 'a', 10);
	in[10] = '@';
	memset(in + 11, 'd', 250);
	strcpy(in + 261, ".id");
	assert_int_equal(mime_addr(in, &name, &email), -1);
	assert_null(email);
}

static void
test_mime_note(void **state)
{
	struct pl_msg *m = parse_ok("From: a@b.go.id\nSubject: x\n\nx\n");
	char note[32];
	int i;

	(void)state;
	mime_note(m, "satu");
	mime_note(m, "dua");
	mime_note(m, "satu");		/* duplicates are dropped */
	assert_int_equal(m->nnotes, 2);
	assert_string_equal(m->notes[0], "satu");
	assert_string_equal(m->notes[1], "dua");
	for (i = 0; i < 100; i++) {
		snprintf(note, sizeof note, "n%d", i);
		mime_note(m, note);
	}
	assert_true(m->nnotes <= 32);
	mime_free(m);
	mime_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mixed_two_attachments),
		cmocka_unit_test(test_mixed_lf_only),
		cmocka_unit_test(test_alternative_prefers_plain),
		cmocka_unit_test(test_alternative_empty_plain),
		cmocka_unit_test(test_html_only_body),
		cmocka_unit_test(test_forward_rfc822),
		cmocka_unit_test(test_attachment_names),
		cmocka_unit_test(test_inline_images),
		cmocka_unit_test(test_auto_reason),
		cmocka_unit_test(test_auto_report),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_limits_accepted),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_missing_final_boundary),
		cmocka_unit_test(test_bad_base64),
		cmocka_unit_test(test_crlf_in_headers),
		cmocka_unit_test(test_threading_headers),
		cmocka_unit_test(test_mime_addr),
		cmocka_unit_test(test_mime_addr_long),
		cmocka_unit_test(test_mime_note),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
