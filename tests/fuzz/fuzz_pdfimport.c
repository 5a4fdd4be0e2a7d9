/* libFuzzer harness: arbitrary bytes as the PDF of an SVG picture, read by
 * pdf/pdfread.c and brought into a PDF being written as Form XObjects, one page and
 * three (pdf/pdfimport.h). A refusal must say why; nothing may crash, hang or leak. */
#include "fuzz.h"

#include "pdf/pdfimport.h"
#include "pdf/writer.h"

/* Larger pictures only slow the search down. */
#define FUZZ_PDF_MAX (256 * 1024)

/* Imports n pages of data into a writer on a memory stream. */
static void import(const uint8_t *data, size_t size, size_t n)
{
	char *out = NULL;
	size_t out_len = 0;
	FILE *f = open_memstream(&out, &out_len);
	if (!f)
		abort();
	struct pdf_writer *w = pdfw_new(f);
	struct pdf_import_result got[3];
	const char *why = NULL;
	int status = n == 1 ? pdf_import_page(w, data, size, got, &why)
			    : pdf_import_pages(w, data, size, n, NULL, got, &why);
	if (status != 0 && !why)
		abort(); /* a refusal without a reason */
	if (status == 0)
		for (size_t i = 0; i < n; i++)
			if (got[i].form <= 0 || !(got[i].width > 0) || !(got[i].height > 0))
				abort();
	pdfw_free(w);
	fclose(f);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > FUZZ_PDF_MAX)
		return 0;
	import(data, size, 1);
	import(data, size, 3);
	return 0;
}
