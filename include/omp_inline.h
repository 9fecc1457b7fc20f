/* omp_inline.h: libgomp's entry points for Tesseract, run inline (see
 * pipeline/omp_inline.c). Declared here as GCC emits the calls. */
#ifndef PL_OMP_INLINE_H
#define PL_OMP_INLINE_H

void		GOMP_parallel(void (*fn)(void *), void *data,
		    unsigned nthreads, unsigned flags);
void		GOMP_parallel_sections(void (*fn)(void *), void *data,
		    unsigned nthreads, unsigned count, unsigned flags);
unsigned	GOMP_sections_next(void);
void		GOMP_sections_end_nowait(void);

/* How many regions this thread has run here (for tests: that Tesseract's
 * calls do come here). */
unsigned long	omp_inline_regions(void);

#endif
