/* test_sign: sign libharu PDFs, check them here and with qpdf and pdfsig. */
#define _GNU_SOURCE
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <hpdf.h>

#include "testlib.h"

#include "pipeline.h"
#include "sign.h"

#define TTF	"/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
#define PASS	"rahasia"
#define REASON	"Surat keterangan \xe2\x80\x94 disetujui"
#define LOCATION "Pekalongan"

/* The throwaway PKI and PDFs, made once for the whole group. */
static struct {
	char		*dir;
	char		 ca[4200], other[4200];	/* PEM roots */
	char		*plain;		/* libharu, uncompressed, 2 pages */
	size_t		 plainlen;
	char		*packed;	/* compressed, a link on page 1 */
	size_t		 packedlen;
	bool		 pdfsig;	/* the pdfsig binary is there */
	time_t		 when;
} g;

static const char pki_sh[] =
    "set -e\n"
    "leaf='basicConstraints=CA:FALSE\\nkeyUsage=critical,digitalSignature,"
    "nonRepudiation\\nsubjectKeyIdentifier=hash\\n"
    "authorityKeyIdentifier=keyid\\n'\n"
    "ca='-addext basicConstraints=critical,CA:TRUE "
    "-addext keyUsage=critical,keyCertSign,cRLSign'\n"
    "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem "
    "-days 30 -subj '/C=ID/O=Sertel Test/CN=Sertel Test Root' $ca\n"
    "openssl req -x509 -newkey rsa:2048 -nodes -keyout other.key "
    "-out other.pem -days 30 -subj '/CN=Another Root' $ca\n"
    "printf 'basicConstraints=critical,CA:TRUE,pathlen:0\\n"
    "keyUsage=critical,keyCertSign,cRLSign\\nsubjectKeyIdentifier=hash\\n"
    "authorityKeyIdentifier=keyid\\n' >int.ext\n"
    "openssl req -new -newkey rsa:2048 -nodes -keyout int.key -out int.csr "
    "-subj '/C=ID/O=Sertel Test/CN=Sertel Test Intermediate'\n"
    "openssl x509 -req -in int.csr -CA ca.pem -CAkey ca.key "
    "-CAcreateserial -days 30 -extfile int.ext -out int.pem\n"
    "printf \"$leaf\" >leaf.ext\n"
    "openssl req -new -newkey rsa:2048 -nodes -keyout rsa.key "
    "-out rsa.csr -subj '/C=ID/O=Pemerintah Kota Pekalongan/CN=Budi Santoso'\n"
    "openssl x509 -req -in rsa.csr -CA int.pem -CAkey int.key "
    "-CAcreateserial -days 30 -extfile leaf.ext -out rsa.crt\n"
    "cat rsa.crt int.pem >rsa.pem\n"
    "cat rsa.key rsa.pem >both.pem\n"
    "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
    "-keyout ec.key -out ec.csr "
    "-subj '/C=ID/O=Pemerintah Kota Pekalongan/CN=Siti Aminah'\n"
    "openssl x509 -req -in ec.csr -CA int.pem -CAkey int.key "
    "-CAcreateserial -days 30 -extfile leaf.ext -out ec.crt\n"
    "cat ec.crt int.pem >ec.pem\n"
    /* An EKU other than emailProtection: document signing. */
    "printf \"${leaf}extendedKeyUsage=1.3.6.1.5.5.7.3.36\\n\" >doc.ext\n"
    "openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes "
    "-keyout doc.key -out doc.csr -subj '/C=ID/CN=Dokumen Dinas'\n"
    "openssl x509 -req -in doc.csr -CA int.pem -CAkey int.key "
    "-CAcreateserial -days 30 -extfile doc.ext -out doc.crt\n"
    "cat doc.crt int.pem >doc.pem\n"
    "openssl pkcs12 -export -inkey rsa.key -in rsa.crt -certfile int.pem "
    "-passout pass:" PASS " -out rsa.p12\n"
    "openssl pkey -in rsa.key -aes256 -passout pass:" PASS
    " -out rsa-enc.key\n"
    "head -c 3000 /dev/urandom >junk.pem\n"
    "if command -v certutil >/dev/null; then\n"
    "  mkdir nss nss0\n"
    "  certutil -N -d sql:nss --empty-password\n"
    "  certutil -N -d sql:nss0 --empty-password\n"
    "  certutil -A -d sql:nss -n ca -t C,C,C -i ca.pem\n"
    "fi\n";

/* dir/name into a static rotating buffer. */
static const char *
path(const char *name)
{
	static char bufs[4][4200];
	static int k;
	char *b = bufs[k++ & 3];

	snprintf(b, sizeof bufs[0], "%s/%s", g.dir, name);
	return b;
}

