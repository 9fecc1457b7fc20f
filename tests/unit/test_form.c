/* test_form: "Label : value" identity fields from text and PDF forms. */
#include "testlib.h"

#include "form.h"
#include "pipeline.h"

static const struct {
	const char	*label;
	int		 want;
} label_rows[] = {
	{ "Nama", FF_NAMA },
	{ "Nama Lengkap", FF_NAMA },
	{ "NAMA LENGKAP", FF_NAMA },
	{ "nama   lengkap", FF_NAMA },
	{ "  Nama Lengkap\t", FF_NAMA },
	{ "1. Nama Lengkap", FF_NAMA },
	{ "12) Nama", FF_NAMA },
	{ "a. Nama", FF_NAMA },
	{ "- Nama", FF_NAMA },
	{ "* Nama", FF_NAMA },
	{ "Nama Lengkap (dengan gelar)", FF_NAMA },
	{ "Nama Lengkap dan Gelar", FF_NAMA },
	{ "Nama Pemohon", FF_NAMA },
	{ "NIK", FF_NIK },
	{ "No. NIK", FF_NIK },
	{ "Nomor Induk Kependudukan", FF_NIK },
	{ "Nomor Induk Kependudukan (NIK)", FF_NIK },
	{ "No KTP", FF_NIK },
	{ "NIP", FF_NIP },
	{ "NIP/NRP", FF_NIP },
	{ "Nomor Induk Pegawai", FF_NIP },
	{ "No. NIP", FF_NIP },
	{ "Pangkat/Golongan", FF_PANGKAT },
	{ "Pangkat / Gol. Ruang", FF_PANGKAT },
	{ "Gol. Ruang", FF_PANGKAT },
	{ "Golongan", FF_PANGKAT },
	{ "Jabatan", FF_JABATAN },
	{ "Nama Jabatan", FF_JABATAN },
	{ "Unit Kerja", FF_UNIT_KERJA },
	{ "Satuan Kerja", FF_UNIT_KERJA },
	{ "OPD", FF_UNIT_KERJA },
	{ "Perangkat Daerah", FF_UNIT_KERJA },
	{ "Instansi", FF_INSTANSI },
	{ "Asal Instansi", FF_INSTANSI },
	{ "E-mail", FF_EMAIL_DINAS },
	{ "Email", FF_EMAIL_DINAS },
	{ "E-mail Dinas", FF_EMAIL_DINAS },
	{ "E-Mail Dinas (go.id)", FF_EMAIL_DINAS },
	{ "Alamat E-mail Dinas", FF_EMAIL_DINAS },
	{ "Surel", FF_EMAIL_DINAS },
	{ "No. HP", FF_NO_HP },
	{ "No HP/WA", FF_NO_HP },
	{ "No. HP / WhatsApp", FF_NO_HP },
	{ "Nomor WhatsApp", FF_NO_HP },
	{ "No. Telp", FF_NO_HP },
	{ "Handphone", FF_NO_HP },
	/* Not identity fields. */
	{ "Tanggal Lahir", -1 },
	{ "Tempat/Tgl Lahir", -1 },
	{ "Alamat", -1 },
	{ "Agama", -1 },
	{ "Subject", -1 },
	{ "From", -1 },
	{ "Nama Ibu Kandung", -1 },
	{ "", -1 },
	{ "   ", -1 },
	{ "(Nama)", -1 },
	{ "Nama Lengkap Nama Lengkap Nama Lengkap Nama Lengkap Nama Lengkap",
	    -1 },
};

static void
test_form_label_table(void **state)
{
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(label_rows); i++)
		tl_int("form_label", i, label_rows[i].label,
		    form_label(label_rows[i].label), label_rows[i].want);
	TL_END();
}

