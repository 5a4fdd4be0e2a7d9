/* A PDF's output stream: Cairo's bytes passed on, then new objects in compressed
 * object streams and a cross-reference stream (PDF 32000-1, 7.5.7 and 7.5.8). */
#include "pdf/pdfout.h"
#include "base/alloc.h"
#include "base/buf.h"
#include "base/diag.h"

#include <glib.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

enum {
	BUFFER = 32 * 1024,         /* bytes passed through at a time */
	BATCH_BYTES = 64 * 1024,    /* an object stream holds about this much */
	BATCH_OBJECTS = 500,        /* and at most this many objects */
};

/* One line of the update's cross-reference stream. */
struct entry {
	int num;
	int type;        /* 1: at `offset` in the file; 2: item `index` of object stream `offset` */
	uint64_t offset;
	int index;
};

struct member {
	int num;
	size_t at;       /* where it starts in the batch */
};

/* An object stream made before numbers were free for it: compressed, kept. */
struct parked {
	Bytef *z;
	uLongf n;
	size_t first;    /* /First */
	int *members;    /* the objects in it, in order */
	size_t n_members;
};

struct pdf_out {
	FILE *out;
	GChecksum *md5;          /* NULL: not hashed */
	char *buf;               /* what is not written yet */
	size_t n_buf;
	uint64_t offset;         /* bytes passed so far */
	bool failed;
	bool in_object;          /* writes go to the batch */
	int next_free;           /* numbers for the object streams and the xref stream */
	struct buf batch;        /* the objects of the object stream being filled */
	struct member *members;
	size_t n_members, cap_members;
	struct entry *entries;
	size_t n_entries, cap_entries;
	struct parked *parked;
	size_t n_parked, cap_parked;
};

struct pdf_out *pdf_out_new(FILE *out, bool hash)
{
	struct pdf_out *o = xcalloc(1, sizeof *o);
	o->out = out;
	o->md5 = hash ? g_checksum_new(G_CHECKSUM_MD5) : NULL;
	o->buf = xmalloc(BUFFER);
	return o;
}

void pdf_out_free(struct pdf_out *o)
{
	if (!o)
		return;
	if (o->md5)
		g_checksum_free(o->md5);
	free(o->buf);
	buf_free(&o->batch);
	free(o->members);
	free(o->entries);
	for (size_t i = 0; i < o->n_parked; i++) {
		free(o->parked[i].z);
		free(o->parked[i].members);
	}
	free(o->parked);
	free(o);
}

static void drain(struct pdf_out *o)
{
	if (o->n_buf == 0)
		return;
	if (o->md5)
		g_checksum_update(o->md5, (const guchar *)o->buf, (gssize)o->n_buf);
	if (!o->failed && fwrite(o->buf, 1, o->n_buf, o->out) != o->n_buf)
		o->failed = true;
	o->n_buf = 0;
}

/* To the file, whatever is open. */
static void put(struct pdf_out *o, const void *data, size_t n)
{
	o->offset += n;
	if (n >= BUFFER) {
		drain(o);
		if (o->md5)
			g_checksum_update(o->md5, data, (gssize)n);
		if (!o->failed && fwrite(data, 1, n, o->out) != n)
			o->failed = true;
		return;
	}
	if (o->n_buf + n > BUFFER)
		drain(o);
	memcpy(o->buf + o->n_buf, data, n);
	o->n_buf += n;
}

/* Formats into `small`, or into a new string it returns when small is too short
 * (the caller frees it); *n is the length. */
static char *format(char *small, size_t size, size_t *n, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int len = vsnprintf(small, size, fmt, ap);
	char *text = small;
	if (len < 0) {
		len = 0;
	} else if ((size_t)len >= size) {
		text = xmalloc((size_t)len + 1);
		vsnprintf(text, (size_t)len + 1, fmt, again);
	}
	va_end(again);
	*n = (size_t)len;
	return text;
}

int pdf_out_write(struct pdf_out *o, const void *data, size_t n)
{
	if (o->in_object)
		buf_add(&o->batch, data, n);
	else
		put(o, data, n);
	return o->failed ? -1 : 0;
}

