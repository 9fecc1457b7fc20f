/* template (act stage): a small mustache-like engine for reply texts. */
#define _GNU_SOURCE
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "template.h"
#include "util.h"
#include "xmem.h"

#define TPL_MAX_DEPTH	8
#define TPL_MAX_OUT	(256u << 10)
#define TPL_MAX_FILE	(64u << 10)

struct tpl_var {
	char	*name;		/* owned */
	char	*value;		/* owned; scalar, or NULL for a list */
	char	**items;	/* owned */
	size_t	 nitems;
};

struct tpl_ctx {
	struct tpl_var	*vars;	/* owned */
	size_t		 n;
};

struct tpl_ctx *
tpl_ctx_new(void)
{
	return xcalloc(1, sizeof(struct tpl_ctx));
}

void
tpl_ctx_free(struct tpl_ctx *c)
{
	size_t i, k;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->vars[i].name);
		free(c->vars[i].value);
		for (k = 0; k < c->vars[i].nitems; k++)
			free(c->vars[i].items[k]);
		free(c->vars[i].items);
	}
	free(c->vars);
	free(c);
}

static struct tpl_var *
var_get(const struct tpl_ctx *c, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (strlen(c->vars[i].name) == len &&
		    strncmp(c->vars[i].name, name, len) == 0)
			return &c->vars[i];
	return NULL;
}

static struct tpl_var *
var_make(struct tpl_ctx *c, const char *name)
{
	struct tpl_var *v = var_get(c, name, strlen(name));

	if (v)
		return v;
	c->vars = xreallocarray(c->vars, c->n + 1, sizeof *c->vars);
	v = &c->vars[c->n++];
	memset(v, 0, sizeof *v);
	v->name = xstrdup(name);
	return v;
}

void
tpl_set(struct tpl_ctx *c, const char *name, const char *value)
{
	struct tpl_var *v = var_make(c, name);

	free(v->value);
	/* Only a text quoted whole keeps its lines ("body", "isi"). */
	v->value = value ? utf8_clean(value, strlen(value),
	    strcmp(name, "body") == 0 || strcmp(name, "isi") == 0) : NULL;
}

void
tpl_add(struct tpl_ctx *c, const char *name, const char *item)
{
	struct tpl_var *v = var_make(c, name);

	v->items = xreallocarray(v->items, v->nitems + 1, sizeof *v->items);
	v->items[v->nitems++] = utf8_clean(item, strlen(item), false);
}

void
tpl_each(const struct tpl_ctx *c, void (*fn)(const char *, void *),
    void *arg)
{
	size_t i, k;

	for (i = 0; i < c->n; i++) {
		if (c->vars[i].value)
			fn(c->vars[i].value, arg);
		for (k = 0; k < c->vars[i].nitems; k++)
			fn(c->vars[i].items[k], arg);
	}
}

char *const *
tpl_items(const struct tpl_ctx *c, const char *name, size_t *n)
{
	const struct tpl_var *v = var_get(c, name, strlen(name));

	*n = v ? v->nitems : 0;
	return v ? v->items : NULL;
}

const char *
tpl_get(const struct tpl_ctx *c, const char *name)
{
	const struct tpl_var *v = var_get(c, name, strlen(name));

	return v ? v->value : NULL;
}

static bool
var_true(const struct tpl_var *v)
{
	return v != NULL && ((v->value && *v->value) || v->nitems > 0);
}

struct expand {
	struct buf	 out;
	const char	*why;
	const char	*item;	/* current {{item}} inside a list section */
};

static const char *expand_run(struct expand *, const char *, const char *,
    const struct tpl_ctx *, int);

/* Find the {{/name}} closing a section opened just before p. */
static const char *
section_end(const char *p, char kind, const char *name, size_t len,
    const char **after)
{
	char close[80];
	const char *q;
	int n;

	/* {{?x}} closes with {{/?x}}, so it can hold a {{#x}} list. */
	n = snprintf(close, sizeof close, "{{/%s%.*s}}", kind == '?' ? "?" : "",
	    (int)len, name);
	if (n < 0 || (size_t)n >= sizeof close)
		return NULL;
	q = strstr(p, close);
	if (q)
		*after = q + n;
	return q;
}

static const char *
expand_section(struct expand *e, const char *p, const char *end,
    const struct tpl_ctx *c, int depth, char kind, const char *name,
    size_t len)
{
	const struct tpl_var *v = var_get(c, name, len);
	const char *close, *after = NULL, *saved = e->item;
	size_t i;

	close = section_end(p, kind, name, len, &after);
	if (close == NULL || close > end) {
		e->why = "template section not closed";
		return NULL;
	}
	if (kind == '?') {
		if (var_true(v) && expand_run(e, p, close, c, depth + 1) ==
		    NULL)
			return NULL;
	} else if (kind == '^') {
		if (!var_true(v) && expand_run(e, p, close, c, depth + 1) ==
		    NULL)
			return NULL;
	} else if (v && v->nitems > 0) {
		for (i = 0; i < v->nitems; i++) {
			e->item = v->items[i];
			if (expand_run(e, p, close, c, depth + 1) == NULL)
				return NULL;
		}
		e->item = saved;
	} else if (var_true(v) && expand_run(e, p, close, c, depth + 1) ==
	    NULL)
		return NULL;
	return after;
}