/* One text, one field, the value expected there (NULL: none). */
static const struct {
	const char	*text;
	int		 field;
	const char	*want;
} text_rows[] = {
	{ "Nama : Budi Santoso", FF_NAMA, "Budi Santoso" },
	{ "NAMA:Budi", FF_NAMA, "Budi" },
	{ "Nama    :    Budi    Santoso   ", FF_NAMA, "Budi Santoso" },
	{ "Nama\tBudi Santoso", FF_NAMA, "Budi Santoso" },
	{ "Nama Lengkap : Budi Santoso, S.Kom.", FF_NAMA,
	    "Budi Santoso, S.Kom." },
	{ "1. Nama Lengkap : Budi", FF_NAMA, "Budi" },
	{ "Nama : : Budi", FF_NAMA, "Budi" },
	{ "Nama: Budi: Santoso", FF_NAMA, "Budi: Santoso" },
	{ "Nama : Budi\xc2\xa0Santoso\xc2\xa0", FF_NAMA, "Budi Santoso" },
	{ "Nama : Budi\x1b[31m", FF_NAMA, "Budi[31m" },
	{ "Nama : Budi Santoso\r\nNIK : 1\r\n", FF_NAMA, "Budi Santoso" },
	/* NIK and NIP: digits only. */
	{ "NIP : 19850312 201001 1 003", FF_NIP, "198503122010011003" },
	{ "NIP. : 19850312.201001.1.003", FF_NIP, "198503122010011003" },
	{ "NIK : 3375.0112.0385.0001", FF_NIK, "3375011203850001" },
	{ "NIK : 3375-0112-0385-0001", FF_NIK, "3375011203850001" },
	{ "NIK : 33750112038500O1", FF_NIK, "33750112038500O1" },
	{ "No. HP : 0812-3456-7890", FF_NO_HP, "0812-3456-7890" },
	/* E-mail: the address only, lower case. */
	{ "E-mail Dinas : <a@b.go.id>", FF_EMAIL_DINAS, "a@b.go.id" },
	{ "Email : Budi <Budi@PekalonganKota.go.id>", FF_EMAIL_DINAS,
	    "budi@pekalongankota.go.id" },
	{ "Email : budi@pekalongankota.go.id (dinas)", FF_EMAIL_DINAS,
	    "budi@pekalongankota.go.id" },		/* a comment */
	{ "Email : bukan alamat", FF_EMAIL_DINAS, NULL },
	{ "Email : mailto:", FF_EMAIL_DINAS, NULL },
	/* A label alone, or punctuation, is no value. */
	{ "Nama :", FF_NAMA, NULL },
	{ "Nama :   ", FF_NAMA, NULL },
	{ "Nama : -", FF_NAMA, NULL },
	{ "Nama : ......", FF_NAMA, NULL },
	{ "NIK : ", FF_NIK, NULL },
	{ "Nama", FF_NAMA, NULL },
	/* Quoted lines are someone else's text. */
	{ "> Nama : X", FF_NAMA, NULL },
	{ ">Nama : X", FF_NAMA, NULL },
	{ ">> Nama : X", FF_NAMA, NULL },
	{ "> Nama : X\nNama : Budi", FF_NAMA, "Budi" },
	/* First value wins. */
	{ "Nama Lengkap : Budi\nNama : Andi", FF_NAMA, "Budi" },
	{ "Nama :\nNama : Budi", FF_NAMA, "Budi" },
	{ "Nama : -\nNama : Budi", FF_NAMA, "Budi" },
	/* Other lines are not fields. */
	{ "Tanggal Lahir : 12-03-1985", FF_NAMA, NULL },
	{ "Subject: Nama : Budi", FF_NAMA, NULL },
	{ "Dengan hormat, nama saya Budi", FF_NAMA, NULL },
	{ "", FF_NAMA, NULL },
};

static void
test_form_text_table(void **state)
{
	struct form fm;
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(text_rows); i++) {
		form_init(&fm);
		form_from_text(&fm, text_rows[i].text, "body");
		tl_str(pl_field_names[text_rows[i].field], i,
		    text_rows[i].text, fm.f[text_rows[i].field].value,
		    text_rows[i].want);
		if (fm.f[text_rows[i].field].value &&
		    strcmp(fm.f[text_rows[i].field].source, "body") != 0)
			tl_fail("row %zu: source \"%s\"", i,
			    fm.f[text_rows[i].field].source);
		form_free(&fm);
	}
	TL_END();
}

