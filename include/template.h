/* template.h: reply texts from templates/ with {{var}} and {{#list}}. */
#ifndef PL_TEMPLATE_H
#define PL_TEMPLATE_H

#include <stddef.h>

#include "pipeline.h"

/* Values a template may name; every value is escaped when expanded. */
struct tpl_ctx;

struct tpl_ctx	*tpl_ctx_new(void);
void		 tpl_ctx_free(struct tpl_ctx *c);	/* NULL-safe */
/* Set a scalar (copied). A NULL or empty value makes {{#name}} false. */
void		 tpl_set(struct tpl_ctx *c, const char *name, const char *v);
/* Append an item (copied) to list name; in {{#name}} it is {{item}}. */
void		 tpl_add(struct tpl_ctx *c, const char *name, const char *item);
/* Call fn on every value and list item of c. */
void		 tpl_each(const struct tpl_ctx *c,
		    void (*fn)(const char *, void *), void *arg);
/* The items of list name (*n of them), or NULL. */
char *const	*tpl_items(const struct tpl_ctx *c, const char *name, size_t *n);
/* The scalar name, or NULL when unset. */
const char	*tpl_get(const struct tpl_ctx *c, const char *name);

/*
 * Expand src: {{name}}, {{#name}}...{{/name}} (a list repeated per item,
 * or a scalar shown when set), {{?name}}...{{/?name}} (shown once when set
 * or non-empty), {{^name}}...{{/name}} (shown when unset or empty); a
 * section tag alone on a line leaves no blank line. Values lose control characters (newlines kept only in "body"
 * and "isi" values). Unknown names expand to nothing. PL_EINPUT with *why on an
 * unbalanced or too deep template. The result is the caller's.
 */
enum pl_status	 tpl_expand(const char *src, const struct tpl_ctx *c,
		    char **out, const char **why);
/*
 * Load dir/name, which starts with a "Subject: ..." line and a blank
 * line, then expand it: *subject and *body are the caller's. PL_ECONF when
 * the file is missing or malformed.
 */
enum pl_status	 tpl_render(const char *dir, const char *name,
		    const struct tpl_ctx *c, char **subject, char **body,
		    const char **why);

#endif