/* Output (stdout and stderr) of a shell command run in g.dir. */
static char *
run(const char *cmd, int *rc)
{
	char full[8600], *out = calloc(1, 1 << 16);
	size_t n = 0, k;
	FILE *fp;
	int status;

	assert_non_null(out);
	snprintf(full, sizeof full, "cd '%s' && %s 2>&1", g.dir, cmd);
	fp = popen(full, "r");
	assert_non_null(fp);
	while ((k = fread(out + n, 1, (1 << 16) - 1 - n, fp)) > 0)
		n += k;
	out[n] = '\0';
	status = pclose(fp);
	*rc = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	return out;
}

static void
save(const char *name, const char *p, size_t n)
{
	FILE *fp = fopen(path(name), "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

/* A two-page letter-like PDF made by libharu, in memory. */
static char *
make_pdf(bool packed, size_t *len)
{
	HPDF_Doc pdf = HPDF_New(NULL, NULL);
	HPDF_Font font;
	HPDF_Page page;
	HPDF_Rect r = { 50, 640, 250, 660 };
	const char *name;
	char *out;
	HPDF_UINT32 n;
	int i;

	assert_non_null(pdf);
	HPDF_UseUTFEncodings(pdf);
	HPDF_SetCurrentEncoder(pdf, "UTF-8");
	if (packed)
		HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	name = HPDF_LoadTTFontFromFile(pdf, TTF, HPDF_TRUE);
	assert_non_null(name);
	font = HPDF_GetFont(pdf, name, "UTF-8");
	for (i = 0; i < 2; i++) {
		page = HPDF_AddPage(pdf);
		HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
		HPDF_Page_BeginText(page);
		HPDF_Page_SetFontAndSize(page, font, 12);
		HPDF_Page_TextOut(page, 50, 700, i == 0 ?
		    "Surat Keterangan \xe2\x80\x94 halaman satu" :
		    "Halaman dua: tanda tangan elektronik");
		HPDF_Page_EndText(page);
		if (packed && i == 0)
			HPDF_Page_CreateURILinkAnnot(page, r,
			    "https://pekalongankota.go.id/");
	}
	assert_int_equal(HPDF_SaveToStream(pdf), HPDF_OK);
	n = HPDF_GetStreamSize(pdf);
	out = malloc(n + 1);
	assert_non_null(out);
	assert_int_equal(HPDF_ReadFromStream(pdf, (HPDF_BYTE *)out, &n),
	    HPDF_OK);
	HPDF_Free(pdf);
	*len = n;
	return out;
}

static int
setup(void **state)
{
	char cmd[8600];

	g.dir = tl_tmpdir();
	if (setenv("PKI_SH", pki_sh, 1) != 0)
		return -1;
	snprintf(cmd, sizeof cmd, "cd '%s' && printf '%%s' \"$PKI_SH\" "
	    "| sh >pki.log 2>&1", g.dir);
	if (system(cmd) != 0) {
		print_error("PKI setup failed, see %s/pki.log\n", g.dir);
		return -1;
	}
	snprintf(g.ca, sizeof g.ca, "%s/ca.pem", g.dir);
	snprintf(g.other, sizeof g.other, "%s/other.pem", g.dir);
	g.plain = make_pdf(false, &g.plainlen);
	g.packed = make_pdf(true, &g.packedlen);
	g.pdfsig = system("command -v pdfsig >/dev/null 2>&1") == 0;
	g.when = time(NULL);
	return 0;
}

static int
teardown(void **state)
{
	tl_rmtree(g.dir);
	free(g.dir);
	free(g.plain);
	free(g.packed);
	return 0;
}

static struct sign_key *
load(const char *cert, const char *key, const char *pass)
{
	struct sign_key *k = NULL;
	const char *why = NULL;
	char kp[4200];

	snprintf(kp, sizeof kp, "%s", key ? path(key) : "");
	if (sign_key_load(path(cert), key ? kp : NULL, pass, &k, &why) !=
	    PL_OK)
		fail_msg("load %s: %s", cert, why ? why : "(no reason)");
	return k;
}

/* Sign, or fail the test. */
static char *
sign(const struct sign_key *k, const char *pdf, size_t len, size_t *outlen)
{
	const char *why = NULL;
	char *out = NULL;

	if (sign_pdf(k, pdf, len, g.when, REASON, LOCATION, &out, outlen,
	    &why) != PL_OK)
		fail_msg("sign_pdf: %s", why ? why : "(no reason)");
	assert_non_null(out);
	/* An incremental update: the original bytes stay as they were. */
	assert_true(*outlen > len + 16384);
	assert_memory_equal(out, pdf, len);
	return out;
}

static void
expect_all_ok(const char *pdf, size_t len, const char *signer)
{
	struct sign_check c;
	char when[32];
	struct tm tm;

	assert_int_equal(sign_check(pdf, len, g.ca, &c), PL_OK);
	if (!(c.has_sig && c.whole && c.digest_ok && c.sig_ok && c.trusted))
		fail_msg("check: %d%d%d%d%d why=%s", c.has_sig, c.whole,
		    c.digest_ok, c.sig_ok, c.trusted, c.why);
	assert_string_equal(c.why, "");
	assert_non_null(strstr(c.signer, signer));
	gmtime_r(&g.when, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
	assert_string_equal(c.signed_at, when);
}

/* qpdf --check exits 0 and finds nothing wrong. */
static void
expect_qpdf_clean(const char *file)
{
	char cmd[256], *out;
	int rc;

	snprintf(cmd, sizeof cmd, "qpdf --check %s", file);
	out = run(cmd, &rc);
	if (rc != 0 || strstr(out, "No syntax or stream encoding errors") ==
	    NULL || strstr(out, "WARNING") != NULL)
		fail_msg("qpdf --check %s (exit %d):\n%s", file, rc, out);
	free(out);
}

/* pdfsig's report; NULL when pdfsig is not installed. */
static char *
pdfsig(const char *file, const char *nssdir)
{
	char cmd[256];
	int rc;

	if (!g.pdfsig)
		return NULL;
	if (nssdir != NULL)
		snprintf(cmd, sizeof cmd, "pdfsig -nssdir sql:%s %s", nssdir,
		    file);
	else
		snprintf(cmd, sizeof cmd, "pdfsig %s", file);
	return run(cmd, &rc);
}

static void
expect_pdfsig(const char *file, const char *const *want, size_t nwant,
    const char *nssdir)
{
	char *out = pdfsig(file, nssdir);
	size_t i;

	if (out == NULL)
		return;
	for (i = 0; i < nwant; i++)
		if (strstr(out, want[i]) == NULL)
			fail_msg("pdfsig %s: no \"%s\" in:\n%s", file, want[i],
			    out);
	free(out);
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (hay = strstr(hay, needle); hay; hay = strstr(hay + 1, needle))
		n++;
	return n;
}

static void
test_key_load(void **state)
{
	static const struct {
		const char	*cert, *key, *pass;
		enum pl_status	 want;
		const char	*subject_or_why;
	} rows[] = {
		{ "rsa.pem", "rsa.key", NULL, PL_OK, "Budi Santoso" },
		{ "rsa.crt", "rsa.key", NULL, PL_OK, "Budi Santoso" },
		{ "both.pem", NULL, NULL, PL_OK, "Budi Santoso" },
		{ "both.pem", "both.pem", NULL, PL_OK, "Budi Santoso" },
		{ "rsa.pem", "rsa-enc.key", PASS, PL_OK, "Budi Santoso" },
		{ "ec.pem", "ec.key", NULL, PL_OK, "Siti Aminah" },
		{ "rsa.p12", NULL, PASS, PL_OK, "Budi Santoso" },
		{ "rsa.pem", "rsa-enc.key", NULL, PL_ECONF, "private key" },
		{ "rsa.pem", "rsa-enc.key", "salah", PL_ECONF, "private key" },
		{ "rsa.pem", "other.key", NULL, PL_ECONF,
		    "key does not match certificate" },
		{ "rsa.pem", "ec.key", NULL, PL_ECONF,
		    "key does not match certificate" },
		{ "rsa.p12", NULL, "salah", PL_ECONF, "password" },
		{ "rsa.p12", NULL, NULL, PL_ECONF, "password" },
		{ "rsa.p12", "rsa.key", PASS, PL_ECONF, "no separate key" },
		{ "missing.pem", "rsa.key", NULL, PL_ECONF, "certificate" },
		{ "junk.pem", "rsa.key", NULL, PL_ECONF, "certificate" },
		{ "rsa.pem", "junk.pem", NULL, PL_ECONF, "private key" },
		{ "rsa.pem", "missing.key", NULL, PL_ECONF, "private key" },
	};
	struct sign_key *k;
	const char *why, *got;
	char kp[4200];
	size_t i;
	enum pl_status st;

	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rows); i++) {
		k = NULL;
		why = NULL;
		snprintf(kp, sizeof kp, "%s", rows[i].key ? path(rows[i].key) :
		    "");
		st = sign_key_load(path(rows[i].cert), rows[i].key ? kp : NULL,
		    rows[i].pass, &k, &why);
		tl_int("sign_key_load", i, rows[i].cert, st, rows[i].want);
		got = st == PL_OK ? (k ? sign_key_subject(k) : NULL) : why;
		if (got == NULL || strstr(got, rows[i].subject_or_why) == NULL)
			tl_fail("row %zu: got \"%s\", want \"%s\" in it", i,
			    tl_esc(got), rows[i].subject_or_why);
		if ((st == PL_OK) != (k != NULL))
			tl_fail("row %zu: key %p with status %d", i, (void *)k,
			    st);
		sign_key_free(k);
	}
	sign_key_free(NULL);
	TL_END();
}

/* Outside the certificate's validity nothing is signed. */
static void
test_validity(void **state)
{
	struct sign_key *k = load("rsa.pem", "rsa.key", NULL);
	const char *why = NULL;
	char *out = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(sign_pdf(k, g.plain, g.plainlen, 86400, NULL, NULL,
	    &out, &n, &why), PL_ECONF);
	assert_null(out);
	assert_non_null(strstr(why, "not valid yet"));
	assert_int_equal(sign_pdf(k, g.plain, g.plainlen, g.when +
	    (time_t)40 * 365 * 86400, NULL, NULL, &out, &n, &why), PL_ECONF);
	assert_null(out);
	assert_non_null(strstr(why, "expired"));
	sign_key_free(k);
}

static void
test_sign_pem(void **state)
{
	static const char *const valid[] = { "Signature #1",
	    "Signature is Valid.", "Total document signed",
	    "Certificate is Trusted.", "adbe.pkcs7.detached" };
	static const char *const untrusted[] = { "Signature is Valid.",
	    "Total document signed" };
	struct sign_key *k = load("rsa.pem", "rsa.key", NULL);
	struct sign_check c;
	size_t n;
	char *out = sign(k, g.plain, g.plainlen, &n), *rep;
	int rc;

	expect_all_ok(out, n, "CN = Budi Santoso");
	/* Another root: the signature holds, the trust does not. */
	assert_int_equal(sign_check(out, n, g.other, &c), PL_OK);
	assert_true(c.has_sig && c.whole && c.digest_ok && c.sig_ok);
	assert_false(c.trusted);
	assert_non_null(strstr(c.why, "certificate not trusted"));
	assert_int_equal(sign_check(out, n, path("missing.pem"), &c), PL_OK);
	assert_true(c.sig_ok && !c.trusted);
	assert_string_equal(c.why, "cannot read the CA file");
	/* No CA file: signature and digest only, never trusted. */
	assert_int_equal(sign_check(out, n, NULL, &c), PL_OK);
	assert_true(c.has_sig && c.whole && c.digest_ok && c.sig_ok);
	assert_false(c.trusted);
	assert_string_equal(c.why, "");
	save("pem.pdf", out, n);
	expect_qpdf_clean("pem.pdf");
	rep = run("qpdf --show-object=trailer pem.pdf", &rc);
	if (rc != 0 || strstr(rep, "/Info 3 0 R") == NULL ||
	    strstr(rep, "/Root 1 0 R") == NULL || strstr(rep, "/Prev") == NULL)
		fail_msg("trailer after signing: %s", rep);
	free(rep);
	expect_pdfsig("pem.pdf", valid, TL_NELEM(valid), "nss");
	expect_pdfsig("pem.pdf", untrusted, TL_NELEM(untrusted), "nss0");
	rep = pdfsig("pem.pdf", "nss0");
	assert_true(rep == NULL || strstr(rep, "Certificate is Trusted.") ==
	    NULL);
	free(rep);
	free(out);
	sign_key_free(k);
}

/* Without the intermediate in the CMS the root alone is not enough. */
static void
test_chain_needed(void **state)
{
	struct sign_key *k = load("rsa.crt", "rsa.key", NULL);
	struct sign_check c;
	size_t n;
	char *out = sign(k, g.plain, g.plainlen, &n);

	assert_int_equal(sign_check(out, n, g.ca, &c), PL_OK);
	assert_true(c.has_sig && c.whole && c.digest_ok && c.sig_ok);
	assert_false(c.trusted);
	assert_non_null(strstr(c.why, "issuer"));
	free(out);
	sign_key_free(k);
}

static void
test_sign_p12_packed(void **state)
{
	static const char *const valid[] = { "Signature is Valid.",
	    "Total document signed", "Certificate is Trusted." };
	struct sign_key *k = load("rsa.p12", NULL, PASS);
	size_t n;
	char *out = sign(k, g.packed, g.packedlen, &n), *rep;
	int rc;

	expect_all_ok(out, n, "CN = Budi Santoso");
	save("p12.pdf", out, n);
	expect_qpdf_clean("p12.pdf");
	expect_pdfsig("p12.pdf", valid, TL_NELEM(valid), "nss");
	/* Page 1 kept its keys and its link, and gained the widget. */
	rep = run("o=$(qpdf --show-pages p12.pdf | "
	    "sed -n 's/^page 1: \\([0-9]*\\) .*/\\1/p'); "
	    "qpdf --show-object=$o p12.pdf", &rc);
	assert_int_equal(rc, 0);
	if (strstr(rep, "/MediaBox") == NULL || strstr(rep, "/Parent") ==
	    NULL || strstr(rep, "/Contents") == NULL ||
	    strstr(rep, "/Resources") == NULL ||
	    count(strstr(rep, "/Annots") ? strstr(rep, "/Annots") : "",
	    " R") < 2)
		fail_msg("page 1 after signing: %s", rep);
	free(rep);
	free(out);
	sign_key_free(k);
}

static void
test_sign_ec(void **state)
{
	static const char *const valid[] = { "Signature is Valid.",
	    "Total document signed", "Certificate is Trusted." };
	struct sign_key *k = load("ec.pem", "ec.key", NULL);
	size_t n;
	char *out = sign(k, g.plain, g.plainlen, &n);

	expect_all_ok(out, n, "CN = Siti Aminah");
	save("ec.pdf", out, n);
	expect_qpdf_clean("ec.pdf");
	expect_pdfsig("ec.pdf", valid, TL_NELEM(valid), "nss");
	free(out);
	sign_key_free(k);
}

/* sign_check trusts a signing certificate whatever its EKU says. */
static void
test_sign_eku(void **state)
{
	struct sign_key *k = load("doc.pem", "doc.key", NULL);
	size_t n;
	char *out = sign(k, g.plain, g.plainlen, &n);

	expect_all_ok(out, n, "CN = Dokumen Dinas");
	free(out);
	sign_key_free(k);
}

static void
test_sign_twice(void **state)
{
	static const char *const valid[] = { "Signature #1", "Signature #2",
	    "Not total document signed", "Total document signed" };
	struct sign_key *k1 = load("rsa.pem", "rsa.key", NULL);
	struct sign_key *k2 = load("ec.pem", "ec.key", NULL);
	size_t n1, n2;
	char *one = sign(k1, g.packed, g.packedlen, &n1);
	char *two = sign(k2, one, n1, &n2), *rep;

	expect_all_ok(two, n2, "CN = Siti Aminah");
	save("twice.pdf", two, n2);
	expect_qpdf_clean("twice.pdf");
	expect_pdfsig("twice.pdf", valid, TL_NELEM(valid), "nss");
	rep = pdfsig("twice.pdf", "nss");
	if (rep != NULL && (count(rep, "Signature is Valid.") != 2 ||
	    count(rep, "Certificate is Trusted.") != 2))
		fail_msg("pdfsig twice.pdf:\n%s", rep);
	free(rep);
	free(one);
	free(two);
	sign_key_free(k1);
	sign_key_free(k2);
}

/* The offset of the last "/Contents <" hex string's '<'. */
static size_t
contents_at(const char *pdf, size_t len)
{
	size_t i, at = 0;

	for (i = 0; i + 11 <= len; i++)
		if (memcmp(pdf + i, "/Contents <", 11) == 0)
			at = i + 10;
	assert_true(at > 0);
	return at;
}

/* The plain PDF signed with the RSA key (PEM, with the chain). */
static char *
signed_rsa(size_t *n)
{
	struct sign_key *k = load("rsa.pem", "rsa.key", NULL);
	char *out = sign(k, g.plain, g.plainlen, n);

	sign_key_free(k);
	return out;
}

/* A byte of the first range: the binary comment on line 2. */
static void
test_tamper_first_range(void **state)
{
	static const char *const mismatch[] = { "Digest Mismatch." };
	struct sign_check c;
	size_t n;
	char *t = signed_rsa(&n);

	t[11] ^= 0x01;
	assert_int_equal(sign_check(t, n, g.ca, &c), PL_OK);
	assert_true(c.has_sig && c.whole && c.sig_ok);
	assert_false(c.digest_ok);
	assert_false(c.trusted);
	assert_string_equal(c.why, "digest mismatch");
	save("flip.pdf", t, n);
	expect_pdfsig("flip.pdf", mismatch, TL_NELEM(mismatch), "nss");
	free(t);
}

/* A byte of the second range: the field name after /Contents. */
static void
test_tamper_second_range(void **state)
{
	struct sign_check c;
	size_t n, hex;
	char *t = signed_rsa(&n), *name;

	hex = contents_at(t, n);
	name = memmem(t + hex, n - hex, "/T (Signature", 13);
	assert_non_null(name);
	name[4] = 's';
	assert_int_equal(sign_check(t, n, g.ca, &c), PL_OK);
	assert_true(c.has_sig && c.whole && c.sig_ok);
	assert_false(c.digest_ok);
	assert_string_equal(c.why, "digest mismatch");
	free(t);
}

/* The last byte of the DER: the end of the RSA signature value. */
static void
test_tamper_signature(void **state)
{
	struct sign_check c;
	size_t n, hex, der;
	char *t = signed_rsa(&n), *rep, head[9];
	unsigned int hi, lo;

	hex = contents_at(t, n);
	memcpy(head, t + hex + 1, 8);
	head[8] = '\0';
	assert_int_equal(sscanf(head, "3082%2x%2x", &hi, &lo), 2);
	der = 4 + (hi << 8 | lo);
	t[hex + 2 * der] = t[hex + 2 * der] == '0' ? '1' : '0';
	assert_int_equal(sign_check(t, n, g.ca, &c), PL_OK);
	assert_true(c.has_sig && c.whole && c.digest_ok);
	assert_false(c.sig_ok);
	assert_false(c.trusted);
	assert_string_equal(c.why, "signature does not verify");
	save("badsig.pdf", t, n);
	rep = pdfsig("badsig.pdf", "nss");
	if (rep != NULL && strstr(rep, "Signature is Valid.") != NULL)
		fail_msg("pdfsig accepts a bad signature:\n%s", rep);
	free(rep);
	free(t);
}

/* Bytes appended after signing: not the whole file any more. */
static void
test_appended(void **state)
{
	struct sign_check c;
	size_t n;
	char *out = signed_rsa(&n), *t = malloc(n + 11);

	memcpy(t, out, n);
	memcpy(t + n, "% appended\n", 11);
	assert_int_equal(sign_check(t, n + 11, g.ca, &c), PL_OK);
	assert_true(c.has_sig && c.digest_ok && c.sig_ok && c.trusted);
	assert_false(c.whole);
	assert_string_equal(c.why, "signature does not cover the whole file");
	free(t);
	free(out);
}

/* sign_check on an exact-size copy: ASan sees any read past the end. */
static enum pl_status
check_copy(const char *p, size_t n, struct sign_check *c)
{
	char *q = malloc(n ? n : 1);
	enum pl_status st;

	memcpy(q, p, n);
	st = sign_check(q, n, g.ca, c);
	free(q);
	return st;
}

static bool
all_ok(const struct sign_check *c)
{
	return c->has_sig && c->whole && c->digest_ok && c->sig_ok &&
	    c->trusted;
}

/* Near misses of the true ranges at br: a byte left out or let in. */
static void
near_misses(const char *br, size_t n, char near[6][64])
{
	size_t r[4];

	assert_int_equal(sscanf(br, "[%zu %zu %zu %zu]", &r[0], &r[1], &r[2],
	    &r[3]), 4);
	assert_true(r[0] == 0 && r[2] + r[3] == n);
	snprintf(near[0], 64, "[1 %zu %zu %zu]", r[1] - 1, r[2], r[3]);
	snprintf(near[1], 64, "[0 %zu %zu %zu]", r[1], r[2], r[3] - 1);
	snprintf(near[2], 64, "[0 %zu %zu %zu]", r[1] - 1, r[2], r[3]);
	snprintf(near[3], 64, "[0 %zu %zu %zu]", r[1], r[2] + 1, r[3] - 1);
	snprintf(near[4], 64, "[0 %zu %zu %zu]", r[1] + 1, r[2] - 1,
	    r[3] + 1);
	snprintf(near[5], 64, "[1 %zu %zu %zu]", r[1], r[2], r[3]);
}

static void
test_bad_byterange(void **state)
{
	static const char *const rows[] = {
		"[0 10 20 30]",
		"[0 99999999999 0 0]",
		"[-5 10 20 30]",
		"[0 500 400 100]",
		"[0 10 20 99999999]",
		"[18446744073709551615 1 1 1]",
		"[0 18446744073709551616 0 0]",
		"[0 1 2]",
		"[0 1 2 3 4]",
		"[0 /x 2 3]",
		"[0 1.5 2 3]",
		"[0 1 2 3",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
		"<< /A 1 >>",
		"(",
		"0",
	};
	struct sign_key *k = load("rsa.pem", "rsa.key", NULL);
	struct sign_check c;
	size_t n, br, i, w;
	char *out = sign(k, g.plain, g.plainlen, &n), *t, near[6][64];
	const char *row;
	enum pl_status st;
	const char *p;

	p = memmem(out + g.plainlen, n - g.plainlen, "/ByteRange ", 11);
	assert_non_null(p);
	br = (size_t)(p - out) + 11;
	/* The slot runs to the newline. */
	for (w = 0; out[br + w] != '\n'; w++)
		continue;
	near_misses(out + br, n, near);
	t = malloc(n);
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rows) + TL_NELEM(near); i++) {
		row = i < TL_NELEM(rows) ? rows[i] : near[i - TL_NELEM(rows)];
		memcpy(t, out, n);
		memset(t + br, ' ', w);
		memcpy(t + br, row, strlen(row));
		st = check_copy(t, n, &c);
		if (st != PL_OK && st != PL_EINPUT)
			tl_fail("row %zu: status %d", i, st);
		if (all_ok(&c) || c.whole || c.why[0] == '\0')
			tl_fail("row %zu %s: accepted (why \"%s\")", i, row,
			    c.why);
	}
	TL_END();
	free(t);
	free(out);
	sign_key_free(k);
}

