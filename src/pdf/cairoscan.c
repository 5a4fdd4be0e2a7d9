/* Cairo's PDF followed as it is written: objects (each handed to pdf/scannotes.c),
 * stream data passed on as it comes, the xref table and trailer kept back. */
#include "pdf/scanstate.h"
#include "pdf/pdfout.h"
#include "base/alloc.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cairo_scan *cairo_scan_new(struct pdf_out *out)
{
	struct cairo_scan *s = xcalloc(1, sizeof *s);
	s->out = out;
	s->parser = pdf_parser_new();
	s->arena = arena_new();
	return s;
}

void cairo_scan_free(struct cairo_scan *s)
{
	if (!s)
		return;
	pdf_parser_free(s->parser);
	arena_free(s->arena);
	buf_free(&s->pending);
	buf_free(&s->spill);
	buf_free(&s->hold);
	buf_free(&s->fixed);
	content_fixer_free(&s->fixer);
	buf_free(&s->trailer);
	free(s->offsets);
	free(s->compressed);
	free(s->node_of);
	free(s->nodes);
	free(s->kids);
	free(s);
}

/* ---- the bytes ---- */

/* After an object that starts a stream: its data follows. */
static void start_stream(struct cairo_scan *s, const struct pdf_indirect *ind)
{
	const struct pdf_object *o = &ind->object;
	const struct pdf_value *v = o->value;
	const struct pdf_value *length = pdf_dict_get(o, v, "Length");
	s->data_start = pdf_out_offset(s->out);
	if (length && length->type == PDF_INT && length->i >= 0) {
		s->left = (uint64_t)length->i;
		s->state = s->left ? SCAN_STREAM : SCAN_STREAM_END;
	} else if (length && length->type == PDF_REF) {
		s->length_obj = (int)length->i;
		s->state = SCAN_SEARCH;
		/* Cairo's page content has nothing but its length and Flate (its ToUnicode
		 * maps too, which are small). */
		s->whole = v->n == 2 && pdf_is_name(pdf_dict_get(o, v, "Filter"), "FlateDecode");
		s->hold_searched = 0;
	} else {
		scan_fail(s, "stream %d has no /Length", o->num);
	}
}

/* Handles what is pending as far as it goes. What it used is dropped once, at the
 * end: a chunk may hold many objects. */
static void process_pending(struct cairo_scan *s)
{
	size_t base = 0;
	while (s->state == SCAN_TOP || s->state == SCAN_STREAM_END) {
		const char *data = s->pending.data + base;
		size_t len = s->pending.len - base, used = 0;
		if (s->state == SCAN_STREAM_END) {
			enum pdf_parse r = pdf_parse_stream_end(data, len, &used);
			if (r == PDF_PARSE_MORE)
				break;
			if (r == PDF_PARSE_BAD) {
				scan_fail(s, "a stream does not end where it should");
				break;
			}
			scan_pass(s, data, used);
			s->state = SCAN_TOP;
		} else {
			/* Only when an object may have ended (its "endobj" or "stream" came) or
			 * the xref table begun. */
			size_t from = s->searched > TRIGGER ? s->searched - TRIGGER : 0;
			const char *p = data + from;
			size_t n = len - from;
			if (!memmem(p, n, "obj", 3) && !memmem(p, n, "stream", 6) && !memmem(p, n, "xref", 4)) {
				s->searched = len;
				break;
			}
			struct pdf_indirect ind;
			enum pdf_parse r = pdf_parse_indirect(s->parser, data, len, &ind);
			if (r == PDF_PARSE_MORE) {
				s->searched = len;
				if (len > MAX_OBJECT)
					scan_fail(s, "an object is too large");
				break;
			}
			if (r == PDF_PARSE_BAD) {
				scan_fail(s, "an object cannot be read");
				break;
			}
			scan_pass(s, data, ind.start); /* the header's comments, white space */
			if (ind.xref) {
				used = ind.start;
				s->state = SCAN_TAIL;
			} else {
				scan_object(s, &ind, data + ind.start, ind.end - ind.start);
				if (ind.stream && s->state == SCAN_TOP)
					start_stream(s, &ind);
				used = ind.end;
			}
		}
		base += used;
		s->searched = 0;
	}
	if (base) {
		memmove(s->pending.data, s->pending.data + base, s->pending.len - base);
		s->pending.len -= base;
	}
}

