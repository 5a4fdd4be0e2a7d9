/* @font-face sources found, read and added to a document's own fontconfig
 * configuration, under the face's family name and descriptors. */
#include "layout/font_faces.h"
#include "style/style.h"
#include "base/alloc.h"
#include "base/arena.h"
#include "base/buf.h"
#include "base/deps.h"
#include "base/diag.h"
#include "base/fcinit.h"
#include "base/paths.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FONT_MAX_BYTES = 50 << 20, MAX_TABLES = 256, MAX_FACES = 256 }; /* bounds a hostile page */

/* What a file holds, from its first four bytes. */
enum font_kind { KIND_NONE, KIND_SFNT, KIND_WOFF };

/* The state of one document's loading. */
struct loader {
	FcConfig *config;
	FT_Library ft;              /* made when a WOFF file is met */
	char *tmpdir;               /* made when a WOFF file is met */
	const struct font_face_inputs *in;
	struct diag_sink *sink;
	struct arena *a;            /* paths and messages */
};

/* Is the format() hint one of the formats read here? */
static bool format_supported(const char *format)
{
	static const char *const known[] = { "truetype", "opentype", "woff", "woff2", "collection",
					     "truetype-variations", "opentype-variations",
					     "woff-variations", "woff2-variations" };
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(format, known[i]) == 0)
			return true;
	return false;
}

/* Opens path (canonical) as a regular file of at most FONT_MAX_BYTES and tells its kind. */
static int font_file_kind(const char *path, enum font_kind *kind, const char **why)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		*why = strerror(errno);
		return -1;
	}
	struct stat st;
	unsigned char head[4] = { 0 };
	int status = -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > FONT_MAX_BYTES) {
		*why = "not a regular file of at most 50 MB";
		goto out;
	}
	if (read(fd, head, 4) != 4) {
		*why = "not a font file";
		goto out;
	}
	if (memcmp(head, "wOFF", 4) == 0 || memcmp(head, "wOF2", 4) == 0)
		*kind = KIND_WOFF;
	else if (memcmp(head, "\0\1\0\0", 4) == 0 || memcmp(head, "OTTO", 4) == 0 ||
		 memcmp(head, "true", 4) == 0 || memcmp(head, "ttcf", 4) == 0)
		*kind = KIND_SFNT;
	else {
		*why = "not a TrueType, OpenType, WOFF or WOFF2 font";
		goto out;
	}
	status = 0;
out:
	close(fd);
	return status;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static uint32_t checksum(const unsigned char *p, size_t len)
{
	uint32_t sum = 0;
	for (size_t i = 0; i < len; i += 4) {
		unsigned char w[4] = { 0 };
		memcpy(w, p + i, len - i < 4 ? len - i : 4);
		sum += (uint32_t)w[0] << 24 | (uint32_t)w[1] << 16 | (uint32_t)w[2] << 8 | w[3];
	}
	return sum;
}

static int compare_tags(const void *a, const void *b)
{
	FT_ULong x = *(const FT_ULong *)a, y = *(const FT_ULong *)b;
	return x < y ? -1 : x > y;
}

/* The sfnt inside a WOFF or WOFF2 file, as FreeType unpacks it, table by table
 * (OpenType 1.9, "Organization of an OpenType font"). */
