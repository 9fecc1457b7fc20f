/* report.h: requests as tables for people and JSON for programs. */
#ifndef PL_REPORT_H
#define PL_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "pipeline.h"

struct store;

/* `sertel list`: requests (status NULL: all) as a table or JSON array. */
enum pl_status	 report_list(struct store *st, const char *status, bool json,
		    FILE *out);
/* `sertel list --quarantine`: held messages (ignored ones too, if all). */
enum pl_status	 report_held(struct store *st, bool all, bool json,
		    FILE *out);
/* `sertel list --outbox`: outgoing mail failed for good or retrying. */
enum pl_status	 report_outbox(struct store *st, bool json, FILE *out);
/* `sertel show CODE`: PL_EINPUT when there is no such request. */
struct conf;
enum pl_status	 report_show(struct store *st, const struct conf *cf,
		    const char *code, bool json, FILE *out);
/* The same as a JSON object (the caller's; NULL on a store error). */
struct json_object;
struct json_object *report_json(struct store *st, const struct conf *cf,
		    int64_t id);

#endif
