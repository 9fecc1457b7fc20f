/*
 * omp_inline (extract stage): Tesseract's OpenMP regions run inline.
 *
 * Debian's libtesseract is built with OpenMP: every time step of every
 * LSTM layer is a `parallel sections` region (the four gates), and some
 * loops are `parallel for`. sertel reads each image in one single-threaded
 * worker process (OMP_THREAD_LIMIT=1; the cores go to more workers), so
 * libgomp runs each region with a team of one, yet still sets that team
 * up and ends it at a barrier that wakes its (absent) waiters with a futex
 * system call: about 6,000 calls for one card, 5% of its time.
 *
 * These definitions take the place of libgomp's entry points that
 * libtesseract calls (the executable's symbols come first in the dynamic
 * linker's search) and run the region in the calling thread, as a team of
 * one does. Inside it omp_get_thread_num() is 0 and omp_get_num_threads()
 * 1, libgomp's answers outside any team, so a `parallel for` with its
 * static schedule takes the whole range. Sections are handed out in order
 * by GOMP_sections_next. Nothing else in sertel uses OpenMP.
 */
#include "omp_inline.h"

/* The sections of the region running in this thread: next, and how many. */
static __thread unsigned section_next, section_count;
static __thread unsigned long regions;

void
GOMP_parallel(void (*fn)(void *), void *data, unsigned nthreads,
    unsigned flags)
{
	(void)nthreads;
	(void)flags;
	regions++;
	fn(data);
}

void
GOMP_parallel_sections(void (*fn)(void *), void *data, unsigned nthreads,
    unsigned count, unsigned flags)
{
	unsigned next = section_next, n = section_count;

	(void)nthreads;
	(void)flags;
	regions++;
	section_next = 1;
	section_count = count;
	fn(data);
	section_next = next;	/* a region inside a section's region */
	section_count = n;
}

unsigned
GOMP_sections_next(void)
{
	return section_next <= section_count ? section_next++ : 0;
}

void
GOMP_sections_end_nowait(void)
{
}

unsigned long
omp_inline_regions(void)
{
	return regions;
}
