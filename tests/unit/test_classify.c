/* test_classify: document types from real-world file names and texts. */
#include "testlib.h"

#include "classify.h"
#include "pipeline.h"

static const struct {
	const char	*name;
	enum pl_doctype	 want;
} name_rows[] = {
	/* Surat rekomendasi. */
	{ "SR Budi.pdf", DOC_REKOMENDASI },
	{ "SR_Budi_Santoso.pdf", DOC_REKOMENDASI },
	{ "03. Surat Rekomendasi.pdf", DOC_REKOMENDASI },
	{ "Surat Rekomendasi Atasan.pdf", DOC_REKOMENDASI },
	{ "surat_rekom_kadis.pdf", DOC_REKOMENDASI },
	{ "REKOMENDASI TTE BUDI.PDF", DOC_REKOMENDASI },
	{ "Surat Rek Budi.pdf", DOC_REKOMENDASI },
	/* SK jabatan. */
	{ "Petikan SK.pdf", DOC_SK_JABATAN },
	{ "05. SK Jabatan.pdf", DOC_SK_JABATAN },
	{ "SK_Pengangkatan_Terakhir.pdf", DOC_SK_JABATAN },
	{ "SK-Jabatan-Budi.jpeg", DOC_SK_JABATAN },
	{ "Keputusan Walikota Pekalongan.pdf", DOC_SK_JABATAN },
	{ "sk pelantikan.pdf", DOC_SK_JABATAN },
	{ "SKJabatan.pdf", DOC_SK_JABATAN },
	/* KTP. */
	{ "04. KTP.jpg", DOC_KTP },
	{ "e-KTP.jpg", DOC_KTP },
	{ "KTP-el Budi.png", DOC_KTP },
	{ "Scan KTP Berwarna.jpg", DOC_KTP },
	{ "ktp_budi (1).jpeg", DOC_KTP },
	{ "FOTO KTP.JPG", DOC_KTP },
	{ "Kartu Tanda Penduduk.pdf", DOC_KTP },
	/* Formulir pendaftaran. */
	{ "form_pendaftaran.pdf", DOC_FORMULIR },
	{ "02. Formulir.pdf", DOC_FORMULIR },
	{ "Formulir Pendaftaran Sertifikat Elektronik.docx", DOC_FORMULIR },
	{ "Form Registrasi TTE.pdf", DOC_FORMULIR },
	{ "Biodata.pdf", DOC_FORMULIR },
	{ "data diri budi.pdf", DOC_FORMULIR },
	{ "Formulir Permohonan.pdf", DOC_FORMULIR },
	/* Surat permohonan. */
	{ "Surat Permohonan.pdf", DOC_SURAT_PERMOHONAN },
	{ "01. Surat Permohonan.pdf", DOC_SURAT_PERMOHONAN },
	{ "surat_permohonan_penerbitan_sertifikat.pdf", DOC_SURAT_PERMOHONAN },
	{ "SP Budi.pdf", DOC_SURAT_PERMOHONAN },
	{ "Pengajuan TTE.pdf", DOC_SURAT_PERMOHONAN },
	{ "mohon_sertifikat.pdf", DOC_SURAT_PERMOHONAN },
	/* "Surat Permohonan" names the letter, whatever words follow. */
	{ "Surat Permohonan Pendaftaran TTE.pdf", DOC_SURAT_PERMOHONAN },
	{ "surat permohonan registrasi.pdf", DOC_SURAT_PERMOHONAN },
	{ "Surat Permohonan TTE Jabatan Fungsional.pdf",
	    DOC_SURAT_PERMOHONAN },
	/* Names that say nothing. */
	{ "scan0001.pdf", DOC_OTHER },
	{ "IMG_20261121_093015.jpg", DOC_OTHER },
	{ "CamScanner 21-11-2026 09.15.pdf", DOC_OTHER },
	{ "document.pdf", DOC_OTHER },
	{ "Dokumen (2).pdf", DOC_OTHER },
	{ "WhatsApp Image 2026-11-21 at 09.15.03.jpeg", DOC_OTHER },
	{ "image001.png", DOC_OTHER },
	{ "Doc1.docx", DOC_OTHER },
	{ "20261121_091500.jpg", DOC_OTHER },
	{ "Pas Foto 3x4.jpg", DOC_OTHER },
	{ "Kartu Keluarga.pdf", DOC_OTHER },
	{ "NPWP.pdf", DOC_OTHER },
	{ "Ijazah S1.pdf", DOC_OTHER },
	{ "Skripsi.pdf", DOC_OTHER },		/* "sk" only as a word */
	{ "Desk scan.pdf", DOC_OTHER },
	{ "sprint.pdf", DOC_OTHER },		/* "sp" only as a word */
	{ "", DOC_OTHER },
	{ ".pdf", DOC_OTHER },
	{ "....", DOC_OTHER },
	{ "\xc3\xa9\xc3\xa9.pdf", DOC_OTHER },
};

static void
test_classify_name_table(void **state)
{
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(name_rows); i++) {
		enum pl_doctype got = classify_name(name_rows[i].name);

		if (got != name_rows[i].want)
			tl_fail("row %zu classify_name(\"%s\"): got %s, want %s",
			    i, tl_esc(name_rows[i].name),
			    pl_doctype_names[got],
			    pl_doctype_names[name_rows[i].want]);
	}
	assert_int_equal(classify_name(NULL), DOC_OTHER);
	TL_END();
}