static void
expand_var(struct expand *e, const struct tpl_ctx *c, const char *name,
    size_t len)
{
	const struct tpl_var *v;

	if (len == 4 && strncmp(name, "item", 4) == 0 && e->item) {
		buf_adds(&e->out, e->item);
		return;
	}
	v = var_get(c, name, len);
	if (v && v->value)
		buf_adds(&e->out, v->value);
}

static const char *
expand_run(struct expand *e, const char *p, const char *end,
    const struct tpl_ctx *c, int depth)
{
	const char *open, *close, *name;
	size_t len;

	if (depth > TPL_MAX_DEPTH) {
		e->why = "template nested too deep";
		return NULL;
	}
	while (p < end) {
		open = strstr(p, "{{");
		if (open == NULL || open >= end) {
			buf_add(&e->out, p, (size_t)(end - p));
			return end;
		}
		buf_add(&e->out, p, (size_t)(open - p));
		close = strstr(open, "}}");
		if (close == NULL || close > end) {
			e->why = "template tag not closed";
			return NULL;
		}
		name = open + 2;
		len = (size_t)(close - name);
		if (len > 0 && (*name == '#' || *name == '^' || *name == '?')) {
			p = expand_section(e, close + 2, end, c, depth, *name,
			    name + 1, len - 1);
			if (p == NULL)
				return NULL;
		} else if (len > 0 && *name == '/') {
			e->why = "template section closed but not opened";
			return NULL;
		} else {
			expand_var(e, c, name, len);
			p = close + 2;
		}
	}
	return end;
}

/*
 * A section tag alone on its line takes its line end with it, so
 * sections leave no blank lines behind (as in mustache).
 */
static char *
strip_standalone(const char *src)
{
	struct buf b;
	const char *p = src, *open, *close;

	buf_init(&b, strlen(src) + 1);
	while ((open = strstr(p, "{{")) != NULL &&
	    (close = strstr(open, "}}")) != NULL) {
		buf_add(&b, p, (size_t)(close + 2 - p));
		p = close + 2;
		if ((open[2] == '#' || open[2] == '/' || open[2] == '^' ||
		    open[2] == '?') && (open == src || open[-1] == '\n') &&
		    *p == '\n')
			p++;
	}
	buf_adds(&b, p);
	return buf_steal(&b, NULL);
}

/*
 * Check the whole template's syntax whatever the data: every tag closed,
 * sections balanced and not deeper than TPL_MAX_DEPTH. A template broken
 * inside a section that this applicant's data hides is still broken.
 */
static const char *
tpl_check(const char *src)
{
	const char *stack[TPL_MAX_DEPTH + 1], *p = src, *open, *close, *name;
	size_t lens[TPL_MAX_DEPTH + 1], len;
	int depth = 0;

	while ((open = strstr(p, "{{")) != NULL) {
		close = strstr(open + 2, "}}");
		if (close == NULL || memmem(open + 2, (size_t)(close - open - 2),
		    "{{", 2) != NULL)
			return "template tag not closed";
		name = open + 2;
		len = (size_t)(close - name);
		if (len > 0 && strchr("#^?", *name)) {
			if (depth == TPL_MAX_DEPTH)
				return "template nested too deep";
			/* A {{?x}} section closes with {{/?x}}. */
			stack[depth] = *name == '?' ? name : name + 1;
			lens[depth++] = *name == '?' ? len : len - 1;
		} else if (len > 0 && *name == '/') {
			if (depth == 0 || lens[depth - 1] != len - 1 ||
			    strncmp(stack[depth - 1], name + 1, len - 1) != 0)
				return "template section closed but not opened";
			depth--;
		}
		p = close + 2;
	}
	return depth ? "template section not closed" : NULL;
}

enum pl_status
tpl_expand(const char *src, const struct tpl_ctx *c, char **out,
    const char **why)
{
	struct expand e;
	char *s;

	if ((*why = tpl_check(src)) != NULL) {
		*out = NULL;
		return PL_EINPUT;
	}
	s = strip_standalone(src);

	memset(&e, 0, sizeof e);
	buf_init(&e.out, TPL_MAX_OUT);
	if (expand_run(&e, s, s + strlen(s), c, 0) == NULL) {
		*why = e.why ? e.why : "template error";
		buf_free(&e.out);
		free(s);
		*out = NULL;
		return PL_EINPUT;
	}
	free(s);
	*out = buf_steal(&e.out, NULL);
	return PL_OK;
}

enum pl_status
tpl_render(const char *dir, const char *name, const struct tpl_ctx *c,
    char **subject, char **body, const char **why)
{
	char path[PATH_MAX], *src = NULL, *text = NULL, *nl, *sep;
	size_t len;
	int n;
	enum pl_status st;

	*subject = *body = NULL;
	n = snprintf(path, sizeof path, "%s/reply/%s.txt", dir, name);
	if (n < 0 || (size_t)n >= sizeof path ||
	    file_read(path, TPL_MAX_FILE, &src, &len) == -1) {
		*why = "reply template missing";
		return PL_ECONF;
	}
	if ((st = tpl_expand(src, c, &text, why)) != PL_OK) {
		free(src);
		return PL_ECONF;
	}
	free(src);
	sep = strstr(text, "\n\n");
	nl = strchr(text, '\n');
	if (strncmp(text, "Subject:", 8) != 0 || sep == NULL || nl != sep) {
		*why = "reply template must start with Subject: and a blank line";
		free(text);
		return PL_ECONF;
	}
	*subject = xstrndup(text + 8, (size_t)(nl - text - 8));
	str_trim(*subject);
	*body = xstrdup(sep + 2);
	free(text);
	return PL_OK;
}
