/* The document around the pages: page tree, destinations, outline, labels, metadata,
 * catalog. */
#include "pdf/document.h"
#include "pdf/pdf.h"
#include "pdf/writer.h"
#include "base/alloc.h"
#include "base/arena.h"

#include <stdlib.h>
#include <string.h>

struct dest {
	const char *name; /* arena */
	int page;
	double x, y;
};

struct outline_item {
	const char *title; /* arena */
	int level;
	int page;
	double x, y;
	int obj;
	int parent, first, last, prev, next; /* indices, -1 for none (parent -1: the root) */
	int count;                           /* descendants shown */
};

struct pdf_doc {
	struct pdf_writer *w;
	struct arena *arena;
	int pages_obj;          /* the page tree's root */
	int *pages;             /* page objects, in order */
	size_t n_pages, cap_pages;
	int page;               /* the page being written */
	double page_w, page_h;
	struct dest *dests;
	size_t n_dests, cap_dests;
	struct outline_item *outline;
	size_t n_outline, cap_outline;
};

struct pdf_doc *pdf_doc_new(struct pdf_writer *w)
{
	struct pdf_doc *d = xcalloc(1, sizeof *d);
	d->w = w;
	d->arena = arena_new();
	d->pages_obj = pdfw_reserve(w);
	return d;
}

void pdf_doc_free(struct pdf_doc *d)
{
	if (!d)
		return;
	free(d->pages);
	free(d->dests);
	free(d->outline);
	arena_free(d->arena);
	free(d);
}

int pdf_doc_page_begin(struct pdf_doc *d, double w, double h)
{
	d->page = pdfw_reserve(d->w);
	d->page_w = w;
	d->page_h = h;
	if (d->n_pages == d->cap_pages) {
		d->cap_pages = d->cap_pages ? d->cap_pages * 2 : 64;
		d->pages = xrealloc(d->pages, d->cap_pages * sizeof *d->pages);
	}
	d->pages[d->n_pages++] = d->page;
	return d->page;
}