static int sfnt_from_face(FT_Face face, struct buf *out)
{
	FT_ULong n = 0;
	if (!FT_IS_SFNT(face) || FT_Sfnt_Table_Info(face, 0, NULL, &n) != 0 || n == 0 || n > MAX_TABLES)
		return -1;
	FT_ULong tags[MAX_TABLES];
	for (FT_UInt i = 0; i < n; i++) {
		FT_ULong len;
		if (FT_Sfnt_Table_Info(face, i, &tags[i], &len) != 0)
			return -1;
	}
	qsort(tags, n, sizeof tags[0], compare_tags);
	bool cff = false;
	for (FT_UInt i = 0; i < n; i++)
		cff |= tags[i] == FT_MAKE_TAG('C', 'F', 'F', ' ') || tags[i] == FT_MAKE_TAG('C', 'F', 'F', '2');
	unsigned pow2 = 1, log2 = 0;
	while (pow2 * 2 <= n)
		pow2 *= 2, log2++;
	size_t dir = 12 + 16 * n;
	buf_reserve(out, dir);
	memset(out->data, 0, dir);
	out->len = dir;
	put32((unsigned char *)out->data, cff ? 0x4F54544Fu : 0x00010000u);
	put16((unsigned char *)out->data + 4, (unsigned)n);
	put16((unsigned char *)out->data + 6, pow2 * 16);
	put16((unsigned char *)out->data + 8, log2);
	put16((unsigned char *)out->data + 10, (unsigned)n * 16 - pow2 * 16);
	size_t head_at = 0;
	for (FT_UInt i = 0; i < n; i++) {
		FT_ULong len = 0;
		if (FT_Load_Sfnt_Table(face, tags[i], 0, NULL, &len) != 0 || len > FONT_MAX_BYTES ||
		    out->len + len > (size_t)4 * FONT_MAX_BYTES)
			return -1;
		size_t at = out->len;
		buf_reserve(out, len + 4);
		if (len && FT_Load_Sfnt_Table(face, tags[i], 0, (FT_Byte *)out->data + at, &len) != 0)
			return -1;
		out->len = at + len;
		while (out->len % 4)
			out->data[out->len++] = '\0';
		if (tags[i] == FT_MAKE_TAG('h', 'e', 'a', 'd') && len >= 12) {
			head_at = at;
			put32((unsigned char *)out->data + at + 8, 0); /* checkSumAdjustment */
		}
		unsigned char *entry = (unsigned char *)out->data + 12 + 16 * i;
		put32(entry, (uint32_t)tags[i]);
		put32(entry + 4, checksum((unsigned char *)out->data + at, len));
		put32(entry + 8, (uint32_t)at);
		put32(entry + 12, (uint32_t)len);
	}
	if (head_at)
		put32((unsigned char *)out->data + head_at + 8,
		      0xB1B0AFBAu - checksum((unsigned char *)out->data, out->len));
	return 0;
}

/* Unpacks a WOFF or WOFF2 file into an sfnt file in the loader's folder, named by
 * its content (so that any cache keyed by file name sees the same bytes). */
static int unpack_woff(struct loader *ld, const char *path, char **sfnt_path, const char **why)
{
	if (!ld->ft && FT_Init_FreeType(&ld->ft) != 0) {
		*why = "FreeType could not start";
		return -1;
	}
	if (!ld->tmpdir) {
		const char *tmp = getenv("TMPDIR");
		char *dir = arena_printf(ld->a, "%s/briefpack-fonts-XXXXXX", tmp && *tmp ? tmp : "/tmp");
		if (!mkdtemp(dir)) {
			*why = arena_printf(ld->a, "no folder for its unpacked copy: %s", strerror(errno));
			return -1;
		}
		ld->tmpdir = xstrdup(dir);
	}
	FT_Face face;
	if (FT_New_Face(ld->ft, path, 0, &face) != 0) {
		*why = "FreeType cannot read it as a font";
		return -1;
	}
	struct buf sfnt = { 0 };
	int status = -1;
	if (sfnt_from_face(face, &sfnt) != 0) {
		*why = "its tables cannot be read";
		goto out;
	}
	gchar *hash = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)sfnt.data, sfnt.len);
	*sfnt_path = arena_printf(ld->a, "%s/%s.otf", ld->tmpdir, hash);
	g_free(hash);
	FILE *f = fopen(*sfnt_path, "wbx");
	if (!f && errno == EEXIST) {
		status = 0; /* the same font, declared twice */
		goto out;
	}
	if (!f || fwrite(sfnt.data, 1, sfnt.len, f) != sfnt.len) {
		*why = arena_printf(ld->a, "its unpacked copy cannot be written: %s", strerror(errno));
		if (f)
			fclose(f);
		goto out;
	}
	if (fclose(f) != 0) {
		*why = arena_printf(ld->a, "its unpacked copy cannot be written: %s", strerror(errno));
		goto out;
	}
	status = 0;
out:
	buf_free(&sfnt);
	FT_Done_Face(face);
	return status;
}