static void
test_truncated(void **state)
{
	struct sign_key *k = load("rsa.pem", "rsa.key", NULL);
	struct sign_check c;
	const char *why;
	size_t n, cut, hex, olen, i;
	char *out = sign(k, g.plain, g.plainlen, &n), *o, *so;
	enum pl_status st;

	hex = contents_at(out, n);
	TL_BEGIN();
	for (i = 0; i <= 70; i++) {
		/* 64 cuts across the file, then some near the signature. */
		cut = i < 64 ? n * i / 64 : i == 64 ? hex : i == 65 ? hex + 1 :
		    i == 66 ? hex + 9000 : i == 67 ? n - 1 : i == 68 ? n - 6 :
		    i == 69 ? g.plainlen : hex - 3;
		st = check_copy(out, cut, &c);
		if (all_ok(&c) || c.whole || (st != PL_EINPUT && !c.has_sig))
			tl_fail("cut %zu of %zu: whole=%d why \"%s\"", cut, n,
			    c.whole, c.why);
		/* Unsigned input cut short: signed or refused, cleanly. */
		cut = g.plainlen * i / 70;
		o = malloc(cut ? cut : 1);
		memcpy(o, g.plain, cut);
		why = NULL;
		so = NULL;
		st = sign_pdf(k, o, cut, g.when, NULL, NULL, &so, &olen, &why);
		free(o);
		free(so);
		if (i < 70 && (st != PL_EINPUT || why == NULL))
			tl_fail("sign_pdf cut %zu: status %d", cut, st);
	}
	TL_END();
	free(out);
	sign_key_free(k);
}

