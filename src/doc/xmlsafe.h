/* Safe XML and HTML parsing for every file briefpack reads, and the bridge that
 * carries libxml2's messages to diag() with their file, line and column. */
#ifndef BP_XMLSAFE_H
#define BP_XMLSAFE_H

#include <libxml/tree.h>
#include <libxml/xmlerror.h>

struct diag_sink;

/* Where each element of a parsed document starts (line and column of its '<');
 * libxml2 itself keeps only a line. Owned by whoever asked for it. */
struct xmlsafe_positions;

/* Largest file briefpack parses, in bytes. */
#define XMLSAFE_MAX_BYTES (64L * 1024 * 1024)

/* Parses the XML file at path with no network access, no DTD loading, no entity
 * substitution and libxml2's default size limits. A document that declares an entity,
 * names an external DTD or refers to an undeclared entity is rejected. dict, when not
 * NULL, becomes the document's dictionary (libxslt shares one per stylesheet).
 * positions, when not NULL, receives the element positions (free them after the
 * document). On success *out owns the new document. The first call installs, for the
 * whole process, libxml2's no-network entity loader, so that nothing libxml2 loads for
 * anyone (RELAX NG includes too) ever comes from the network. */
int xmlsafe_read_xml(const char *path, xmlDictPtr dict, struct diag_sink *sink,
		     struct xmlsafe_positions **positions, xmlDocPtr *out);

/* Reads the HTML page at path (a regular file of at most XMLSAFE_MAX_BYTES) and parses
 * it as browsers do, with the WHATWG algorithm (doc/html5.h); nothing is loaded. */
int xmlsafe_read_html(const char *path, struct diag_sink *sink, xmlDocPtr *out);

/* Start of element node, or of an attribute's element; 0 when unknown. */
void xmlsafe_node_position(const struct xmlsafe_positions *positions, const xmlNode *node,
			   long *line, long *col);
void xmlsafe_positions_free(struct xmlsafe_positions *positions);

/* Routing libxml2's messages. While a report is active, this thread's libxml2
 * structured and generic error handlers point at it; xmlsafe_report_end puts the
 * previous handlers back, so nothing stays set. Messages without a file are reported
 * against `file`; positions (may be NULL) adds columns for element nodes. */
struct xmlsafe_report;

enum xmlsafe_report_flags {
	XMLSAFE_DEMOTE_ERRORS = 1, /* report errors as warnings (HTML pages) */
	XMLSAFE_HTML5_TAGS = 2,    /* do not report element names HTML 4 lacks */
	XMLSAFE_FILL_LINES = 4,    /* hold messages until the end and give those without a
				      line the place of the next (else previous) one that has
				      one: RELAX NG names some elements without their node */
};

struct xmlsafe_report *xmlsafe_report_begin(struct diag_sink *sink, const char *file,
					    const struct xmlsafe_positions *positions,
					    int flags);
/* Reports held messages, restores the handlers and frees r; returns how many errors
 * went through it. */
int xmlsafe_report_end(struct xmlsafe_report *r);
/* Errors reported through r so far. */
int xmlsafe_report_errors(const struct xmlsafe_report *r);
/* A libxml2 structured error callback (for RELAX NG contexts); data is the report. */
void xmlsafe_report_error(void *data, xmlErrorPtr error);

#endif