/* A whole form: count, every field, names and sources. */
static void
test_form_whole(void **state)
{
	static const char text[] =
	    "Yth. Admin TTE,\n"
	    "\n"
	    "Berikut data saya:\n"
	    "Nama Lengkap        : Budi Santoso, S.Kom.\n"
	    "NIK                 : 3375011203850001\n"
	    "NIP                 : 19850312 201001 1 003\n"
	    "Pangkat/Golongan    : Penata Muda / III.a\n"
	    "Jabatan             : Pranata Komputer Ahli Pertama\n"
	    "Unit Kerja          : Bidang Aplikasi Informatika\n"
	    "Instansi            : Dinas Komunikasi dan Informatika\n"
	    "E-mail Dinas        : budi.santoso@pekalongankota.go.id\n"
	    "No. HP/WA           : 0812 3456 7890\n"
	    "\n"
	    "> Nama : Orang Lain\n"
	    "Terima kasih.\n";
	static const char *const want[PL_NFIELDS] = {
		"Budi Santoso, S.Kom.", "3375011203850001",
		"198503122010011003", "Penata Muda / III.a",
		"Pranata Komputer Ahli Pertama", "Bidang Aplikasi Informatika",
		"Dinas Komunikasi dan Informatika",
		"budi.santoso@pekalongankota.go.id", "0812 3456 7890",
	};
	struct form fm;
	int i;

	(void)state;
	form_init(&fm);
	assert_int_equal(form_from_text(&fm, text, "body"), PL_NFIELDS);
	for (i = 0; i < PL_NFIELDS; i++) {
		assert_string_equal(fm.f[i].name, pl_field_names[i]);
		assert_string_equal(fm.f[i].value, want[i]);
		assert_string_equal(fm.f[i].source, "body");
	}
	/* A second source never overwrites: priority order. */
	assert_int_equal(form_from_text(&fm, "Nama : Lain\nNIK : 1", "pdf:x.pdf"),
	    0);
	assert_string_equal(fm.f[FF_NAMA].value, "Budi Santoso, S.Kom.");
	form_free(&fm);
	form_free(&fm);		/* twice is harmless */
	assert_int_equal(form_from_text(&fm, NULL, "body"), 0);
}

/* Hostile lines: over-long values and labels, huge texts. */
static void
test_form_hostile(void **state)
{
	static char text[1 << 20];
	struct form fm;
	size_t i;

	(void)state;
	/* A value over PL_MAX_FIELD bytes is refused. */
	memcpy(text, "Nama : ", 7);
	memset(text + 7, 'x', PL_MAX_FIELD + 1);
	text[7 + PL_MAX_FIELD + 1] = '\0';
	form_init(&fm);
	assert_int_equal(form_from_text(&fm, text, "body"), 0);
	assert_null(fm.f[FF_NAMA].value);
	/* Exactly PL_MAX_FIELD bytes is kept. */
	text[7 + PL_MAX_FIELD] = '\0';
	assert_int_equal(form_from_text(&fm, text, "body"), 1);
	assert_int_equal(strlen(fm.f[FF_NAMA].value), PL_MAX_FIELD);
	form_free(&fm);
	/* A megabyte of colons and newlines. */
	for (i = 0; i < sizeof text - 1; i++)
		text[i] = i % 3 == 0 ? '\n' : ':';
	text[sizeof text - 1] = '\0';
	form_init(&fm);
	assert_int_equal(form_from_text(&fm, text, "body"), 0);
	/* One megabyte-long line with a label. */
	memset(text, 'a', sizeof text - 1);
	memcpy(text, "Nama : ", 7);
	assert_int_equal(form_from_text(&fm, text, "body"), 0);
	form_free(&fm);
}

static const struct {
	const char	*name;
	const char	*value;
	int		 field;		/* -1: nothing set */
	const char	*want;
} pair_rows[] = {
	{ "form1.nama_lengkap", "Budi Santoso", FF_NAMA, "Budi Santoso" },
	{ "form1[0].#subform[0].nama_lengkap", "Budi", FF_NAMA, "Budi" },
	{ "topmostSubform[0].Page1[0].NIK[0]", "3375 0112 0385 0001", FF_NIK,
	    "3375011203850001" },
	{ "nip", "19850312 201001 1 003", FF_NIP, "198503122010011003" },
	{ "Email_Dinas", "<Budi@PekalonganKota.go.id>", FF_EMAIL_DINAS,
	    "budi@pekalongankota.go.id" },
	{ "form.no_hp", "0812", FF_NO_HP, "0812" },
	{ "form.pangkat_golongan", "III/a", FF_PANGKAT, "III/a" },
	{ "form1.unit_kerja", "  Diskominfo \n", FF_UNIT_KERJA, "Diskominfo" },
	{ "form1.nama_lengkap", "", -1, NULL },
	{ "form1.nama_lengkap", "-", -1, NULL },
	{ "form1.tanggal_lahir", "1985-03-12", -1, NULL },
	{ "Check Box1", "Yes", -1, NULL },
	{ "", "x", -1, NULL },
	{ "form1.", "x", -1, NULL },
};

