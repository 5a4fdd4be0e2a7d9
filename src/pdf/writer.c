/* The PDF file writer: objects in compressed object streams, streams, and one
 * cross-reference stream (PDF 32000-1, 7.5.7 and 7.5.8). */
#include "pdf/writer.h"
#include "base/alloc.h"
#include "base/diag.h"

#include <glib.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum {
	BUFFER = 64 * 1024,      /* bytes gathered before a write */
	BATCH_BYTES = 64 * 1024, /* an object stream holds about this much */
	BATCH_OBJECTS = 200,     /* and at most this many objects */
	CONTENT_LEVEL = 6,       /* zlib's level for streams: its default balance */
	OBJSTM_LEVEL = 4,        /* for object streams, most of them the structure tree: at
				  * level 6 a tagged 60-page report took 5.1% more instructions
				  * than an untagged one, at 4 it takes 4.5% (and is 1.2% larger) */
};

/* Where an object is: a row of the cross-reference stream. */
struct place {
	unsigned char type; /* 0 not written, 1 at `where` in the file, 2 item `index` of object stream `where` */
	uint64_t where;
	int index;
};

struct member {
	int num;
	size_t at; /* where its value starts in the batch */
};

struct pdf_writer {
	FILE *out;
	GChecksum *md5;        /* of every byte, for the /ID */
	char *buf;             /* bytes not written yet */
	size_t n_buf;
	uint64_t offset;       /* bytes put so far */
	bool failed;           /* a write failed */
	bool twice;            /* an object was written twice */
	int n_objects;         /* numbers reserved: 1 .. n_objects */
	struct place *places;  /* by number */
	size_t cap_places;
	struct buf batch;      /* values of the object stream being filled */
	struct member *members;
	size_t n_members, cap_members;
	int open;              /* the object being written, 0 for none */
	struct buf scratch;    /* a stream's dictionary, an object stream's header */
	z_stream z;            /* the compressor, set up once and reset for each stream */
	bool z_ready;
	int z_level;           /* its compression level now */
	Bytef *zout;           /* its output */
	size_t zout_cap;
};

static void drain(struct pdf_writer *w)
{
	if (w->n_buf == 0)
		return;
	g_checksum_update(w->md5, (const guchar *)w->buf, (gssize)w->n_buf);
	if (!w->failed && fwrite(w->buf, 1, w->n_buf, w->out) != w->n_buf)
		w->failed = true;
	w->n_buf = 0;
}

static void put(struct pdf_writer *w, const void *data, size_t n)
{
	w->offset += n;
	if (n >= BUFFER) {
		drain(w);
		g_checksum_update(w->md5, data, (gssize)n);
		if (!w->failed && fwrite(data, 1, n, w->out) != n)
			w->failed = true;
		return;
	}
	if (w->n_buf + n > BUFFER)
		drain(w);
	memcpy(w->buf + w->n_buf, data, n);
	w->n_buf += n;
}

static void put_str(struct pdf_writer *w, const char *s)
{
	put(w, s, strlen(s));
}

