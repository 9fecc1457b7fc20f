/* ocr_worker (extract stage): the OCR worker process and its results. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "ocr.h"
#include "pipeline.h"
#include "util.h"
#include "xmem.h"


char *
ktp_result_json(const struct ktp_result *r, bool pretty)
{
	json_object *o = json_object_new_object(), *c;
	char *s;
	int i;

	json_object_object_add(o, "is_ktp", json_object_new_boolean(r->is_ktp));
	json_object_object_add(o, "colour", json_object_new_boolean(r->colour));
	for (i = 0; i < KTP_NFIELDS; i++)
		json_object_object_add(o, ktp_field_names[i], r->f.v[i] ?
		    json_object_new_string(r->f.v[i]) : NULL);
	c = json_object_new_object();
	for (i = 0; i < KTP_NFIELDS; i++)
		json_object_object_add(c, ktp_field_names[i],
		    json_object_new_double(round(r->f.conf[i] * 100) / 100));
	json_object_object_add(o, "confidence", c);
	json_object_object_add(o, "width", json_object_new_int(r->width));
	json_object_object_add(o, "height", json_object_new_int(r->height));
	json_object_object_add(o, "card_width",
	    json_object_new_int(r->card_width));
	json_object_object_add(o, "region", json_object_new_string(r->f.city));
	json_object_object_add(o, "labels", json_object_new_int(r->f.labels));
	json_object_object_add(o, "ms", json_object_new_double(
	    round(r->ms * 10) / 10));
	s = xstrdup(json_object_to_json_string_ext(o, pretty ?
	    JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
	    JSON_C_TO_STRING_NOSLASHESCAPE : JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return s;
}

int
ktp_result_from_json(const char *json, struct ktp_result *r)
{
	json_object *o = json_tokener_parse(json), *v, *c;
	int i;

	memset(r, 0, sizeof *r);
	if (o == NULL || !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		return -1;
	}
	r->is_ktp = json_object_object_get_ex(o, "is_ktp", &v) &&
	    json_object_get_boolean(v);
	r->colour = json_object_object_get_ex(o, "colour", &v) &&
	    json_object_get_boolean(v);
	if (json_object_object_get_ex(o, "width", &v))
		r->width = json_object_get_int(v);
	if (json_object_object_get_ex(o, "height", &v))
		r->height = json_object_get_int(v);
	if (json_object_object_get_ex(o, "card_width", &v))
		r->card_width = json_object_get_int(v);
	if (json_object_object_get_ex(o, "labels", &v))
		r->f.labels = json_object_get_int(v);
	if (json_object_object_get_ex(o, "ms", &v))
		r->ms = json_object_get_double(v);
	if (json_object_object_get_ex(o, "region", &v))
		snprintf(r->f.city, sizeof r->f.city, "%s",
		    json_object_get_string(v));
	json_object_object_get_ex(o, "confidence", &c);
	for (i = 0; i < KTP_NFIELDS; i++) {
		if (json_object_object_get_ex(o, ktp_field_names[i], &v) &&
		    json_object_is_type(v, json_type_string))
			r->f.v[i] = xstrdup(json_object_get_string(v));
		if (c && json_object_object_get_ex(c, ktp_field_names[i], &v))
			r->f.conf[i] = json_object_get_double(v);
	}
	json_object_put(o);
	return 0;
}