static void
test_form_pair_table(void **state)
{
	struct form fm;
	size_t i;
	int got, k;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(pair_rows); i++) {
		form_init(&fm);
		got = form_from_pair(&fm, pair_rows[i].name, pair_rows[i].value,
		    "pdf:form.pdf");
		tl_int("form_from_pair", i, pair_rows[i].name, got,
		    pair_rows[i].field >= 0 ? 1 : 0);
		if (pair_rows[i].field >= 0) {
			tl_str(pair_rows[i].name, i, pair_rows[i].value,
			    fm.f[pair_rows[i].field].value, pair_rows[i].want);
			tl_str("source", i, pair_rows[i].name,
			    fm.f[pair_rows[i].field].source, "pdf:form.pdf");
		} else
			for (k = 0; k < PL_NFIELDS; k++)
				if (fm.f[k].value)
					tl_fail("row %zu: %s set to \"%s\"", i,
					    pl_field_names[k], fm.f[k].value);
		form_free(&fm);
	}
	TL_END();
}

/* form_from_pair keeps the first value too. */
static void
test_form_pair_first_wins(void **state)
{
	struct form fm;

	(void)state;
	form_init(&fm);
	assert_int_equal(form_from_text(&fm, "Nama : Dari Badan", "body"), 1);
	assert_int_equal(form_from_pair(&fm, "form1.nama", "Dari PDF",
	    "pdf:f.pdf"), 0);
	assert_string_equal(fm.f[FF_NAMA].value, "Dari Badan");
	assert_string_equal(fm.f[FF_NAMA].source, "body");
	form_free(&fm);
}

static const struct {
	const char	*text;
	const char	*want;
} fwd_rows[] = {
	/* Gmail. */
	{ "Mohon diproses.\n\n"
	  "---------- Forwarded message ---------\n"
	  "From: Budi Santoso <Budi.Santoso@gmail.com>\n"
	  "Date: Sat, 21 Nov 2026 at 09:15\n"
	  "Subject: Permohonan TTE\n"
	  "To: <staf@pekalongankota.go.id>\n\n"
	  "Nama : Budi Santoso\n",
	  "budi.santoso@gmail.com" },
	/* Gmail's text part marks the name with asterisks. */
	{ "---------- Forwarded message ---------\r\n"
	  "From: *Budi Santoso* <budi@gmail.com>\r\n"
	  "Date: Sat, 21 Nov 2026\r\n",
	  "budi@gmail.com" },
	/* Gmail in Indonesian. */
	{ "---------- Pesan terusan ---------\n"
	  "Dari: Budi <budi@pekalongankota.go.id>\n"
	  "Tanggal: Sab, 21 Nov 2026\n",
	  "budi@pekalongankota.go.id" },
	/* Outlook. */
	{ "-----Original Message-----\n"
	  "From: budi@pekalongankota.go.id\n"
	  "Sent: Saturday, November 21, 2026 9:15 AM\n",
	  "budi@pekalongankota.go.id" },
	/* Thunderbird puts Subject and Date first. */
	{ "-------- Forwarded Message --------\n"
	  "Subject: Permohonan\n"
	  "Date: Sat, 21 Nov 2026 09:15:00 +0700\n"
	  "From: Budi <budi@gmail.com>\n"
	  "To: staf@pekalongankota.go.id\n",
	  "budi@gmail.com" },
	/* No forward block. */
	{ "From: Budi <budi@gmail.com>\nNama : Budi\n", NULL },
	{ "Forwarded message\nTidak ada pengirim di sini.\n", NULL },
	{ "---------- Forwarded message ---------\nFrom: Budi Santoso\n",
	    NULL },
	{ "", NULL },
	/* The From line too far from the marker. */
	{ "---------- Forwarded message ---------\n"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "\nFrom: Budi <budi@gmail.com>\n", NULL },
	/* The From line at the very end, without a newline. */
	{ "---------- Forwarded message ---------\nFrom: budi@gmail.com",
	    "budi@gmail.com" },
	/* A From with a line break injected stays one address or none. */
	{ "---------- Forwarded message ---------\n"
	  "From: Budi <budi@gmail.com\nBcc: evil@x>\n", NULL },
};

static void
test_form_forwarded_table(void **state)
{
	size_t i;
	char *got;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(fwd_rows); i++) {
		got = form_forwarded_from(fwd_rows[i].text);
		tl_str("form_forwarded_from", i, fwd_rows[i].text, got,
		    fwd_rows[i].want);
		free(got);
	}
	assert_null(form_forwarded_from(NULL));
	TL_END();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form_label_table),
		cmocka_unit_test(test_form_text_table),
		cmocka_unit_test(test_form_whole),
		cmocka_unit_test(test_form_hostile),
		cmocka_unit_test(test_form_pair_table),
		cmocka_unit_test(test_form_pair_first_wins),
		cmocka_unit_test(test_form_forwarded_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
