/* libFuzzer harness: arbitrary bytes as an HTML page through `briefpack render`
 * (the safe HTML parser, style sheets, boxes, layout, pages, PDF). The page is written
 * to a scratch folder that also holds tests/golden/media, so that images load; one
 * input in four is also dumped as boxes and pages. A crash replays with
 * `briefpack render -o x.pdf CRASH.html` (tests/fuzz-regressions.sh). */
#include "fuzz.h"

#include "build.h"

/* Larger pages only slow the search down; robustness.sh covers size. */
#define FUZZ_RENDER_MAX (256 * 1024)

static char *page_path;
static char *pdf_path;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_copy_media();
	page_path = fuzz_scratch_path("page.html");
	pdf_path = fuzz_scratch_path("page.pdf");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FUZZ_RENDER_MAX)
		return -1;
	fuzz_write(page_path, data, size);
	struct diag_sink *sink = fuzz_sink();
	struct build_options opts = { .formats = BUILD_PDF, .dump_out = fuzz_null() };
	build_render_page(&opts, page_path, pdf_path, sink);
	if ((fuzz_hash(data, size) & 3) == 0) {
		opts.dump = RENDER_DUMP_BOXES;
		build_render_page(&opts, page_path, NULL, sink);
		opts.dump = RENDER_DUMP_PAGES;
		build_render_page(&opts, page_path, NULL, sink);
	}
	diag_sink_free(sink);
	return 0;
}
