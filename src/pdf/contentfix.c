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

enum content_fix content_fix(struct content_fixer *cf, const void *data, size_t n, struct buf *out,
			     size_t *n_marks)
{
	struct buf *plain = &cf->plain, *text = &cf->text;
	if (!inflate_all(data, n, plain))
		return CONTENT_FIX_BAD;
	const char *end = plain->data + plain->len, *line = plain->data;
	size_t marks = 0;
	text->len = 0;
	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		const char *stop = nl ? nl : end;
		int k = marker_at(line, stop);
		if (k >= 0) {
			/* What came before the first marker goes in at once. */
			if (!marks)
				buf_add(text, plain->data, (size_t)(line - plain->data));
			marks++;
			buf_puts(text, "/Artifact ");
			buf_puts(text, structure_artifact_properties((enum structure_artifact)k));
			buf_puts(text, " BDC");
		} else if (marks) {
			buf_add(text, line, (size_t)(stop - line));
		}
		if (nl && marks)
			buf_putc(text, '\n');
		line = nl ? nl + 1 : end;
	}
	if (!marks)
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