void pdf_doc_page_end(struct pdf_doc *d, const struct buf *content, int resources,
		      int struct_parents, const int *annots, size_t n_annots)
{
	int contents = pdfw_reserve(d->w);
	pdfw_stream(d->w, contents, NULL, content->data ? content->data : "", content->len,
		    PDFW_DEFLATE);
	struct buf *b = pdfw_object(d->w, d->page);
	buf_printf(b, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 ", d->pages_obj);
	pdf_put_num(b, d->page_w, 3);
	buf_putc(b, ' ');
	pdf_put_num(b, d->page_h, 3);
	buf_printf(b, "] /Resources %d 0 R /Contents %d 0 R", resources, contents);
	if (struct_parents >= 0)
		buf_printf(b, " /StructParents %d", struct_parents);
	if (n_annots) {
		/* Annotations in the order of the structure tree (PDF/UA-1, 7.18.3). */
		buf_puts(b, " /Tabs /S /Annots [");
		for (size_t i = 0; i < n_annots; i++)
			buf_printf(b, " %d 0 R", annots[i]);
		buf_puts(b, " ]");
	}
	buf_puts(b, " >>");
	pdfw_end(d->w);
}

void pdf_doc_dest(struct pdf_doc *d, const char *name, int page_obj, double x, double y)
{
	if (d->n_dests == d->cap_dests) {
		d->cap_dests = d->cap_dests ? d->cap_dests * 2 : 64;
		d->dests = xrealloc(d->dests, d->cap_dests * sizeof *d->dests);
	}
	d->dests[d->n_dests++] = (struct dest){ arena_strdup(d->arena, name), page_obj, x, y };
}

void pdf_doc_outline(struct pdf_doc *d, int level, const char *title, int page_obj, double x,
		     double y)
{
	if (d->n_outline == d->cap_outline) {
		d->cap_outline = d->cap_outline ? d->cap_outline * 2 : 32;
		d->outline = xrealloc(d->outline, d->cap_outline * sizeof *d->outline);
	}
	d->outline[d->n_outline++] = (struct outline_item){
		.title = arena_strdup(d->arena, title), .level = level, .page = page_obj,
		.x = x, .y = y, .parent = -1, .first = -1, .last = -1, .prev = -1, .next = -1,
	};
}

/* ---- at the end ---- */

static int compare_dest(const void *a, const void *b)
{
	const struct dest *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	if (c)
		return c;
	return x < y ? -1 : x > y;
}

/* The name tree of destinations: one node with every name, sorted; the first place of
 * a name wins. Returns its object, or 0. */
static int write_dests(struct pdf_doc *d)
{
	if (d->n_dests == 0)
		return 0;
	/* A stable sort: by name, then by the order they came in. */
	qsort(d->dests, d->n_dests, sizeof *d->dests, compare_dest);
	int obj = pdfw_reserve(d->w);
	struct buf *b = pdfw_object(d->w, obj);
	buf_puts(b, "<< /Names [");
	for (size_t i = 0; i < d->n_dests; i++) {
		if (i && strcmp(d->dests[i].name, d->dests[i - 1].name) == 0)
			continue;
		buf_putc(b, ' ');
		pdf_put_bytes(b, d->dests[i].name, strlen(d->dests[i].name));
		buf_printf(b, " [%d 0 R /XYZ ", d->dests[i].page);
		pdf_put_num(b, d->dests[i].x, 2);
		buf_putc(b, ' ');
		pdf_put_num(b, d->dests[i].y, 2);
		buf_puts(b, " 0]");
	}
	buf_puts(b, " ] >>");
	pdfw_end(d->w);
	return obj;
}

/* The outline: items nest under the last item of a lower level. Returns its object, or 0. */
static int write_outline(struct pdf_doc *d)
{
	if (d->n_outline == 0)
		return 0;
	int root = pdfw_reserve(d->w);
	int last_at_level[7] = { -1, -1, -1, -1, -1, -1, -1 };
	int root_first = -1, root_last = -1, root_count = 0;
	for (size_t i = 0; i < d->n_outline; i++) {
		struct outline_item *it = &d->outline[i];
		it->obj = pdfw_reserve(d->w);
		int parent = -1;
		for (int l = it->level - 1; l >= 1; l--)
			if (last_at_level[l] >= 0) {
				parent = last_at_level[l];
				break;
			}
		it->parent = parent;
		int *first = parent >= 0 ? &d->outline[parent].first : &root_first;
		int *last = parent >= 0 ? &d->outline[parent].last : &root_last;
		if (*last >= 0) {
			d->outline[*last].next = (int)i;
			it->prev = *last;
		} else {
			*first = (int)i;
		}
		*last = (int)i;
		last_at_level[it->level] = (int)i;
		for (int l = it->level + 1; l <= 6; l++)
			last_at_level[l] = -1;
	}
	/* Items of levels 1 and 2 are open: their children count as shown. */
	for (size_t i = d->n_outline; i-- > 0;) {
		struct outline_item *it = &d->outline[i];
		bool open = it->level <= 2;
		int shown = 1 + (open ? it->count : 0);
		if (it->parent >= 0)
			d->outline[it->parent].count += shown;
		else
			root_count += shown;
	}
	for (size_t i = 0; i < d->n_outline; i++) {
		const struct outline_item *it = &d->outline[i];
		struct buf *b = pdfw_object(d->w, it->obj);
		buf_puts(b, "<< /Title ");
		pdf_put_text(b, it->title);
		buf_printf(b, " /Parent %d 0 R", it->parent >= 0 ? d->outline[it->parent].obj : root);
		if (it->prev >= 0)
			buf_printf(b, " /Prev %d 0 R", d->outline[it->prev].obj);
		if (it->next >= 0)
			buf_printf(b, " /Next %d 0 R", d->outline[it->next].obj);
		if (it->first >= 0)
			buf_printf(b, " /First %d 0 R /Last %d 0 R /Count %d", d->outline[it->first].obj,
				   d->outline[it->last].obj, it->level <= 2 ? it->count : -it->count);
		buf_printf(b, " /Dest [%d 0 R /XYZ ", it->page);
		pdf_put_num(b, it->x, 2);
		buf_putc(b, ' ');
		pdf_put_num(b, it->y, 2);
		buf_puts(b, " 0] >>");
		pdfw_end(d->w);
	}
	struct buf *b = pdfw_object(d->w, root);
	buf_printf(b, "<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>",
		   d->outline[root_first].obj, d->outline[root_last].obj, root_count);
	pdfw_end(d->w);
	return root;
}

/* XML text: &, <, > and quotes escaped. */
static void xml_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&': buf_puts(b, "&amp;"); break;
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default:
			/* Control characters are not XML. */
			if ((unsigned char)*s >= 0x20 || *s == '\t' || *s == '\n')
				buf_putc(b, *s);
		}
	}
}

