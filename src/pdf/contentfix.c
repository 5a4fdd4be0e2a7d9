/* Cairo's page content with each artifact's marker rewritten as /Artifact marked
 * content: inflated, rewritten line by line, deflated again. */
#include "pdf/contentfix.h"
#include "pdf/structure.h"

#include <stdbool.h>
#include <string.h>
#include <zlib.h>

enum {
	MAX_PLAIN = 1 << 30, /* the largest inflated content stream */
	CHUNK = 64 * 1024,
};

/* Inflates data into plain; false when it is not zlib data or too large. */
static bool inflate_all(const void *data, size_t n, struct buf *plain)
{
	z_stream z = { 0 };
	if (inflateInit(&z) != Z_OK)
		return false;
	plain->len = 0;
	z.next_in = (Bytef *)data;
	int r = Z_OK;
	size_t left = n;
	while (r != Z_STREAM_END) {
		if (z.avail_in == 0 && left > 0) {
			z.avail_in = left > 0x40000000u ? 0x40000000u : (uInt)left;
			left -= z.avail_in;
		}
		buf_reserve(plain, CHUNK);
		z.next_out = (Bytef *)plain->data + plain->len;
		z.avail_out = CHUNK;
		r = inflate(&z, Z_NO_FLUSH);
		plain->len += CHUNK - z.avail_out;
		if ((r != Z_OK && r != Z_STREAM_END) || plain->len > MAX_PLAIN ||
		    (r == Z_OK && z.avail_in == 0 && left == 0 && z.avail_out != 0)) {
			inflateEnd(&z);
			return false;
		}
	}
	inflateEnd(&z);
	return true;
}

/* The artifact whose marker line "/Name << /MCID n >> BDC" starts at p (a line of
 * Cairo's, ending at `end`), or -1. */
static int marker_at(const char *p, const char *end)
{
	static const char MIDDLE[] = " << /MCID ", TAIL[] = " >> BDC";
	if (p >= end || *p != '/')
		return -1;
	for (int k = 0; k < STRUCTURE_ARTIFACT_COUNT; k++) {
		const char *name = structure_artifact_marker((enum structure_artifact)k);
		size_t nl = strlen(name);
		const char *q = p + 1;
		if ((size_t)(end - q) < nl + sizeof MIDDLE - 1 || memcmp(q, name, nl) != 0)
			continue;
		q += nl;
		if (memcmp(q, MIDDLE, sizeof MIDDLE - 1) != 0)
			continue;
		q += sizeof MIDDLE - 1;
		const char *digits = q;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (q == digits || (size_t)(end - q) != sizeof TAIL - 1 || memcmp(q, TAIL, sizeof TAIL - 1) != 0)
			continue;
		return k;
	}
	return -1;
}

/* The spans Cairo writes for a character drawn with no glyph, on one line with an
 * "EMC" line next, nothing marked between: the space where a line breaks, and a word
 * joiner (a leader's). poppler ends an element's marked content at the first EMC
 * inside it, so its text would stop there; a reader gets nothing from the joiner,
 * and the space is drawn instead (see below). */
static const char SPACE_SPAN[] = "/Span << /ActualText <feff0020> >> BDC";
static const char JOINER_SPAN[] = "/Span << /ActualText <feff2060> >> BDC";

static bool line_is(const char *p, const char *stop, const char *text)
{
	size_t n = strlen(text);
	return (size_t)(stop - p) == n && memcmp(p, text, n) == 0;
}

/* The last word of a line (its operator). */
static bool line_ends_with(const char *p, const char *stop, const char *op)
{
	size_t n = strlen(op);
	return (size_t)(stop - p) >= n && memcmp(stop - n, op, n) == 0 &&
	       ((size_t)(stop - p) == n || stop[-(ptrdiff_t)n - 1] == ' ' || stop[-(ptrdiff_t)n - 1] == ']');
}

/* From `p` on, only font changes come before the text moves to a new line or ends:
 * the span is at a line's end. */
static bool line_end_follows(const char *p, const char *end)
{
	for (int n = 0; p < end && n < 16; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		if (line_ends_with(p, stop, "Td") || line_ends_with(p, stop, "TD") ||
		    line_ends_with(p, stop, "T*") || line_ends_with(p, stop, "Tm") || line_is(p, stop, "ET"))
			return true;
		if (!line_ends_with(p, stop, "Tf"))
			return false;
		p = nl ? nl + 1 : end;
	}
	return false;
}