void pdf_out_printf(struct pdf_out *o, const char *fmt, ...)
{
	char small[256];
	size_t n;
	va_list ap;
	va_start(ap, fmt);
	char *text = format(small, sizeof small, &n, fmt, ap);
	va_end(ap);
	pdf_out_write(o, text, n);
	if (text != small)
		free(text);
}

uint64_t pdf_out_offset(const struct pdf_out *o)
{
	return o->offset;
}

int pdf_out_flush(struct pdf_out *o, struct diag_sink *sink, const char *source_name)
{
	drain(o);
	if (!o->failed && fflush(o->out) != 0)
		o->failed = true;
	if (o->failed) {
		diag(sink, DIAG_ERROR, source_name, 0, 0, "writing the PDF failed");
		return -1;
	}
	return 0;
}

/* ---- the update ---- */

static void add_entry(struct pdf_out *o, int num, int type, uint64_t offset, int index)
{
	if (o->n_entries == o->cap_entries) {
		o->cap_entries = o->cap_entries ? o->cap_entries * 2 : 256;
		o->entries = xrealloc(o->entries, o->cap_entries * sizeof *o->entries);
	}
	o->entries[o->n_entries++] = (struct entry){ num, type, offset, index };
}

/* Flate-compressed data: *n bytes, which the caller frees. */
static Bytef *deflated(const char *data, size_t len, uLongf *n)
{
	*n = compressBound((uLong)len);
	Bytef *z = xmalloc(*n);
	if (compress2(z, n, (const Bytef *)data, (uLong)len, Z_BEST_SPEED) != Z_OK)
		abort(); /* only Z_MEM_ERROR or a bound too small: out of memory, as xmalloc */
	return z;
}

/* A stream object of compressed data, its dictionary's other entries in `dict`. */
static void put_deflated(struct pdf_out *o, int num, const char *dict, const Bytef *z, uLongf n)
{
	/* Never inside an object here: pdf_out_printf goes straight out. */
	pdf_out_printf(o, "%d 0 obj\n<< %s\n   /Filter /FlateDecode\n   /Length %lu\n>>\nstream\n", num,
		   dict, (unsigned long)n);
	put(o, z, n);
	put(o, "\nendstream\nendobj\n", 18);
}

static void put_stream(struct pdf_out *o, int num, const char *dict, const char *data, size_t len)
{
	uLongf n;
	Bytef *z = deflated(data, len, &n);
	put_deflated(o, num, dict, z, n);
	free(z);
}

/* An object stream written: its number is taken now. */
static void put_object_stream(struct pdf_out *o, const struct parked *ps)
{
	int num = o->next_free++;
	char dict[96];
	snprintf(dict, sizeof dict, "/Type /ObjStm\n   /N %zu\n   /First %zu", ps->n_members, ps->first);
	add_entry(o, num, 1, o->offset, 0);
	for (size_t i = 0; i < ps->n_members; i++)
		add_entry(o, ps->members[i], 2, (uint64_t)num, (int)i);
	put_deflated(o, num, dict, ps->z, ps->n);
}

/* The batch as an object stream: written, or parked until numbers are free. */
static void flush_batch(struct pdf_out *o)
{
	if (o->n_members == 0)
		return;
	struct buf data = { 0 };
	for (size_t i = 0; i < o->n_members; i++)
		buf_printf(&data, "%d %zu ", o->members[i].num, o->members[i].at);
	struct parked ps = { .n_members = o->n_members, .first = data.len };
	buf_add(&data, o->batch.data, o->batch.len);
	ps.z = deflated(data.data, data.len, &ps.n);
	buf_free(&data);
	ps.members = xmalloc(o->n_members * sizeof *ps.members);
	for (size_t i = 0; i < o->n_members; i++)
		ps.members[i] = o->members[i].num;
	o->batch.len = 0;
	o->n_members = 0;
	if (o->next_free) {
		put_object_stream(o, &ps);
		free(ps.z);
		free(ps.members);
		return;
	}
	if (o->n_parked == o->cap_parked) {
		o->cap_parked = o->cap_parked ? o->cap_parked * 2 : 8;
		o->parked = xrealloc(o->parked, o->cap_parked * sizeof *o->parked);
	}
	o->parked[o->n_parked++] = ps;
}