/* An installed font whose full or PostScript name is `name`: its file and index. */
static int find_local(const char *name, FcChar8 **file, int *index)
{
	static const char *const objects[] = { FC_FULLNAME, FC_POSTSCRIPT_NAME };
	for (size_t i = 0; i < 2; i++) {
		FcPattern *p = FcPatternCreate();
		FcPatternAddString(p, objects[i], (const FcChar8 *)name);
		FcObjectSet *os = FcObjectSetBuild(FC_FILE, FC_INDEX, (char *)NULL);
		FcFontSet *found = FcFontList(NULL, p, os);
		FcObjectSetDestroy(os);
		FcPatternDestroy(p);
		FcChar8 *f;
		if (found && found->nfont > 0 &&
		    FcPatternGetString(found->fonts[0], FC_FILE, 0, &f) == FcResultMatch) {
			*file = FcStrCopy(f);
			if (FcPatternGetInteger(found->fonts[0], FC_INDEX, 0, index) != FcResultMatch)
				*index = 0;
			FcFontSetDestroy(found);
			return 0;
		}
		if (found)
			FcFontSetDestroy(found);
	}
	return -1;
}

static bool in_ranges(const struct font_face *face, FcChar32 c)
{
	for (size_t i = 0; i < face->n_ranges; i++)
		if (c >= face->ranges[2 * i] && c <= face->ranges[2 * i + 1])
			return true;
	return false;
}

/* The characters of `all` inside the face's unicode-range. */
static FcCharSet *charset_in_ranges(const struct font_face *face, const FcCharSet *all)
{
	FcCharSet *cut = FcCharSetCreate();
	FcChar32 map[FC_CHARSET_MAP_SIZE], next;
	for (FcChar32 base = FcCharSetFirstPage(all, map, &next); base != FC_CHARSET_DONE;
	     base = FcCharSetNextPage(all, map, &next)) {
		for (unsigned w = 0; w < FC_CHARSET_MAP_SIZE; w++)
			for (unsigned bit = 0; map[w] && bit < 32; bit++)
				if (map[w] & (1u << bit)) {
					FcChar32 c = base + w * 32 + bit;
					if (in_ranges(face, c))
						FcCharSetAddChar(cut, c);
				}
	}
	return cut;
}

static double fc_weight(float css)
{
	return FcWeightFromOpenTypeDouble(css);
}

/* Makes pattern p (just scanned from the face's file) answer to the face's
 * family and descriptors rather than the file's own names. */
static void describe(FcPattern *p, const struct font_face *face, const char *source_file)
{
	FcPatternDel(p, FC_FAMILY);
	FcPatternDel(p, FC_FAMILYLANG);
	FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)face->family);
	FcPatternDel(p, FC_WEIGHT);
	if (face->weight_min == face->weight_max) {
		FcPatternAddDouble(p, FC_WEIGHT, fc_weight(face->weight_min));
	} else {
		FcRange *r = FcRangeCreateDouble(fc_weight(face->weight_min), fc_weight(face->weight_max));
		FcPatternAddRange(p, FC_WEIGHT, r);
		FcRangeDestroy(r);
	}
	FcPatternDel(p, FC_SLANT);
	FcPatternAddInteger(p, FC_SLANT, face->style == FONT_ITALIC ? FC_SLANT_ITALIC
					  : face->style == FONT_OBLIQUE ? FC_SLANT_OBLIQUE
					  : FC_SLANT_ROMAN);
	FcPatternDel(p, FC_WIDTH);
	if (face->stretch_min == face->stretch_max) {
		FcPatternAddDouble(p, FC_WIDTH, face->stretch_min);
	} else {
		FcRange *r = FcRangeCreateDouble(face->stretch_min, face->stretch_max);
		FcPatternAddRange(p, FC_WIDTH, r);
		FcRangeDestroy(r);
	}
	FcCharSet *all;
	if (face->n_ranges && FcPatternGetCharSet(p, FC_CHARSET, 0, &all) == FcResultMatch) {
		FcCharSet *cut = charset_in_ranges(face, all);
		FcPatternDel(p, FC_CHARSET);
		FcPatternAddCharSet(p, FC_CHARSET, cut);
		FcCharSetDestroy(cut);
	}
	if (source_file) {
		FcPatternDel(p, FONT_FACES_SOURCE_FILE);
		FcPatternAddString(p, FONT_FACES_SOURCE_FILE, (const FcChar8 *)source_file);
	}
}

/* Adds the faces of `file` (index: the one wanted, -1 every one) described as `face`.
 * Returns the number added. */
