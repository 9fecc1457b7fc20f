/* html.h: HTML bodies to plain text with libxml2 (no network, entities). */
#ifndef PL_HTML_H
#define PL_HTML_H

#include <stddef.h>

/*
 * Text of an HTML document of n bytes in charset cs (NULL: as declared in
 * the document, else UTF-8). Block elements end lines; table cells of a
 * row are joined with " : " so "label | value" rows read as form lines;
 * script and style are dropped; at most PL_MAX_HTML_NODES elements and
 * PL_MAX_HTML_DEPTH levels are walked. Never fails (empty string at
 * worst); the result is the caller's.
 */
char	*html_to_text(const char *html, size_t n, const char *cs);

#endif