void pdf_out_begin_update(struct pdf_out *o, int first_free)
{
	o->next_free = first_free;
	for (size_t i = 0; i < o->n_parked; i++) {
		put_object_stream(o, &o->parked[i]);
		free(o->parked[i].z);
		free(o->parked[i].members);
	}
	o->n_parked = 0;
}

void pdf_out_begin_object(struct pdf_out *o, int num)
{
	if (o->n_members == o->cap_members) {
		o->cap_members = o->cap_members ? o->cap_members * 2 : 64;
		o->members = xrealloc(o->members, o->cap_members * sizeof *o->members);
	}
	o->members[o->n_members++] = (struct member){ num, o->batch.len };
	o->in_object = true;
}

void pdf_out_end_object(struct pdf_out *o)
{
	buf_add(&o->batch, "\n", 1);
	o->in_object = false;
	if (o->batch.len >= BATCH_BYTES || o->n_members >= BATCH_OBJECTS)
		flush_batch(o);
}

static int by_number(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	return (x->num > y->num) - (x->num < y->num);
}

static void put_be(struct buf *b, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--)
		buf_putc(b, (char)(unsigned char)(v >> (8 * i)));
}

int pdf_out_finish_xref(struct pdf_out *o, const uint64_t *offsets, int n_offsets, int root,
			int info, struct diag_sink *sink, const char *source_name)
{
	flush_batch(o);
	int num = o->next_free++;
	uint64_t xref = o->offset;
	add_entry(o, num, 1, xref, 0);
	qsort(o->entries, o->n_entries, sizeof *o->entries, by_number);
	for (size_t i = 1; i < o->n_entries; i++)
		if (o->entries[i].num == o->entries[i - 1].num) {
			diag(sink, DIAG_ERROR, source_name, 0, 0,
			     "tagging the PDF failed: object %d written twice", o->entries[i].num);
			return -1;
		}
	if (xref > 0xffffffffu) {
		diag(sink, DIAG_ERROR, source_name, 0, 0, "tagging the PDF failed: the PDF passes 4 GB");
		return -1;
	}
	/* Every object: Cairo's where they were passed on, the new ones, and the numbers
	 * left free, each pointing at the next free one. Rows of 1 + 4 + 2 bytes. */
	int size = o->next_free;
	struct entry *table = xcalloc((size_t)size, sizeof *table);
	for (int i = 0; i < size && i < n_offsets; i++)
		if (offsets[i])
			table[i] = (struct entry){ i, 1, offsets[i], 0 };
	for (size_t i = 0; i < o->n_entries; i++)
		table[o->entries[i].num] = o->entries[i];
	int next_free = 0;
	for (int i = size - 1; i >= 0; i--)
		if (table[i].type == 0) {
			table[i] = (struct entry){ i, 0, (uint64_t)next_free, i ? 0 : 65535 };
			next_free = i;
		}
	struct buf rows = { 0 }, dict = { 0 };
	for (int i = 0; i < size; i++) {
		put_be(&rows, (uint64_t)table[i].type, 1);
		put_be(&rows, table[i].offset, 4);
		put_be(&rows, (uint64_t)table[i].index, 2);
	}
	free(table);
	buf_printf(&dict, "/Type /XRef\n   /Size %d\n   /Root %d 0 R\n", size, root);
	if (info)
		buf_printf(&dict, "   /Info %d 0 R\n", info);
	if (o->md5) {
		/* Every byte before the cross-reference stream makes the identifier. */
		drain(o);
		buf_printf(&dict, "   /ID [<%s> <%s>]\n", g_checksum_get_string(o->md5),
			   g_checksum_get_string(o->md5));
		g_checksum_free(o->md5);
		o->md5 = NULL;
	}
	buf_puts(&dict, "   /W [ 1 4 2 ]");
	put_stream(o, num, dict.data, rows.data, rows.len);
	pdf_out_printf(o, "startxref\n%llu\n%%%%EOF\n", (unsigned long long)xref);
	buf_free(&rows);
	buf_free(&dict);
	return pdf_out_flush(o, sink, source_name);
}