static int add_file(struct loader *ld, const struct font_face *face, const char *file, int index,
		    const char *source_file)
{
	FcFontSet *set = FcConfigGetFonts(ld->config, FcSetApplication);
	int before = set ? set->nfont : 0;
	if (!FcConfigAppFontAddFile(ld->config, (const FcChar8 *)file))
		return 0;
	set = FcConfigGetFonts(ld->config, FcSetApplication);
	int added = 0;
	for (int i = before; set && i < set->nfont; i++) {
		int at;
		if (index >= 0 && FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, &at) == FcResultMatch &&
		    at != index)
			continue;
		describe(set->fonts[i], face, source_file);
		added++;
	}
	return added;
}

/* The first usable source of a face. Returns 0 when one was added. */
static int load_face(struct loader *ld, const struct font_face *face)
{
	bool warned = false;
	for (size_t i = 0; i < face->n_sources; i++) {
		const struct font_face_source *src = &face->sources[i];
		if (src->local) {
			FcChar8 *file;
			int index;
			if (find_local(src->ref, &file, &index) != 0)
				continue; /* not installed: the next source, as browsers do */
			int added = add_file(ld, face, (const char *)file, index, NULL);
			FcStrFree(file);
			if (added)
				return 0;
			continue;
		}
		if (src->format && !format_supported(src->format))
			continue; /* a format for others (EOT, SVG): skipped without a word */
		char *path;
		const char *why;
		enum font_kind kind = KIND_NONE;
		if (path_resolve_local(ld->a, face->base_dir ? face->base_dir : ld->in->base_dir,
				       ld->in->allowed_dirs, src->ref, &path,
				       &why) != 0 ||
		    font_file_kind(path, &kind, &why) != 0) {
			diag(ld->sink, DIAG_WARNING, face->file, src->line, src->col,
			     "font '%s' is not read: %s", src->ref, why);
			warned = true;
			continue;
		}
		const char *scanned = path;
		if (kind == KIND_WOFF) {
			char *sfnt = NULL;
			if (unpack_woff(ld, path, &sfnt, &why) != 0) {
				diag(ld->sink, DIAG_WARNING, face->file, src->line, src->col,
				     "font '%s' is not read: %s", src->ref, why);
				warned = true;
				continue;
			}
			scanned = sfnt;
		}
		if (add_file(ld, face, scanned, -1, kind == KIND_WOFF ? path : NULL) == 0) {
			diag(ld->sink, DIAG_WARNING, face->file, src->line, src->col,
			     "font '%s' is not read: fontconfig cannot use it", src->ref);
			warned = true;
			continue;
		}
		deps_add(ld->in->deps, path);
		return 0;
	}
	if (!warned)
		diag(ld->sink, DIAG_WARNING, face->file, face->line, face->col,
		     "no source of @font-face '%s' can be used; its text gets the fonts that follow "
		     "it in font-family", face->family);
	return -1;
}

FcConfig *font_faces_config(const struct font_face *faces, size_t n,
			    const struct font_face_inputs *in, struct diag_sink *sink, char **tmpdir)
{
	*tmpdir = NULL;
	fcinit_wait();
	/* The machine's configuration, loaded anew (its fonts from fontconfig's caches):
	 * the faces added to it go with it, and no other document sees them. */
	struct loader ld = { FcInitLoadConfigAndFonts(), NULL, NULL, in, sink, arena_new_small() };
	int loaded = 0;
	for (size_t i = 0; ld.config && i < n; i++) {
		if (i == MAX_FACES) {
			diag(sink, DIAG_WARNING, faces[i].file, faces[i].line, faces[i].col,
			     "more than %d @font-face rules: this one and those after it are ignored",
			     MAX_FACES);
			break;
		}
		if (load_face(&ld, &faces[i]) == 0)
			loaded++;
	}
	if (ld.ft)
		FT_Done_FreeType(ld.ft);
	arena_free(ld.a);
	*tmpdir = ld.tmpdir;
	if (!loaded && ld.config) {
		FcConfigDestroy(ld.config);
		ld.config = NULL;
	}
	return ld.config;
}

void font_faces_cleanup(char *tmpdir)
{
	if (!tmpdir)
		return;
	DIR *d = opendir(tmpdir);
	for (struct dirent *e; d && (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char *path = g_strdup_printf("%s/%s", tmpdir, e->d_name);
		unlink(path);
		g_free(path);
	}
	if (d)
		closedir(d);
	rmdir(tmpdir);
	free(tmpdir);
}