/* Cairo's xref table and trailer: only the trailer is kept. */
static void feed_tail(struct cairo_scan *s, const char *data, size_t n)
{
	if (s->in_trailer) {
		buf_add(&s->trailer, data, n);
		if (s->trailer.len > MAX_OBJECT)
			scan_fail(s, "the trailer is too large");
		return;
	}
	char joint[2 * sizeof s->tail_seen];
	size_t k = n < sizeof s->tail_seen ? n : sizeof s->tail_seen;
	memcpy(joint, s->tail_seen, s->n_tail_seen);
	memcpy(joint + s->n_tail_seen, data, k);
	const char *hit = memmem(joint, s->n_tail_seen + k, "trailer", 7);
	if (hit) {
		s->in_trailer = true;
		buf_add(&s->trailer, hit + 7, (size_t)(joint + s->n_tail_seen + k - hit - 7));
		if (n > k)
			buf_add(&s->trailer, data + k, n - k);
		return;
	}
	hit = memmem(data, n, "trailer", 7);
	if (hit) {
		s->in_trailer = true;
		buf_add(&s->trailer, hit + 7, (size_t)(data + n - hit - 7));
		return;
	}
	/* Keep the last bytes, for a "trailer" that the next chunk ends. */
	if (n >= sizeof s->tail_seen) {
		memcpy(s->tail_seen, data + n - sizeof s->tail_seen, sizeof s->tail_seen);
		s->n_tail_seen = sizeof s->tail_seen;
	} else {
		size_t keep = s->n_tail_seen + n > sizeof s->tail_seen ? sizeof s->tail_seen - n : s->n_tail_seen;
		memmove(s->tail_seen, s->tail_seen + s->n_tail_seen - keep, keep);
		memcpy(s->tail_seen + keep, data, n);
		s->n_tail_seen = keep + n;
	}
}

static void found_length(struct cairo_scan *s, uint64_t length, uint64_t written)
{
	ARENA_GROW(s->arena, s->lengths, s->n_lengths, s->cap_lengths);
	s->lengths[s->n_lengths++] = (struct found_length){ s->length_obj, length, written, false };
}

/* A stream held whole ends `at` bytes into hold, after `eol`: passed on with its
 * artifacts' markers rewritten, if it has any. */
static void pass_whole(struct cairo_scan *s, size_t at, size_t eol)
{
	size_t n = at - eol;
	switch (content_fix(&s->fixer, s->hold.data, n, &s->fixed, &s->result.n_artifacts)) {
	case CONTENT_FIX_NONE:
		scan_pass(s, s->hold.data, at);
		found_length(s, n, n);
		break;
	case CONTENT_FIX_DONE:
		scan_pass(s, s->fixed.data, s->fixed.len);
		scan_pass(s, s->hold.data + n, eol);
		found_length(s, n, s->fixed.len);
		break;
	case CONTENT_FIX_BAD:
		scan_fail(s, "a content stream does not inflate");
		break;
	}
}

int cairo_scan_feed(struct cairo_scan *s, const void *bytes, size_t n)
{
	const char *data = bytes;
	while (n > 0 && s->state != SCAN_FAILED) {
		switch (s->state) {
		case SCAN_STREAM: {
			size_t k = s->left < n ? (size_t)s->left : n;
			scan_pass(s, data, k);
			s->left -= k;
			data += k;
			n -= k;
			if (s->left == 0)
				s->state = SCAN_STREAM_END;
			continue;
		}
		case SCAN_SEARCH: {
			buf_add(&s->hold, data, n);
			n = 0;
			size_t from = s->hold_searched > TRIGGER ? s->hold_searched - TRIGGER : 0;
			const char *hit = memmem(s->hold.data + from, s->hold.len - from, "endstream", 9);
			if (!hit && s->whole) {
				s->hold_searched = s->hold.len;
				if (s->hold.len > MAX_CONTENT)
					scan_fail(s, "a content stream is too large");
				continue;
			}
			if (!hit) {
				if (s->hold.len > HOLD) {
					size_t k = s->hold.len - HOLD;
					scan_pass(s, s->hold.data, k);
					memmove(s->hold.data, s->hold.data + k, HOLD);
					s->hold.len = HOLD;
				}
				continue;
			}
			size_t at = (size_t)(hit - s->hold.data);
			/* The data ends at the "\n" Cairo writes before "endstream" (a "\r"
			 * before that is data). */
			size_t eol = at > 0 && hit[-1] == '\n' ? 1 : 0;
			if (s->whole) {
				pass_whole(s, at, eol);
			} else {
				scan_pass(s, s->hold.data, at);
				uint64_t length = pdf_out_offset(s->out) - eol - s->data_start;
				found_length(s, length, length);
			}
			s->state = SCAN_STREAM_END;
			buf_add(&s->pending, hit, s->hold.len - at);
			s->hold.len = 0;
			process_pending(s);
			break;
		}
		case SCAN_TOP:
		case SCAN_STREAM_END:
			buf_add(&s->pending, data, n);
			n = 0;
			process_pending(s);
			break;
		case SCAN_TAIL:
			feed_tail(s, data, n);
			n = 0;
			continue;
		case SCAN_FAILED:
			continue;
		}
		/* What is pending after an object that starts a stream (or the xref table)
		 * is fed again: it is data. The spill's old bytes are all used by now. */
		if (s->state != SCAN_TOP && s->state != SCAN_STREAM_END && s->pending.len) {
			struct buf t = s->spill;
			s->spill = s->pending;
			s->pending = t;
			s->pending.len = 0;
			data = s->spill.data;
			n = s->spill.len;
		}
	}
	return s->state == SCAN_FAILED ? -1 : 0;
}