static void
test_garbage(void **state)
{
	static const char *const rows[] = {
		"",
		"%PDF-1.3\n",
		"%PDF-1.3\nstartxref\n999999999\n%%EOF\n",
		"%PDF-1.3\nxref\n0 99999999999\ntrailer << >>\nstartxref\n9\n",
		"%PDF-1.3\nxref\n0 1\n0000000000 65535 f\r\ntrailer\n"
		    "<< /Root 1 0 R /Size 2 /Prev 9 >>\nstartxref\n9\n%%EOF",
		"%PDF-1.3\nxref\n0 1\n0000000000 65535 f\r\ntrailer\n"
		    "<< /Root 1 0 R /Size 2 >>\nstartxref\n9\n%%EOF",
		"1 0 obj << /ByteRange [0 0 0 0] /Contents <> >> endobj",
		"1 0 obj << /ByteRange [0 5 10 0] /Contents <3> >> endobj",
		"1 0 obj << /ByteRange [0 1 2 3] /Contents <zz> >> endobj",
		"1 0 obj << /ByteRange [0 1 2 3] /Contents (x) >> endobj",
		"1 0 obj << /ByteRange [0 1 2 3] /Contents <0",
		"1 0 obj << /ByteRange [0 1 2 3] /Contents <<>> >> endobj",
		"obj<< /ByteRange [0 1 2 3] /Contents <00> >>",
		" obj << /ByteRange",
		"/ByteRange",
		"((((((((((((((((( obj << /ByteRange (\\",
		"1 0 obj << /ByteRange [0 26 100 0] /Contents <308200> >>",
	};
	struct sign_key *k = load("rsa.pem", "rsa.key", NULL);
	struct sign_check c;
	const char *why;
	size_t i, j, n, olen;
	char *b, *o;
	enum pl_status st;

	/* libharu's own output carries no signature. */
	assert_int_equal(sign_check(g.plain, g.plainlen, g.ca, &c), PL_EINPUT);
	assert_false(c.has_sig);
	assert_string_equal(c.why, "no signature");
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(rows) + 60; i++) {
		n = i < TL_NELEM(rows) ? strlen(rows[i]) : (size_t)rand() %
		    8192;
		b = malloc(n ? n : 1);
		if (i < TL_NELEM(rows))
			memcpy(b, rows[i], n);
		else
			for (j = 0; j < n; j++)
				b[j] = i & 1 ? "<</[]()>R 0 obj/ByteRange\n"
				    [rand() % 26] : (char)rand();
		st = sign_check(b, n, g.ca, &c);
		if (all_ok(&c) || c.why[0] == '\0' ||
		    (st == PL_EINPUT) == c.has_sig)
			tl_fail("row %zu: check status %d why \"%s\"", i, st,
			    c.why);
		why = NULL;
		o = NULL;
		st = sign_pdf(k, b, n, g.when, NULL, NULL, &o, &olen, &why);
		if (st != PL_EINPUT || o != NULL || why == NULL)
			tl_fail("row %zu: sign status %d", i, st);
		free(b);
	}
	TL_END();
	sign_key_free(k);
}

