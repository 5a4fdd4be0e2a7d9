/* Programme descriptions: safe loading, RELAX NG validation, id references, status date. */
#include "doc/programme.h"
#include "doc/xmlsafe.h"
#include "base/alloc.h"
#include "base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/hash.h>
#include <libxml/relaxng.h>
#include <libxml/xpath.h>

struct programme_schema {
	xmlRelaxNGPtr rng; /* compiled grammar, read-only once built */
};

struct programme {
	char *path;                           /* the file as named on the command line */
	xmlDocPtr doc;                        /* the valid document */
	struct xmlsafe_positions *positions;  /* element start lines and columns */
	time_t status_time;                   /* <as-at> at 00:00 UTC */
};

/* A reference that RELAX NG cannot check: each value of the referring attributes must
 * be one of the values of the target attributes. */
struct ref_rule {
	const char *refs;    /* XPath selecting the referring attributes */
	const char *targets; /* XPath selecting the ids they may name */
	int is_list;         /* the attribute holds a white-space separated list */
	const char *phrase;  /* message: "<element> '<id>' <phrase> '<value>'" */
};

#define PARTNER_IDS "/programme/partners/partner/@id"
#define WORKSTREAM_IDS "/programme/workstreams/workstream/@id"

static const struct ref_rule ref_rules[] = {
	{ "/programme/workstreams/workstream/@host", PARTNER_IDS, 0, "names unknown host" },
	{ "/programme/funding/*/@recipients", PARTNER_IDS, 1, "names unknown recipient" },
	{ "/programme/contact-officer/@partner | /programme/closing/contact/@partner",
	  PARTNER_IDS, 0, "names unknown partner" },
	{ "/programme/governance/body/@reports-to", "/programme/governance/body/@id", 0,
	  "reports to unknown body" },
	{ "/programme/funding/*/@workstreams | /programme/next-steps/step/@workstreams",
	  WORKSTREAM_IDS, 1, "names unknown workstream" },
	{ "/programme/next-steps/step/@grant", "/programme/funding/*/@id", 0,
	  "names unknown grant" },
};

/* ------------------------------------------------------------------- schema */

int programme_schema_load(const char *rng_path, struct diag_sink *sink,
			  struct programme_schema **out)
{
	int status = -1;
	xmlDocPtr doc = NULL;
	xmlRelaxNGParserCtxtPtr pctxt = NULL;
	xmlRelaxNGPtr rng = NULL;
	*out = NULL;
	if (xmlsafe_read_xml(rng_path, NULL, sink, NULL, &doc) != 0)
		goto out;
	struct xmlsafe_report *report = xmlsafe_report_begin(sink, rng_path, NULL, 0);
	pctxt = xmlRelaxNGNewDocParserCtxt(doc); /* works on its own copy of doc */
	if (pctxt) {
		xmlRelaxNGSetParserStructuredErrors(pctxt, xmlsafe_report_error, report);
		rng = xmlRelaxNGParse(pctxt);
	}
	int errors = xmlsafe_report_end(report);
	if (!rng || errors) {
		if (!errors)
			diag(sink, DIAG_ERROR, rng_path, 0, 0, "not a usable RELAX NG schema");
		goto out;
	}
	*out = xcalloc(1, sizeof **out);
	(*out)->rng = rng;
	rng = NULL;
	status = 0;
out:
	if (rng)
		xmlRelaxNGFree(rng);
	if (pctxt)
		xmlRelaxNGFreeParserCtxt(pctxt);
	if (doc)
		xmlFreeDoc(doc);
	return status;
}

void programme_schema_free(struct programme_schema *schema)
{
	if (!schema)
		return;
	xmlRelaxNGFree(schema->rng);
	free(schema);
}

