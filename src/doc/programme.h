/* Programme descriptions: load one XML file safely, validate it against the RELAX NG
 * schema, check the references between its parts, and read its status date. */
#ifndef BP_PROGRAMME_H
#define BP_PROGRAMME_H

#include <time.h>
#include <libxml/tree.h>

struct diag_sink;

/* A compiled schema (stylesheets/programme.rng). Compile it once per job or worker;
 * the caller owns it and frees it after the last programme_load that used it. */
struct programme_schema;

/* A loaded, valid programme: its document, where each element starts, and its status
 * date. Owned by the caller; the document lives as long as the programme. */
struct programme;

int programme_schema_load(const char *rng_path, struct diag_sink *sink,
			  struct programme_schema **out);
void programme_schema_free(struct programme_schema *schema);

/* Parses path (see xmlsafe_read_xml for what is refused), validates it against
 * schema, checks that every id is unique and every reference (host, recipients,
 * reports-to, workstreams, grant, partner) names something of the right kind, and
 * reads the status date (<as-at>). Reports every problem with file, line and column
 * before returning -1. */
int programme_load(const char *path, const struct programme_schema *schema,
		   struct diag_sink *sink, struct programme **out);
void programme_free(struct programme *p);

xmlDocPtr programme_doc(const struct programme *p);
const char *programme_path(const struct programme *p);
/* The status date at 00:00 UTC; a month means its first day, a year its first day,
 * a part of a year or a season the first day of its first month (mid: May). */
time_t programme_status_time(const struct programme *p);

/* Reads a date-value element (day, month, or year with part or season) as the
 * 00:00 UTC time of its first day. Returns 0, or -1 when it carries no valid date
 * (nothing is reported). */
int programme_date_value(const xmlNode *element, time_t *out);

#endif