/* Deep nesting must stop at the depth cap, not blow the stack. */
static void
test_deep_nesting(void **state)
{
	static const char *const units[] = { "[", "<< /A ", "[<< /B " };
	struct sign_check c;
	size_t n = 200000, i, j, u;
	char *b = malloc(n);

	for (u = 0; u < TL_NELEM(units); u++) {
		memcpy(b, "1 0 obj << /K ", 14);
		for (i = 14, j = 0; i < n - 40; i++, j++)
			b[i] = units[u][j % strlen(units[u])];
		memcpy(b + n - 40, "/ByteRange [0 1 2 3] /Contents <00> >> ",
		    40);
		assert_int_equal(check_copy(b, n, &c), PL_EINPUT);
		assert_false(c.has_sig);
	}
	free(b);
}

/* Random byte flips in the update never pass outside /Contents. */
static void
test_mutations(void **state)
{
	struct sign_key *k = load("rsa.pem", "rsa.key", NULL);
	struct sign_check c;
	size_t n, hex, end, at[3], i, j, span;
	char *out = sign(k, g.plain, g.plainlen, &n), *t = malloc(n);
	bool inside;

	hex = contents_at(out, n);
	for (end = hex + 1; out[end] != '>'; end++)
		continue;
	span = n - g.plainlen;
	srand(7);
	TL_BEGIN();
	for (i = 0; i < 300; i++) {
		memcpy(t, out, n);
		inside = true;
		for (j = 0; j < 3; j++) {
			at[j] = g.plainlen + (size_t)rand() % span;
			t[at[j]] = (char)rand();
			if (t[at[j]] != out[at[j]] && (at[j] <= hex ||
			    at[j] >= end))
				inside = false;
		}
		(void)check_copy(t, n, &c);
		if (all_ok(&c) && !inside)
			tl_fail("flip at %zu %zu %zu accepted", at[0], at[1],
			    at[2]);
	}
	TL_END();
	free(t);
	free(out);
	sign_key_free(k);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Median milliseconds of sign_pdf with one key: 101 runs, or as many as
 * fit in 2 s (at least 11) when valgrind slows everything down.
 */
static double
median_ms(const struct sign_key *k, const char *pdf, size_t len,
    size_t *runs)
{
	double ms[101], total = 0;
	struct timespec a, b;
	const char *why;
	size_t n, i;
	char *out;

	for (i = 0; i < TL_NELEM(ms) && (i < 11 || total < 2000); i++) {
		clock_gettime(CLOCK_MONOTONIC, &a);
		assert_int_equal(sign_pdf(k, pdf, len, g.when, REASON,
		    LOCATION, &out, &n, &why), PL_OK);
		clock_gettime(CLOCK_MONOTONIC, &b);
		free(out);
		ms[i] = (double)(b.tv_sec - a.tv_sec) * 1e3 +
		    (double)(b.tv_nsec - a.tv_nsec) / 1e6;
		total += ms[i];
	}
	qsort(ms, i, sizeof ms[0], cmp_double);
	*runs = i;
	return ms[i / 2];
}

static void
test_timing(void **state)
{
	struct sign_key *rsa = load("rsa.pem", "rsa.key", NULL);
	struct sign_key *ec = load("ec.pem", "ec.key", NULL);
	size_t nr, ne;
	double r = median_ms(rsa, g.plain, g.plainlen, &nr);
	double e = median_ms(ec, g.plain, g.plainlen, &ne);

	print_message("sign_pdf median, %zu-byte PDF: RSA-2048 %.3f ms "
	    "(%zu runs), ECDSA P-256 %.3f ms (%zu runs)\n", g.plainlen, r, nr,
	    e, ne);
	/* Generous: the same binary runs under ASan and valgrind. */
	assert_true(r < 250.0);
	assert_true(e < 250.0);
	sign_key_free(rsa);
	sign_key_free(ec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_load),
		cmocka_unit_test(test_sign_pem),
		cmocka_unit_test(test_validity),
		cmocka_unit_test(test_chain_needed),
		cmocka_unit_test(test_sign_p12_packed),
		cmocka_unit_test(test_sign_ec),
		cmocka_unit_test(test_sign_eku),
		cmocka_unit_test(test_sign_twice),
		cmocka_unit_test(test_tamper_first_range),
		cmocka_unit_test(test_tamper_second_range),
		cmocka_unit_test(test_tamper_signature),
		cmocka_unit_test(test_appended),
		cmocka_unit_test(test_bad_byterange),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_mutations),
		cmocka_unit_test(test_timing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