/* Validates doc; every complaint is reported with its line and column. */
static int validate(const struct programme *p, const struct programme_schema *schema,
		    struct diag_sink *sink)
{
	struct xmlsafe_report *report =
		xmlsafe_report_begin(sink, p->path, p->positions, XMLSAFE_FILL_LINES);
	xmlRelaxNGValidCtxtPtr vctxt = xmlRelaxNGNewValidCtxt(schema->rng);
	int rc = -1;
	if (vctxt) {
		xmlRelaxNGSetValidStructuredErrors(vctxt, xmlsafe_report_error, report);
		rc = xmlRelaxNGValidateDoc(vctxt, p->doc);
		xmlRelaxNGFreeValidCtxt(vctxt);
	}
	int errors = xmlsafe_report_end(report);
	if (rc != 0 && !errors)
		diag(sink, DIAG_ERROR, p->path, 0, 0, "does not match the programme schema");
	return rc == 0 && !errors ? 0 : -1;
}

/* --------------------------------------------------------------- references */

static void report_at(const struct programme *p, struct diag_sink *sink, const xmlNode *node,
		      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Reports an error at the start of node (or of an attribute's element). */
static void report_at(const struct programme *p, struct diag_sink *sink, const xmlNode *node,
		      const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	long line, col;
	xmlsafe_node_position(p->positions, node, &line, &col);
	diag(sink, DIAG_ERROR, p->path, line, col, "%s", msg);
}

static xmlXPathObjectPtr select_nodes(xmlXPathContextPtr xpath, const char *expr)
{
	xmlXPathObjectPtr res = xmlXPathEvalExpression(BAD_CAST expr, xpath);
	if (res && res->type != XPATH_NODESET) {
		xmlXPathFreeObject(res);
		res = NULL;
	}
	return res;
}

static int nodeset_size(const xmlXPathObject *res)
{
	return res && res->nodesetval ? res->nodesetval->nodeNr : 0;
}

/* Calls fn for every white-space separated token of value (or value whole). */
static int each_token(const xmlChar *value, int is_list,
		      int (*fn)(const char *token, void *arg), void *arg)
{
	int errors = 0;
	if (!is_list)
		return fn((const char *)value, arg);
	const char *s = (const char *)value;
	while (*s) {
		s += strspn(s, " \t\r\n");
		size_t n = strcspn(s, " \t\r\n");
		if (!n)
			break;
		char *token = xstrndup(s, n);
		errors += fn(token, arg);
		free(token);
		s += n;
	}
	return errors;
}

/* One referring attribute being checked. */
struct ref_check {
	const struct programme *p;  /* for positions and the file name */
	struct diag_sink *sink;     /* where unknown names are reported */
	xmlHashTablePtr known;      /* the ids the rule allows */
	const xmlAttr *attr;        /* the referring attribute */
	const char *phrase;         /* from the rule */
};

static int check_token(const char *token, void *arg)
{
	struct ref_check *rc = arg;
	if (xmlHashLookup(rc->known, BAD_CAST token))
		return 0;
	const xmlNode *owner = rc->attr->parent;
	xmlChar *id = xmlGetProp(owner, BAD_CAST "id");
	if (id)
		report_at(rc->p, rc->sink, owner, "%s '%s' %s '%s'", (const char *)owner->name,
			  (const char *)id, rc->phrase, token);
	else
		report_at(rc->p, rc->sink, owner, "%s %s '%s'", (const char *)owner->name,
			  rc->phrase, token);
	xmlFree(id);
	return 1;
}

static int check_rule(const struct programme *p, xmlXPathContextPtr xpath,
		      const struct ref_rule *rule, struct diag_sink *sink)
{
	int errors = 0;
	xmlHashTablePtr known = xmlHashCreate(16);
	xmlXPathObjectPtr targets = select_nodes(xpath, rule->targets);
	xmlXPathObjectPtr refs = select_nodes(xpath, rule->refs);
	for (int i = 0; i < nodeset_size(targets); i++) {
		xmlChar *value = xmlNodeGetContent(targets->nodesetval->nodeTab[i]);
		if (value)
			xmlHashAddEntry(known, value, targets->nodesetval->nodeTab[i]);
		xmlFree(value);
	}
	for (int i = 0; i < nodeset_size(refs); i++) {
		xmlNodePtr attr = refs->nodesetval->nodeTab[i];
		if (attr->type != XML_ATTRIBUTE_NODE)
			continue;
		xmlChar *value = xmlNodeGetContent(attr);
		struct ref_check rc = { p, sink, known, (const xmlAttr *)attr, rule->phrase };
		if (value)
			errors += each_token(value, rule->is_list, check_token, &rc);
		xmlFree(value);
	}
	xmlXPathFreeObject(refs);
	xmlXPathFreeObject(targets);
	xmlHashFree(known, NULL);
	return errors;
}

/* Every id attribute is unique in the file (partners and the rest alike). */
static int check_unique_ids(const struct programme *p, xmlXPathContextPtr xpath,
			    struct diag_sink *sink)
{
	int errors = 0;
	xmlHashTablePtr seen = xmlHashCreate(64);
	xmlXPathObjectPtr ids = select_nodes(xpath, "//@id");
	for (int i = 0; i < nodeset_size(ids); i++) {
		xmlNodePtr attr = ids->nodesetval->nodeTab[i];
		xmlChar *value = xmlNodeGetContent(attr);
		if (!value)
			continue;
		xmlNodePtr first = xmlHashLookup(seen, value);
		if (first) {
			long line, col;
			xmlsafe_node_position(p->positions, first, &line, &col);
			report_at(p, sink, attr, "duplicate id '%s' (first used on line %ld)",
				  (const char *)value, line);
			errors++;
		} else {
			xmlHashAddEntry(seen, value, attr);
		}
		xmlFree(value);
	}
	xmlXPathFreeObject(ids);
	xmlHashFree(seen, NULL);
	return errors;
}

/* A governance body must not report, directly or through others, to itself. */
static int check_reporting_loops(const struct programme *p, xmlXPathContextPtr xpath,
				 struct diag_sink *sink)
{
	int errors = 0;
	xmlHashTablePtr bodies = xmlHashCreate(16);
	xmlXPathObjectPtr set = select_nodes(xpath, "/programme/governance/body[@id]");
	int n = nodeset_size(set);
	for (int i = 0; i < n; i++) {
		xmlChar *id = xmlGetProp(set->nodesetval->nodeTab[i], BAD_CAST "id");
		xmlHashAddEntry(bodies, id, set->nodesetval->nodeTab[i]);
		xmlFree(id);
	}
	for (int i = 0; i < n; i++) {
		xmlNodePtr start = set->nodesetval->nodeTab[i], cur = start;
		for (int steps = 0; cur && steps <= n; steps++) {
			xmlChar *up = xmlGetProp(cur, BAD_CAST "reports-to");
			cur = up ? xmlHashLookup(bodies, up) : NULL;
			xmlFree(up);
			if (cur == start) {
				xmlChar *id = xmlGetProp(start, BAD_CAST "id");
				report_at(p, sink, start, "body '%s' reports to itself%s",
					  (const char *)id, steps ? " through other bodies" : "");
				xmlFree(id);
				errors++;
				break;
			}
		}
	}
	xmlXPathFreeObject(set);
	xmlHashFree(bodies, NULL);
	return errors;
}

static int check_references(const struct programme *p, struct diag_sink *sink)
{
	int errors = 0;
	xmlXPathContextPtr xpath = xmlXPathNewContext(p->doc);
	struct xmlsafe_report *report = xmlsafe_report_begin(sink, p->path, p->positions, 0);
	errors += check_unique_ids(p, xpath, sink);
	for (size_t i = 0; i < sizeof ref_rules / sizeof ref_rules[0]; i++)
		errors += check_rule(p, xpath, &ref_rules[i], sink);
	errors += check_reporting_loops(p, xpath, sink);
	errors += xmlsafe_report_end(report);
	xmlXPathFreeContext(xpath);
	return errors ? -1 : 0;
}

/* ------------------------------------------------------------------- dates */

static int days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

/* Reads exactly `digits` decimal digits from *s. */
static int read_number(const char **s, int digits, int *out)
{
	int v = 0;
	for (int i = 0; i < digits; i++) {
		if ((*s)[i] < '0' || (*s)[i] > '9')
			return -1;
		v = v * 10 + ((*s)[i] - '0');
	}
	*s += digits;
	*out = v;
	return 0;
}

/* First month of a part of a year or of a season (meteorological seasons). */
static int first_month_of(const char *part)
{
	static const struct {
		const char *name;
		int month;
	} months[] = { { "early", 1 }, { "mid", 5 },     { "late", 9 },   { "spring", 3 },
		       { "summer", 6 }, { "autumn", 9 }, { "winter", 12 } };
	for (size_t i = 0; i < sizeof months / sizeof months[0]; i++)
		if (strcmp(part, months[i].name) == 0)
			return months[i].month;
	return 0;
}

int programme_date_value(const xmlNode *element, time_t *out)
{
	int status = -1, year = 0, month = 1, day = 1;
	xmlChar *v_day = xmlGetProp(element, BAD_CAST "day");
	xmlChar *v_month = xmlGetProp(element, BAD_CAST "month");
	xmlChar *v_year = xmlGetProp(element, BAD_CAST "year");
	xmlChar *v_part = xmlGetProp(element, BAD_CAST "part");
	xmlChar *v_season = xmlGetProp(element, BAD_CAST "season");
	const char *s;
	if (v_day) {
		s = (const char *)v_day;
		if (read_number(&s, 4, &year) || *s++ != '-' || read_number(&s, 2, &month) ||
		    *s++ != '-' || read_number(&s, 2, &day) || *s)
			goto out;
	} else if (v_month) {
		s = (const char *)v_month;
		if (read_number(&s, 4, &year) || *s++ != '-' || read_number(&s, 2, &month) || *s)
			goto out;
	} else if (v_year) {
		s = (const char *)v_year;
		if (read_number(&s, 4, &year) || *s)
			goto out;
		const xmlChar *part = v_part ? v_part : v_season;
		if (part && !(month = first_month_of((const char *)part)))
			goto out;
	} else {
		goto out;
	}
	if (year < 1000 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month))
		goto out;
	struct tm tm = { .tm_year = year - 1900, .tm_mon = month - 1, .tm_mday = day };
	*out = timegm(&tm);
	status = 0;
out:
	xmlFree(v_day);
	xmlFree(v_month);
	xmlFree(v_year);
	xmlFree(v_part);
	xmlFree(v_season);
	return status;
}

static int read_status_date(struct programme *p, struct diag_sink *sink)
{
	xmlNodePtr root = xmlDocGetRootElement(p->doc);
	for (xmlNodePtr n = root ? root->children : NULL; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || !xmlStrEqual(n->name, BAD_CAST "as-at"))
			continue;
		if (programme_date_value(n, &p->status_time) == 0)
			return 0;
		long line, col;
		xmlsafe_node_position(p->positions, n, &line, &col);
		diag(sink, DIAG_ERROR, p->path, line, col, "as-at does not hold a valid date");
		return -1;
	}
	diag(sink, DIAG_ERROR, p->path, root ? xmlGetLineNo(root) : 0, 0,
	     "the programme has no status date (as-at)");
	return -1;
}

/* -------------------------------------------------------------- programmes */

int programme_load(const char *path, const struct programme_schema *schema,
		   struct diag_sink *sink, struct programme **out)
{
	*out = NULL;
	struct programme *p = xcalloc(1, sizeof *p);
	p->path = xstrdup(path);
	if (xmlsafe_read_xml(path, NULL, sink, &p->positions, &p->doc) != 0)
		goto fail;
	int valid = schema ? validate(p, schema, sink) : 0;
	/* References are checked even in an invalid file: their messages are clearer. */
	int refs = check_references(p, sink);
	if (valid != 0 || refs != 0 || read_status_date(p, sink) != 0)
		goto fail;
	*out = p;
	return 0;
fail:
	programme_free(p);
	return -1;
}

void programme_free(struct programme *p)
{
	if (!p)
		return;
	if (p->doc)
		xmlFreeDoc(p->doc);
	xmlsafe_positions_free(p->positions);
	free(p->path);
	free(p);
}

xmlDocPtr programme_doc(const struct programme *p)
{
	return p->doc;
}

const char *programme_path(const struct programme *p)
{
	return p->path;
}

time_t programme_status_time(const struct programme *p)
{
	return p->status_time;
}
