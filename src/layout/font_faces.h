/* The fonts a document declares with @font-face, added to a fontconfig
 * configuration of the document's own. */
#ifndef BP_FONT_FACES_H
#define BP_FONT_FACES_H

#include <fontconfig/fontconfig.h>
#include <stddef.h>

struct deps;
struct diag_sink;
struct font_face;

/* Where the files of a document's faces may be read from, and where the ones read
 * are recorded. */
struct font_face_inputs {
	const char *base_dir;              /* relative url()s are below it */
	const char *const *allowed_dirs;   /* NULL-terminated; NULL: base_dir alone */
	struct deps *deps;                 /* the files read; may be NULL */
};

/* A fontconfig configuration holding the machine's fonts and, for each face, the
 * first of its sources that can be used, known by the face's family name and
 * descriptors (its characters cut to its unicode-range). A source that is refused
 * (outside the allowed folders, remote) or that is not a font gets one warning at
 * its place. WOFF and WOFF2 files are unpacked (by FreeType) into sfnt files in a
 * private folder, *tmpdir (NULL when none was needed), which font_faces_cleanup
 * removes once the fonts are no longer used. Returns NULL when no face could be
 * used. */
FcConfig *font_faces_config(const struct font_face *faces, size_t n,
			    const struct font_face_inputs *in, struct diag_sink *sink, char **tmpdir);
void font_faces_cleanup(char *tmpdir);

/* The pattern element naming the file a face was read from, when fontconfig's
 * FC_FILE is an unpacked copy of it. */
#define FONT_FACES_SOURCE_FILE "briefpacksourcefile"

#endif
