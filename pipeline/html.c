/* html (parse stage): HTML bodies to text lines with libxml2's HTML parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "html.h"
#include "pipeline.h"
#include "util.h"
#include "xmem.h"

struct html_walk {
	struct buf	out;
	size_t		nodes;
};

static bool
is_block(const char *n)
{
	static const char *const blocks[] = { "p", "div", "br", "tr", "li",
	    "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre",
	    "blockquote", "hr", "section", "article", "header", "footer",
	    "dt", "dd", "address", "center", "form", "body" };
	size_t i;

	for (i = 0; i < sizeof blocks / sizeof *blocks; i++)
		if (strcasecmp(n, blocks[i]) == 0)
			return true;
	return false;
}

static bool
is_skipped(const char *n)
{
	return strcasecmp(n, "script") == 0 || strcasecmp(n, "style") == 0 ||
	    strcasecmp(n, "head") == 0 || strcasecmp(n, "title") == 0 ||
	    strcasecmp(n, "noscript") == 0 || strcasecmp(n, "template") == 0;
}

/* The last non-blank byte written, '\n' at the start. */
static char
last_char(const struct buf *b)
{
	size_t i = b->len;

	while (i > 0 && (b->data[i - 1] == ' ' || b->data[i - 1] == '\t'))
		i--;
	return i ? b->data[i - 1] : '\n';
}

static void
newline(struct buf *b)
{
	if (b->len > 0 && b->data[b->len - 1] != '\n')
		buf_addc(b, '\n');
}

static void
add_text(struct buf *b, const char *s)
{
	/* Collapse white space as a browser would; &nbsp; stays a space. */
	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (b->len > 0 && b->data[b->len - 1] != ' ' &&
			    b->data[b->len - 1] != '\n')
				buf_addc(b, ' ');
		} else if ((unsigned char)s[0] == 0xc2 &&
		    (unsigned char)s[1] == 0xa0) {
			buf_addc(b, ' ');
			s++;
		} else
			buf_addc(b, *s);
	}
}

static void walk(struct html_walk *, xmlNode *, int);

static void
walk_element(struct html_walk *w, xmlNode *n, int depth)
{
	const char *name = (const char *)n->name;
	bool cell = strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0;

	if (is_skipped(name))
		return;
	/* A cell after another in the same row joins it as "a : b". */
	if (cell && n->prev != NULL) {
		char c = last_char(&w->out);

		if (c != '\n' && c != ':')
			buf_adds(&w->out, " : ");
		else if (c == ':')
			buf_addc(&w->out, ' ');
	}
	if (is_block(name))
		newline(&w->out);
	walk(w, n->children, depth + 1);
	if (is_block(name))
		newline(&w->out);
}

static void
walk(struct html_walk *w, xmlNode *n, int depth)
{
	if (depth > PL_MAX_HTML_DEPTH)
		return;
	for (; n != NULL; n = n->next) {
		if (++w->nodes > PL_MAX_HTML_NODES)
			return;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
			add_text(&w->out, (const char *)n->content);
		else if (n->type == XML_ELEMENT_NODE)
			walk_element(w, n, depth);
	}
}

/* Does a meta tag in the first 4 KiB ask for UTF-7? */
static bool
utf7_declared(const char *html, size_t n)
{
	char head[4097];

	if (n > 4096)
		n = 4096;
	memcpy(head, html, n);
	head[n] = '\0';
	/* NUL bytes end the C string early: scan each piece. */
	for (size_t i = 0; i < n; i += strlen(head + i) + 1)
		if (str_casestr(head + i, "utf-7") != NULL)
			return true;
	return false;
}

char *
html_to_text(const char *html, size_t n, const char *cs)
{
	struct html_walk w;
	htmlDocPtr doc;
	char *raw, *clean;
	size_t len;
	int opts = HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER | HTML_PARSE_NOBLANKS;

	if (n > PL_MAX_BODY_TEXT * 4 || n > (size_t)INT32_MAX)
		n = PL_MAX_BODY_TEXT * 4;
	/* UTF-7 is never honoured: read such a document as UTF-8. */
	if (cs != NULL && str_caseprefix(cs, "utf-7"))
		cs = "utf-8";
	if (cs == NULL && utf7_declared(html, n))
		cs = "utf-8";
	doc = htmlReadMemory(html, (int)n, NULL, cs, opts);
	buf_init(&w.out, PL_MAX_BODY_TEXT);
	w.nodes = 0;
	if (doc != NULL) {
		walk(&w, xmlDocGetRootElement(doc), 0);
		xmlFreeDoc(doc);
	}
	raw = buf_steal(&w.out, &len);
	clean = utf8_clean(raw, len, true);
	free(raw);
	return clean;
}