/* The text shown last before `line` (in the same text object, with the same font)
 * was a literal string: the font is one of Cairo's Latin subsets, where a space is
 * byte 32. */
static bool shown_in_latin_font(const char *start, const char *line)
{
	const char *stop = line > start ? line - 1 : start; /* the newline before `line` */
	for (int n = 0; stop > start && n < 64; n++) {
		const char *p = stop;
		while (p > start && p[-1] != '\n')
			p--;
		if (line_ends_with(p, stop, "Tf") || line_ends_with(p, stop, "BT") || line_is(p, stop, "BT"))
			return false;
		if (*p != '/' && !line_is(p, stop, "EMC")) {
			const char *paren = memchr(p, '(', (size_t)(stop - p));
			const char *angle = memchr(p, '<', (size_t)(stop - p));
			if (paren || angle)
				return paren && (!angle || paren < angle);
		}
		stop = p > start ? p - 1 : start;
	}
	return false;
}

/* Compresses plain into out, as Cairo does (zlib's default level). */
static bool deflate_all(const char *plain, size_t n, struct buf *out)
{
	uLong bound = compressBound((uLong)n);
	out->len = 0;
	buf_reserve(out, bound);
	uLongf written = bound;
	if (compress2((Bytef *)out->data, &written, (const Bytef *)plain, (uLong)n, Z_DEFAULT_COMPRESSION) != Z_OK)
		return false;
	out->len = written;
	return true;
}

/* Where a droppable empty span starting at `line` (ending at `stop`) ends with its
 * EMC line, or NULL: a joiner's always; a space's at a line's end in a Latin font. */
static const char *empty_span_end(const char *start, const char *line, const char *stop,
				  const char *end)
{
	bool space = line_is(line, stop, SPACE_SPAN);
	if (!space && !line_is(line, stop, JOINER_SPAN))
		return NULL;
	const char *after = stop < end ? stop + 1 : end;
	const char *after_nl = after < end ? memchr(after, '\n', (size_t)(end - after)) : NULL;
	const char *next = after_nl ? after_nl + 1 : end;
	if (after == end || !line_is(after, after_nl ? after_nl : end, "EMC"))
		return NULL;
	if (space && !(line_end_follows(next, end) && shown_in_latin_font(start, line)))
		return NULL;
	return next;
}

enum content_fix content_fix(struct content_fixer *cf, const void *data, size_t n, struct buf *out,
			     size_t *n_marks)
{
	struct buf *plain = &cf->plain, *text = &cf->text;
	if (!inflate_all(data, n, plain))
		return CONTENT_FIX_BAD;
	const char *end = plain->data + plain->len, *line = plain->data;
	size_t marks = 0;
	bool changed = false;
	text->len = 0;
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *stop = nl ? nl : end;
		int k = marker_at(line, stop);
		const char *span_end = k < 0 ? empty_span_end(plain->data, line, stop, end) : NULL;
		if ((k >= 0 || span_end) && !changed) {
			/* What came before the first change goes in at once. */
			buf_add(text, plain->data, (size_t)(line - plain->data));
			changed = true;
		}
		if (span_end) {
			/* The span and its EMC go; a line's last space is drawn, invisibly, where
			 * the line ends (the next line starts from the line's start, not from
			 * where the text got to). */
			if (line_is(line, stop, SPACE_SPAN))
				buf_puts(text, "3 Tr ( )Tj 0 Tr\n");
			line = span_end;
			continue;
		}
		if (k >= 0) {
			marks++;
			buf_puts(text, "/Artifact ");
			buf_puts(text, structure_artifact_properties((enum structure_artifact)k));
			buf_puts(text, " BDC");
		} else if (changed) {
			buf_add(text, line, (size_t)(stop - line));
		}
		if (nl && changed)
			buf_putc(text, '\n');
		line = nl ? nl + 1 : end;
	}
	if (!changed)
		return CONTENT_FIX_NONE;
	if (!deflate_all(text->data, text->len, out))
		return CONTENT_FIX_BAD;
	*n_marks += marks;
	return CONTENT_FIX_DONE;
}

void content_fixer_free(struct content_fixer *cf)
{
	buf_free(&cf->plain);
	buf_free(&cf->text);
}