/* Long and hostile names: no crash, still a type. */
static void
test_classify_name_long(void **state)
{
	char name[8192];

	(void)state;
	memset(name, 'x', sizeof name - 1);
	name[sizeof name - 1] = '\0';
	assert_int_equal(classify_name(name), DOC_OTHER);
	memcpy(name + 4000, " KTP ", 5);
	assert_int_equal(classify_name(name), DOC_KTP);
	memset(name, '.', sizeof name - 1);
	assert_int_equal(classify_name(name), DOC_OTHER);
}

/* Letterheads first, then the title; the earliest title wins. */
static const struct {
	const char	*text;
	enum pl_doctype	 want;
} text_rows[] = {
	{ "PEMERINTAH KOTA PEKALONGAN\n"
	  "DINAS KOMUNIKASI DAN INFORMATIKA\n"
	  "Jl. Sriwijaya No. 44 Pekalongan 51111\n"
	  "SURAT REKOMENDASI\n"
	  "Nomor: 800/123/2026\n"
	  "Yang bertanda tangan di bawah ini ... untuk permohonan sertifikat",
	  DOC_REKOMENDASI },
	{ "PEMERINTAH KOTA PEKALONGAN\n"
	  "BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA\n"
	  "PETIKAN\n"
	  "KEPUTUSAN WALI KOTA PEKALONGAN\n"
	  "NOMOR 821.2/045 TAHUN 2025\n"
	  "TENTANG PENGANGKATAN DALAM JABATAN",
	  DOC_SK_JABATAN },
	{ "KEPUTUSAN WALI KOTA PEKALONGAN\nNOMOR 800/1/2024\n",
	  DOC_SK_JABATAN },
	{ "FORMULIR PENDAFTARAN\n"
	  "SERTIFIKAT ELEKTRONIK INDIVIDU\n"
	  "Nama : Budi Santoso\nNIK : 3375011203850001\n"
	  "Keterangan: surat permohonan dilampirkan",
	  DOC_FORMULIR },
	{ "Formulir Permohonan Sertifikat Elektronik\nNama :", DOC_FORMULIR },
	{ "PEMERINTAH KOTA PEKALONGAN\n"
	  "DINAS PENDIDIKAN DAN KEBUDAYAAN\n"
	  "Jl. Merdeka No. 5\n"
	  "Pekalongan, 20 November 2026\n"
	  "Nomor : 800/77\nSifat : Penting\nLampiran : 1 (satu) berkas\n"
	  "Hal : Permohonan Penerbitan Sertifikat Elektronik\n"
	  "Yth. Kepala Dinas Komunikasi dan Informatika",
	  DOC_SURAT_PERMOHONAN },
	{ "SURAT PERMOHONAN\nYang bertanda tangan di bawah ini",
	  DOC_SURAT_PERMOHONAN },
	{ "PROVINSI JAWA TENGAH\nKOTA PEKALONGAN\n"
	  "NIK : 3375011203850001\nNama : BUDI SANTOSO\n"
	  "Tempat/Tgl Lahir : PEKALONGAN, 12-03-1985\n"
	  "Jenis kelamin : LAKI-LAKI Gol. Darah : O\n"
	  "Alamat : JL. MERDEKA NO. 5",
	  DOC_KTP },
	{ "KARTU TANDA PENDUDUK\nNIK 3375011203850001", DOC_KTP },
	/* Nothing that opens a document. */
	{ "Dengan hormat, terlampir berkas saya.", DOC_OTHER },
	{ "", DOC_OTHER },
	{ "PEMERINTAH KOTA PEKALONGAN\nDINAS KOMUNIKASI DAN INFORMATIKA\n",
	  DOC_OTHER },
	/* Words glued to others are not titles. */
	{ "Permohonannya sudah dikirim", DOC_OTHER },
};

static void
test_classify_text_table(void **state)
{
	size_t i;

	(void)state;
	TL_BEGIN();
	for (i = 0; i < TL_NELEM(text_rows); i++) {
		enum pl_doctype got = classify_text(text_rows[i].text);

		if (got != text_rows[i].want)
			tl_fail("row %zu classify_text(\"%s\"): got %s, want %s",
			    i, tl_esc(text_rows[i].text),
			    pl_doctype_names[got],
			    pl_doctype_names[text_rows[i].want]);
	}
	assert_int_equal(classify_text(NULL), DOC_OTHER);
	TL_END();
}

/* Only the opening counts: a title deep in the text is not a title. */
static void
test_classify_text_opening_only(void **state)
{
	static char text[20000];

	(void)state;
	memset(text, 'x', sizeof text - 1);
	memcpy(text, "Lampiran\n", 9);
	memcpy(text + 10000, " SURAT REKOMENDASI ", 19);
	assert_int_equal(classify_text(text), DOC_OTHER);
	memcpy(text + 100, " SURAT REKOMENDASI ", 19);
	assert_int_equal(classify_text(text), DOC_REKOMENDASI);
}

static void
test_classify_parse(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < DOC_NTYPES; i++)
		assert_int_equal(classify_parse(pl_doctype_names[i]), i);
	assert_int_equal(classify_parse("ktp"), DOC_KTP);
	assert_int_equal(classify_parse("surat_rekomendasi"), DOC_REKOMENDASI);
	assert_int_equal(classify_parse("formulir_pendaftaran"), DOC_FORMULIR);
	assert_int_equal(classify_parse("KTP"), DOC_NTYPES);
	assert_int_equal(classify_parse(""), DOC_NTYPES);
	assert_int_equal(classify_parse("ktp "), DOC_NTYPES);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify_name_table),
		cmocka_unit_test(test_classify_name_long),
		cmocka_unit_test(test_classify_text_table),
		cmocka_unit_test(test_classify_text_opening_only),
		cmocka_unit_test(test_classify_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
