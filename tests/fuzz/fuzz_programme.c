/* libFuzzer harness: arbitrary bytes as a programme description through the whole
 * build: the safe XML parser, the RELAX NG schema and the reference checks, then, for
 * a programme that passes, the XSLT of one document kind (chosen by a hash of the
 * input, so every kind is reached), the HTML serialiser and the PDF engine. The
 * schema and the four stylesheets are compiled once, as a batch build does. A crash
 * replays with `briefpack build -k KIND` for every kind (tests/fuzz-regressions.sh). */
#include "fuzz.h"

#include "doc/programme.h"
#include "doc/transform.h"
#include "render.h"

/* Larger descriptions only slow the search down. */
#define FUZZ_PROGRAMME_MAX (256 * 1024)

static const char *const kinds[] = { "briefing-pack", "board-paper", "newsletter", "slides" };
#define NKINDS (sizeof kinds / sizeof kinds[0])

static struct programme_schema *schema;
static struct transform *transforms[NKINDS];
static char *input_path;
static const char *allowed[4];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct diag_sink *sink = diag_sink_new(stderr);
	char *stylesheets = fuzz_in_top("stylesheets");
	char *rng = fuzz_in_top("stylesheets/programme.rng");
	if (programme_schema_load(rng, sink, &schema) != 0)
		abort();
	for (size_t k = 0; k < NKINDS; k++)
		if (transform_compile(kinds[k], stylesheets, NULL, sink, &transforms[k]) != 0)
			abort();
	free(rng);
	input_path = fuzz_scratch_path("programme.xml");
	/* What `briefpack build` lets the engine read: the output folder (here the input's
	 * too) and the stylesheets. */
	allowed[0] = fuzz_scratch();
	allowed[1] = stylesheets;
	diag_sink_free(sink);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FUZZ_PROGRAMME_MAX)
		return -1;
	fuzz_write(input_path, data, size);
	struct diag_sink *sink = fuzz_sink();
	struct programme *p = NULL;
	xmlDocPtr result = NULL;
	if (programme_load(input_path, schema, sink, &p) != 0)
		goto out;
	const struct transform *t = transforms[fuzz_hash(data, size) % NKINDS];
	if (transform_apply(t, programme_doc(p), input_path, NULL, NULL, sink, &result) != 0)
		goto out;
	if (transform_write_html(result, fuzz_null(), "programme.html", sink) != 0)
		goto out;
	struct render_options ropts = {
		.source_name = "programme.html",
		.base_dir = fuzz_scratch(),
		.allowed_dirs = allowed,
		.creation_time = programme_status_time(p),
	};
	render_document(result, &ropts, fuzz_null(), sink);
out:
	if (result)
		xmlFreeDoc(result);
	programme_free(p);
	diag_sink_free(sink);
	return 0;
}