/* ---- the end ---- */

static int by_obj(const void *a, const void *b)
{
	const struct scan_pair *x = a, *y = b;
	return (x->obj > y->obj) - (x->obj < y->obj);
}

static void read_trailer(struct cairo_scan *s)
{
	struct pdf_object t;
	if (!s->in_trailer || pdf_parse_value(s->parser, s->trailer.data, s->trailer.len, &t) != PDF_PARSE_OK ||
	    t.value->type != PDF_DICT) {
		scan_fail(s, "no trailer");
		return;
	}
	int size = small_int(pdf_dict_get(&t, t.value, "Size"));
	s->result.root = ref_or_zero(pdf_dict_get(&t, t.value, "Root"));
	s->result.info = ref_or_zero(pdf_dict_get(&t, t.value, "Info"));
	if (size <= s->max_number || size > MAX_NUMBER || !s->result.root || s->result.root != s->catalog ||
	    pdf_dict_get(&t, t.value, "Prev") || pdf_dict_get(&t, t.value, "Encrypt") ||
	    (s->result.info && s->result.info >= size))
		scan_fail(s, "the trailer");
	s->result.size = size;
}

int cairo_scan_finish(struct cairo_scan *s, struct diag_sink *sink, const char *source_name,
		      const struct cairo_scan_result **result)
{
	*result = NULL;
	if (s->state != SCAN_TAIL && s->state != SCAN_FAILED)
		scan_fail(s, "it ends before its xref table");
	if (s->state != SCAN_FAILED)
		read_trailer(s);
	if (s->state != SCAN_FAILED)
		scan_check(s);
	if (s->state == SCAN_FAILED) {
		diag(sink, DIAG_ERROR, source_name, 0, 0,
		     "tagging the PDF failed: Cairo's output is not as expected (%s)", s->failure);
		return -1;
	}
	scan_note_number(s, s->result.size);
	if (s->n_struct_parents > 1)
		qsort(s->struct_parents, s->n_struct_parents, sizeof *s->struct_parents, by_obj);
	if (s->n_annot_keys > 1)
		qsort(s->annot_keys, s->n_annot_keys, sizeof *s->annot_keys, by_obj);
	if (s->n_annot_pages > 1)
		qsort(s->annot_pages, s->n_annot_pages, sizeof *s->annot_pages, by_obj);
	struct cairo_scan_result *r = &s->result;
	r->offsets = s->offsets;
	r->compressed = s->compressed;
	r->catalog = s->catalog_text;
	r->catalog_len = s->catalog_len;
	r->node_of = s->node_of;
	r->nodes = s->nodes;
	r->kids = s->kids;
	r->tops = s->tops;
	r->n_tops = s->n_tops;
	r->pages = s->pages;
	r->n_pages = s->n_pages;
	r->struct_parents = s->struct_parents;
	r->n_struct_parents = s->n_struct_parents;
	r->annot_keys = s->annot_keys;
	r->n_annot_keys = s->n_annot_keys;
	r->annot_pages = s->annot_pages;
	r->n_annot_pages = s->n_annot_pages;
	*result = r;
	return 0;
}