/* The description of the pdfuaid schema, for PDF/A readers. */
static const char PDFUA_EXTENSION_SCHEMA[] =
	"  <rdf:Description rdf:about=\"\"\n"
	"    xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\"\n"
	"    xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\"\n"
	"    xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n"
	"   <pdfaExtension:schemas>\n"
	"    <rdf:Bag>\n"
	"     <rdf:li rdf:parseType=\"Resource\">\n"
	"      <pdfaSchema:schema>PDF/UA identification</pdfaSchema:schema>\n"
	"      <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>\n"
	"      <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>\n"
	"      <pdfaSchema:property>\n"
	"       <rdf:Seq>\n"
	"        <rdf:li rdf:parseType=\"Resource\">\n"
	"         <pdfaProperty:name>part</pdfaProperty:name>\n"
	"         <pdfaProperty:valueType>Integer</pdfaProperty:valueType>\n"
	"         <pdfaProperty:category>internal</pdfaProperty:category>\n"
	"         <pdfaProperty:description>The part of ISO 14289 the file conforms to</pdfaProperty:description>\n"
	"        </rdf:li>\n"
	"       </rdf:Seq>\n"
	"      </pdfaSchema:property>\n"
	"     </rdf:li>\n"
	"    </rdf:Bag>\n"
	"   </pdfaExtension:schemas>\n"
	"  </rdf:Description>\n";

/* The output intent of a PDF/A file: sRGB, the colour space every colour is given in. */
static int write_output_intent(struct pdf_doc *d, const struct pdf_doc_info *info)
{
	int profile = pdfw_reserve(d->w);
	pdfw_stream(d->w, profile, "/N 3", info->icc, info->icc_len, PDFW_DEFLATE);
	int intent = pdfw_reserve(d->w);
	struct buf *b = pdfw_object(d->w, intent);
	buf_printf(b, "<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier "
		      "(sRGB IEC61966-2.1) /Info (sRGB IEC61966-2.1) /DestOutputProfile %d 0 R >>",
		   profile);
	pdfw_end(d->w);
	return intent;
}

