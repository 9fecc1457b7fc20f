/* ocr_p.h: the OCR context, shared by ocr.c (reading) and ocr_worker.c. */
#ifndef PL_OCR_P_H
#define PL_OCR_P_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#define OCR_WORKERS	8	/* at most; [ocr] workers sets how many */
#define OCR_QUEUE	32	/* images waiting for a worker */
#define OCR_CACHE	64	/* answers kept, by image hash */

struct TessBaseAPI;

/* One worker process and the job it is on. */
struct ocr_worker {
	pid_t		 pid;		/* 0 when not running */
	int		 to, from;	/* pipes */
	bool		 busy;
	char		 sha[65];	/* the job's image */
	char		 kind;		/* 'K' KTP, 'T' page text */
	time_t		 deadline;
};

struct ocr_job {
	char		 sha[65];
	char		 kind;
	unsigned char	*data;		/* owned */
	size_t		 len;
};

struct ocr_answer {
	char		 sha[65];
	char		 kind;
	char		 status;	/* 'K' ok, 'E' bad input, 'T' retry */
	char		*text;		/* owned; JSON, page text or reason */
};

struct ocr {
	struct TessBaseAPI	*tess;	/* owned; in a worker process */
	struct TessBaseAPI	*digits; /* owned; eng, digits only */
	struct ocr_worker	 w[OCR_WORKERS];
	int			 nworkers;	/* used of w */
	struct ocr_job		 q[OCR_QUEUE];
	size_t			 nq;
	struct ocr_answer	 cache[OCR_CACHE];
	size_t			 ncache, next;	/* ring */
};

/* ocr.c: end the Tesseract instance of this process (NULL-safe). */
void	ocr_tess_end(struct ocr *o);

#endif