struct pdf_writer *pdfw_new(FILE *out)
{
	struct pdf_writer *w = xcalloc(1, sizeof *w);
	w->out = out;
	w->md5 = g_checksum_new(G_CHECKSUM_MD5);
	w->buf = xmalloc(BUFFER);
	/* The comment's bytes above 127 say the file is binary. */
	put_str(w, "%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
	return w;
}

void pdfw_free(struct pdf_writer *w)
{
	if (!w)
		return;
	g_checksum_free(w->md5);
	free(w->buf);
	free(w->places);
	buf_free(&w->batch);
	buf_free(&w->scratch);
	free(w->members);
	if (w->z_ready)
		deflateEnd(&w->z);
	free(w->zout);
	free(w);
}

int pdfw_reserve(struct pdf_writer *w)
{
	int num = ++w->n_objects;
	if ((size_t)num >= w->cap_places) {
		size_t cap = w->cap_places ? w->cap_places * 2 : 1024;
		w->places = xrealloc(w->places, cap * sizeof *w->places);
		memset(w->places + w->cap_places, 0, (cap - w->cap_places) * sizeof *w->places);
		w->cap_places = cap;
	}
	return num;
}

static void place(struct pdf_writer *w, int num, unsigned char type, uint64_t where, int index)
{
	if (num <= 0 || num > w->n_objects || w->places[num].type) {
		w->twice = true;
		return;
	}
	w->places[num] = (struct place){ type, where, index };
}

/* Flate-compressed data, in the writer's output buffer (valid until the next call):
 * one compressor for the whole file, reset for each stream rather than set up again
 * (which would clear and allocate its tables for every page). */
static const Bytef *deflated(struct pdf_writer *w, const void *data, size_t len, int level,
			    size_t *n)
{
	if (!w->z_ready) {
		if (deflateInit(&w->z, level) != Z_OK)
			abort(); /* only out of memory: as xmalloc */
		w->z_ready = true;
		w->z_level = level;
	} else {
		deflateReset(&w->z);
		if (level != w->z_level) {
			deflateParams(&w->z, level, Z_DEFAULT_STRATEGY);
			w->z_level = level;
		}
	}
	size_t bound = deflateBound(&w->z, (uLong)len);
	if (bound > w->zout_cap) {
		free(w->zout);
		w->zout_cap = bound;
		w->zout = xmalloc(bound);
	}
	/* zlib counts in 32 bits: fed and drained a gigabyte at a time. */
	const size_t step = (size_t)1 << 30;
	const Bytef *in = data;
	size_t in_left = len, out_at = 0;
	int rc;
	do {
		size_t feed = in_left < step ? in_left : step;
		size_t room = bound - out_at < step ? bound - out_at : step;
		w->z.next_in = (Bytef *)(uintptr_t)in;
		w->z.avail_in = (uInt)feed;
		w->z.next_out = w->zout + out_at;
		w->z.avail_out = (uInt)room;
		rc = deflate(&w->z, feed == in_left ? Z_FINISH : Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
			abort(); /* a stream error: cannot happen with our own state */
		in += feed - w->z.avail_in;
		in_left -= feed - w->z.avail_in;
		out_at += room - w->z.avail_out;
	} while (rc != Z_STREAM_END);
	*n = out_at;
	return w->zout;
}

static void put_stream(struct pdf_writer *w, int num, const char *dict, const char *filter,
		       const void *data, size_t len)
{
	place(w, num, 1, w->offset, 0);
	struct buf *h = &w->scratch;
	h->len = 0;
	buf_printf(h, "%d 0 obj\n<<", num);
	if (dict && *dict) {
		buf_putc(h, ' ');
		buf_puts(h, dict);
	}
	if (filter)
		buf_printf(h, " /Filter /%s", filter);
	buf_printf(h, " /Length %zu >>\nstream\n", len);
	put(w, h->data, h->len);
	put(w, data, len);
	put_str(w, "\nendstream\nendobj\n");
}

static void put_deflated(struct pdf_writer *w, int num, const char *dict, const void *data,
			 size_t len, int level)
{
	size_t n;
	const Bytef *z = deflated(w, data, len, level, &n);
	put_stream(w, num, dict, "FlateDecode", z, n);
}

void pdfw_stream(struct pdf_writer *w, int num, const char *dict, const void *data, size_t len,
		 enum pdfw_encoding enc)
{
	if (enc == PDFW_AS_IS) {
		put_stream(w, num, dict, NULL, data, len);
		return;
	}
	put_deflated(w, num, dict, data, len, CONTENT_LEVEL);
}

/* The batch as an object stream, written now under a number of its own. */
static void flush_batch(struct pdf_writer *w)
{
	if (w->n_members == 0)
		return;
	int num = pdfw_reserve(w);
	struct buf data = { 0 };
	for (size_t i = 0; i < w->n_members; i++) {
		pdf_put_int(&data, w->members[i].num);
		pdf_put_int(&data, (long long)w->members[i].at);
	}
	size_t first = data.len;
	buf_add(&data, w->batch.data, w->batch.len);
	for (size_t i = 0; i < w->n_members; i++)
		place(w, w->members[i].num, 2, (uint64_t)num, (int)i);
	char dict[64];
	snprintf(dict, sizeof dict, "/Type /ObjStm /N %zu /First %zu", w->n_members, first);
	put_deflated(w, num, dict, data.data, data.len, OBJSTM_LEVEL);
	buf_free(&data);
	w->batch.len = 0;
	w->n_members = 0;
}

struct buf *pdfw_object(struct pdf_writer *w, int num)
{
	if (w->n_members == w->cap_members) {
		w->cap_members = w->cap_members ? w->cap_members * 2 : 64;
		w->members = xrealloc(w->members, w->cap_members * sizeof *w->members);
	}
	w->members[w->n_members++] = (struct member){ num, w->batch.len };
	w->open = num;
	return &w->batch;
}

void pdfw_end(struct pdf_writer *w)
{
	buf_putc(&w->batch, '\n');
	w->open = 0;
	if (w->batch.len >= BATCH_BYTES || w->n_members >= BATCH_OBJECTS)
		flush_batch(w);
}

static void put_be(struct buf *b, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		buf_putc(b, (char)(unsigned char)(v >> (8 * i)));
}

int pdfw_finish(struct pdf_writer *w, int root, int info, struct diag_sink *sink,
		const char *source_name)
{
	flush_batch(w);
	int xref = pdfw_reserve(w);
	uint64_t at = w->offset;
	place(w, xref, 1, at, 0);
	if (w->twice) {
		diag(sink, DIAG_ERROR, source_name, 0, 0, "writing the PDF failed: an object written twice");
		return -1;
	}
	if (at > 0xffffffffu) {
		diag(sink, DIAG_ERROR, source_name, 0, 0, "writing the PDF failed: it passes 4 GB");
		return -1;
	}
	/* Rows of 1 + 4 + 2 bytes; numbers never written are free, each pointing at the
	 * next free one, the list starting and ending at object 0. */
	int size = w->n_objects + 1;
	struct buf rows = { 0 };
	int next_free = 0;
	int *free_after = xcalloc((size_t)size, sizeof *free_after);
	for (int i = size - 1; i >= 1; i--)
		if (w->places[i].type == 0) {
			free_after[i] = next_free;
			next_free = i;
		}
	free_after[0] = next_free;
	for (int i = 0; i < size; i++) {
		const struct place *p = i ? &w->places[i] : NULL;
		if (!p || p->type == 0) {
			put_be(&rows, 0, 1);
			put_be(&rows, (uint64_t)free_after[i], 4);
			put_be(&rows, i ? 0 : 65535, 2);
		} else {
			put_be(&rows, p->type, 1);
			put_be(&rows, p->where, 4);
			put_be(&rows, (uint64_t)p->index, 2);
		}
	}
	free(free_after);
	drain(w);
	/* A copy: the original goes on hashing what follows (a closed one cannot). */
	GChecksum *sum = g_checksum_copy(w->md5);
	const char *id = g_checksum_get_string(sum);
	struct buf dict = { 0 };
	buf_printf(&dict, "/Type /XRef /Size %d /Root %d 0 R", size, root);
	if (info)
		buf_printf(&dict, " /Info %d 0 R", info);
	buf_printf(&dict, " /ID [<%s> <%s>] /W [1 4 2]", id, id);
	g_checksum_free(sum);
	pdfw_stream(w, xref, dict.data, rows.data, rows.len, PDFW_DEFLATE);
	buf_free(&rows);
	buf_free(&dict);
	char tail[64];
	snprintf(tail, sizeof tail, "startxref\n%llu\n%%%%EOF\n", (unsigned long long)at);
	put_str(w, tail);
	drain(w);
	if (!w->failed && fflush(w->out) != 0)
		w->failed = true;
	if (w->failed) {
		diag(sink, DIAG_ERROR, source_name, 0, 0, "writing the PDF failed");
		return -1;
	}
	return 0;
}

/* ---- syntax ---- */

void pdf_put_num(struct buf *b, double v, int decimals)
{
	if (!isfinite(v))
		v = 0;
	static const double scale[] = { 1, 10, 100, 1000, 10000, 100000, 1000000 };
	if (decimals < 0)
		decimals = 0;
	if (decimals > 6)
		decimals = 6;
	double r = round(fabs(v) * scale[decimals]);
	if (r > 9e15) { /* beyond what PDF readers take anyway */
		buf_printf(b, "%s%.0f", v < 0 ? "-" : "", fmin(fabs(v), 1e15));
		return;
	}
	unsigned long long n = (unsigned long long)r;
	if (n == 0) {
		buf_putc(b, '0');
		return;
	}
	char digits[32];
	int len = 0;
	int d = decimals;
	/* Drop trailing zeros of the fraction. */
	while (d > 0 && n % 10 == 0) {
		n /= 10;
		d--;
	}
	int written = 0;
	do {
		digits[len++] = (char)('0' + n % 10);
		n /= 10;
		if (++written == d)
			digits[len++] = '.';
	} while (n > 0 || written < d);
	if (digits[len - 1] == '.')
		digits[len++] = '0';
	buf_reserve(b, (size_t)len + 2);
	if (v < 0)
		b->data[b->len++] = '-';
	while (len > 0)
		b->data[b->len++] = digits[--len];
	b->data[b->len] = '\0';
}

void pdf_put_int(struct buf *b, long long n)
{
	char digits[24];
	int len = 0;
	unsigned long long u = n < 0 ? 0ull - (unsigned long long)n : (unsigned long long)n;
	do {
		digits[len++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	buf_reserve(b, (size_t)len + 2);
	b->data[b->len++] = ' ';
	if (n < 0)
		b->data[b->len++] = '-';
	while (len > 0)
		b->data[b->len++] = digits[--len];
	b->data[b->len] = '\0';
}

void pdf_put_ref(struct buf *b, int obj)
{
	pdf_put_int(b, obj);
	buf_add(b, " 0 R", 4);
}

void pdf_put_name(struct buf *b, const char *name)
{
	buf_putc(b, '/');
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (*p < 0x21 || *p > 0x7e || strchr("#()<>[]{}/%", *p))
			buf_printf(b, "#%02X", *p);
		else
			buf_putc(b, (char)*p);
	}
}

void pdf_put_bytes(struct buf *b, const char *data, size_t len)
{
	buf_putc(b, '(');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];
		if (c == '(' || c == ')' || c == '\\') {
			buf_putc(b, '\\');
			buf_putc(b, (char)c);
		} else if (c == '\n') {
			buf_puts(b, "\\n");
		} else if (c == '\r') {
			buf_puts(b, "\\r");
		} else if (c < 0x20 || c > 0x7e) {
			buf_printf(b, "\\%03o", c);
		} else {
			buf_putc(b, (char)c);
		}
	}
	buf_putc(b, ')');
}

void pdf_put_text(struct buf *b, const char *utf8)
{
	bool ascii = true;
	for (const unsigned char *p = (const unsigned char *)utf8; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			ascii = false;
	if (ascii) {
		pdf_put_bytes(b, utf8, strlen(utf8));
		return;
	}
	buf_puts(b, "<FEFF");
	const char *p = utf8;
	while (*p) {
		gunichar c = g_utf8_get_char_validated(p, -1);
		if (c == (gunichar)-1 || c == (gunichar)-2) {
			c = 0xFFFD;
			p++;
		} else {
			p = g_utf8_next_char(p);
		}
		if (c >= 0x10000) {
			c -= 0x10000;
			buf_printf(b, "%04X%04X", 0xD800 + (unsigned)(c >> 10), 0xDC00 + (unsigned)(c & 0x3FF));
		} else {
			buf_printf(b, "%04X", (unsigned)c);
		}
	}
	buf_putc(b, '>');
}