/* The XMP packet (ISO 16684-1) saying what the Info dictionary says. */
static int write_xmp(struct pdf_doc *d, const struct pdf_doc_info *info, const char *iso_date)
{
	struct buf x = { 0 };
	buf_puts(&x, "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
		     "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
		     " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
		     "  <rdf:Description rdf:about=\"\"\n"
		     "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
		     "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
		     "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
		     "    xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\"");
	if (info->pdf_a)
		buf_puts(&x, "\n    xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"");
	buf_puts(&x, ">\n   <dc:format>application/pdf</dc:format>\n");
	if (info->meta->title) {
		buf_puts(&x, "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(&x, info->meta->title);
		buf_puts(&x, "</rdf:li></rdf:Alt></dc:title>\n");
	}
	if (info->meta->author) {
		buf_puts(&x, "   <dc:creator><rdf:Seq><rdf:li>");
		xml_text(&x, info->meta->author);
		buf_puts(&x, "</rdf:li></rdf:Seq></dc:creator>\n");
	}
	if (info->meta->subject) {
		buf_puts(&x, "   <dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
		xml_text(&x, info->meta->subject);
		buf_puts(&x, "</rdf:li></rdf:Alt></dc:description>\n");
	}
	if (info->meta->lang) {
		buf_puts(&x, "   <dc:language><rdf:Bag><rdf:li>");
		xml_text(&x, info->meta->lang);
		buf_puts(&x, "</rdf:li></rdf:Bag></dc:language>\n");
	}
	if (info->meta->keywords) {
		buf_puts(&x, "   <pdf:Keywords>");
		xml_text(&x, info->meta->keywords);
		buf_puts(&x, "</pdf:Keywords>\n");
	}
	buf_printf(&x, "   <pdf:Producer>briefpack</pdf:Producer>\n"
		       "   <xmp:CreatorTool>briefpack</xmp:CreatorTool>\n"
		       "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
		       "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
		       "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n",
		   iso_date, iso_date, iso_date);
	if (info->pdf_ua)
		buf_puts(&x, "   <pdfuaid:part>1</pdfuaid:part>\n");
	if (info->pdf_a)
		buf_printf(&x, "   <pdfaid:part>2</pdfaid:part>\n"
			       "   <pdfaid:conformance>%c</pdfaid:conformance>\n", info->pdf_a);
	buf_puts(&x, "  </rdf:Description>\n");
	/* PDF/A takes properties of schemas it does not know only when the file
	 * describes them (ISO 19005-2, 6.6.2.3): PDF/UA's identification. */
	if (info->pdf_a && info->pdf_ua)
		buf_puts(&x, PDFUA_EXTENSION_SCHEMA);
	buf_puts(&x, " </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
	int obj = pdfw_reserve(d->w);
	/* Uncompressed, so that tools that do not read PDF find it (PDF/A allows either). */
	pdfw_stream(d->w, obj, "/Type /Metadata /Subtype /XML", x.data, x.len, PDFW_AS_IS);
	buf_free(&x);
	return obj;
}

static void put_info_text(struct buf *b, const char *key, const char *value)
{
	if (!value)
		return;
	buf_printf(b, " /%s ", key);
	pdf_put_text(b, value);
}

int pdf_doc_finish(struct pdf_doc *d, const struct pdf_doc_info *info, int struct_tree_root,
		   int *info_obj)
{
	struct pdf_writer *w = d->w;
	struct buf *b = pdfw_object(w, d->pages_obj);
	buf_puts(b, "<< /Type /Pages /Kids [");
	for (size_t i = 0; i < d->n_pages; i++)
		buf_printf(b, " %d 0 R", d->pages[i]);
	buf_printf(b, " ] /Count %zu >>", d->n_pages);
	pdfw_end(w);
	int dests = write_dests(d);
	int outline = write_outline(d);

	struct tm tm;
	gmtime_r(&info->meta->date, &tm);
	char pdf_date[32], iso_date[32];
	strftime(pdf_date, sizeof pdf_date, "D:%Y%m%d%H%M%S+00'00'", &tm);
	strftime(iso_date, sizeof iso_date, "%Y-%m-%dT%H:%M:%S+00:00", &tm);
	int metadata = write_xmp(d, info, iso_date);
	int intent = info->pdf_a && info->icc ? write_output_intent(d, info) : 0;
	*info_obj = pdfw_reserve(w);
	b = pdfw_object(w, *info_obj);
	buf_puts(b, "<<");
	put_info_text(b, "Title", info->meta->title);
	put_info_text(b, "Author", info->meta->author);
	put_info_text(b, "Subject", info->meta->subject);
	put_info_text(b, "Keywords", info->meta->keywords);
	buf_printf(b, " /Creator (briefpack) /Producer (briefpack) /CreationDate (%s) /ModDate (%s) >>",
		   pdf_date, pdf_date);
	pdfw_end(w);

	int catalog = pdfw_reserve(w);
	b = pdfw_object(w, catalog);
	buf_printf(b, "<< /Type /Catalog /Pages %d 0 R /Metadata %d 0 R", d->pages_obj, metadata);
	buf_puts(b, " /PageLabels << /Nums [0 << /S /D >>] >>");
	if (intent)
		buf_printf(b, " /OutputIntents [%d 0 R]", intent);
	if (dests)
		buf_printf(b, " /Names << /Dests %d 0 R >>", dests);
	if (outline)
		buf_printf(b, " /Outlines %d 0 R /PageMode /UseOutlines", outline);
	if (info->meta->lang) {
		buf_puts(b, " /Lang ");
		pdf_put_text(b, info->meta->lang);
	}
	buf_puts(b, " /ViewerPreferences << /DisplayDocTitle true >>");
	if (struct_tree_root)
		buf_printf(b, " /MarkInfo << /Marked true >> /StructTreeRoot %d 0 R", struct_tree_root);
	buf_puts(b, " >>");
	pdfw_end(w);
	return catalog;
}
