/* XSLT stylesheets: compile once, apply with string parameters under libxslt's
 * security preferences, and serialise the result as HTML5. */
#ifndef BP_TRANSFORM_H
#define BP_TRANSFORM_H

#include <stdio.h>
#include <libxml/tree.h>

struct deps;
struct diag_sink;

/* A compiled stylesheet and the folders it may read. Read-only once compiled, so one
 * can serve every document of a run; owned by the caller. */
struct transform;

/* kind is a stylesheet name such as "briefing-pack" (the file
 * STYLESHEETS_DIR/briefing-pack.xsl) or a path to an .xsl file (it contains a '/' or
 * ends in ".xsl"). Stylesheets are parsed like every XML file (xmlsafe_read_xml);
 * xsl:include and xsl:import read only below the stylesheets folder, the named
 * stylesheet's own folder and allowed_dirs (NULL-terminated, may be NULL).
 * Compile before starting any worker threads: libxslt reports compilation errors
 * through a process-wide handler, which this call sets and puts back. The first call
 * also installs, for the whole process and for good, libxslt's document loader
 * (every stylesheet module and document() goes through the safe parser and the
 * folder check) and the EXSLT extensions. */
int transform_compile(const char *kind, const char *stylesheets_dir,
		      const char *const *allowed_dirs, struct diag_sink *sink,
		      struct transform **out);
void transform_free(struct transform *t);

/* The name used in output files: the stylesheet name, or the .xsl file's name
 * without its extension. */
const char *transform_kind(const struct transform *t);

/* Applies the stylesheet to doc, which was read from input_path. params holds NAME,
 * VALUE pairs and ends with NULL (may be NULL); each VALUE reaches the stylesheet as
 * a string. While it runs, the stylesheet may not write files, create folders or use
 * the network, and document() reads only below the input's folder and the folders
 * the stylesheet may read. Every file it read (the stylesheet's modules and each
 * document()) is added to deps when deps is not NULL. On success *result owns the
 * result document (an HTML tree that the PDF engine lays out as it is). */
int transform_apply(const struct transform *t, xmlDocPtr doc, const char *input_path,
		    const char *const *params, struct deps *deps, struct diag_sink *sink,
		    xmlDocPtr *result);

/* Writes result as HTML5 in UTF-8: "<!DOCTYPE html>" and a newline, then the tree
 * without any document type the stylesheet added. out_name names out in messages. */
int transform_write_html(xmlDocPtr result, FILE *out, const char *out_name,
			 struct diag_sink *sink);

#endif
