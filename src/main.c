/* Command line: the build, check and render commands, their options and the exit status. */
#include "build.h"
#include "watch.h"
#include "base/alloc.h"
#include "base/atomic.h"
#include "base/diag.h"
#include "base/fcinit.h"

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define VERSION "0.1.0"

enum exit_status {
	EXIT_OK = 0,     /* every document was written (or is valid) */
	EXIT_FAILED = 1, /* some document failed; errors were reported */
	EXIT_USAGE = 2,  /* the command line was wrong */
};

static const char usage_text[] =
	"Usage: briefpack build [-o DIR] [-k KIND,...] [-p NAME=VALUE] [OPTION]... INPUT...\n"
	"       briefpack check [OPTION]... INPUT...\n"
	"       briefpack watch [-o DIR] [-k KIND,...] [OPTION]... INPUT...\n"
	"       briefpack render [-o OUT.pdf] [--dump=boxes|pages|tags] [OPTION]... PAGE.html\n"
	"       briefpack --help | --version\n"
	"\n"
	"Turns XML programme descriptions of a council partnership into HTML and PDF\n"
	"documents: briefing packs, board papers, newsletters.\n"
	"\n"
	"Commands:\n"
	"  build    validate each INPUT, transform it with each KIND's stylesheet and write\n"
	"           DIR/NAME.KIND.html and DIR/NAME.KIND.pdf (NAME is the input's file name\n"
	"           without .xml); an INPUT that is a folder stands for its *.xml files\n"
	"  check    validate each INPUT against the schema and check its references;\n"
	"           write nothing\n"
	"  render   lay out one local HTML page, with its CSS, as a PDF\n"
	"  watch    build, then rebuild what each edit of an input, a stylesheet or\n"
	"           anything a document was made from affects, until interrupted\n"
	"\n"
	"Options:\n"
	"  -o, --output=DIR        build: output folder, created if missing (default: output)\n"
	"  -o, --output=OUT.pdf    render: the PDF to write (default: the page's name, .pdf;\n"
	"                          - for standard output)\n"
	"  -k, --kind=KIND[,KIND]  build: document kinds (default: briefing-pack); a KIND is\n"
	"                          a stylesheet name in the stylesheets folder, or a path to\n"
	"                          an .xsl file; may be repeated\n"
	"  -p, --param=NAME=VALUE  build: give the stylesheets' parameter NAME the string\n"
	"                          VALUE; may be repeated\n"
	"  -f, --format=FORMATS    build: html, pdf or html,pdf (default: html,pdf)\n"
	"      --dump=boxes|pages|tags\n"
	"                          build, render: print the box tree, the laid-out pages or\n"
	"                          the PDF's structure tree as text on standard output\n"
	"                          instead of writing PDFs\n"
	"  -a, --allow=DIR         let stylesheets (document(), xsl:include) and the PDF\n"
	"                          engine also read files below DIR; may be repeated\n"
	"  -s, --stylesheets=DIR   folder holding programme.rng and the named stylesheets\n"
	"                          (default: ./stylesheets, else the installed ones)\n"
	"  -j, --jobs=N            build: documents made at once (default: one per\n"
	"                          processor); the output is the same for any N\n"
	"      --diagnostics=FORMAT  human (default), json (one object a line: file, line,\n"
	"                          column, severity, message) or github (workflow\n"
	"                          annotations)\n"
	"  -W error, -Werror       treat warnings as errors: the exit status is 1\n"
	"      --hold-pages=N      build, render: pages a document may hold in memory\n"
	"                          (default 100); past them pages are painted as they are\n"
	"                          laid out, and a document that shows its page count or\n"
	"                          page references is laid out once more to count them\n"
	"      --no-tags           build, render: write PDFs without the document's structure\n"
	"                          tree (smaller and quicker; not accessible to screen readers)\n"
	"      --pdf-variant=VARIANT\n"
	"                          build, render: pdf/ua-1 (the default: tagged, accessible),\n"
	"                          or also archival PDF/A-2: pdf/a-2b, pdf/a-2u (text maps to\n"
	"                          Unicode) or pdf/a-2a (tagged too)\n"
	"      --force             build: make every document, even those whose outputs are\n"
	"                          newer than everything they were made from\n"
	"  -M, --depfile           build: also write DIR/NAME.KIND.d, the files each\n"
	"                          document was made from, for make and ninja\n"
	"  -v, --verbose           show the progress line even when standard error is\n"
	"                          not a terminal (it never is shown in CI otherwise)\n"
	"  -h, --help              show this help and exit\n"
	"  -V, --version           show the version and exit\n"
	"\n"
	"Files are read only below the input's folder, the stylesheets folder and the\n"
	"folders given with --allow; never from the network. Outputs are replaced only\n"
	"when complete: a document that fails keeps its previous outputs.\n"
	"\n"
	"Exit status:\n"
	"  0  every document was written (check: every input is valid)\n"
	"  1  some document failed; the errors say which, with file and line\n"
	"  2  usage error: unknown command or option, missing argument\n"
	"\n"
	"Environment:\n"
	"  SOURCE_DATE_EPOCH  PDF creation date, in seconds since 1970; without it the\n"
	"                     programme's status date (as-at) at 00:00 UTC is used\n"
	"  NO_COLOR           honoured: messages are never coloured (they are coloured\n"
	"                     only on a terminal)\n"
	"  CI                 when set, no progress line unless -v\n"
	"\n"
	"Examples:\n"
	"  briefpack build input/\n"
	"  briefpack build -o out -k briefing-pack,my/own.xsl -p audience=staff input/x.xml\n"
	"  briefpack check input/*.xml\n"
	"  briefpack render -o page.pdf page.html\n"
	"\n"
	"See briefpack(1) for more.\n";

enum command {
	CMD_BUILD,
	CMD_CHECK,
	CMD_RENDER,
	CMD_WATCH,
};

/* Options that have no short letter. */
enum option_id {
	OPT_DUMP = 1000,    /* --dump=boxes|pages */
	OPT_DIAGNOSTICS,    /* --diagnostics=human|json|github */
	OPT_FORCE,          /* --force */
	OPT_HOLD_PAGES,     /* --hold-pages=N */
	OPT_NO_TAGS,        /* --no-tags */
	OPT_PDF_VARIANT,    /* --pdf-variant=pdf/a-2b|pdf/a-2u|pdf/a-2a */
};

struct command_line {
	enum command command;       /* what to do */
	const char *output;         /* -o */
	const char *stylesheets;    /* -s, or NULL for the default */
	char **kinds;               /* -k, split at commas, NULL-terminated */
	size_t nkinds;
	char **params;              /* -p as NAME, VALUE pairs, NULL-terminated */
	size_t nparams;
	char **allowed;             /* -a, NULL-terminated */
	size_t nallowed;
	int formats;                /* -f */
	enum render_dump dump;      /* --dump */
	int jobs;                   /* -j, 0: one per processor */
	enum diag_format diagnostics; /* --diagnostics */
	bool werror;                /* -Werror */
	bool verbose;               /* -v */
	bool force;                 /* --force */
	int hold_pages;             /* --hold-pages, 0: the default */
	bool untagged;              /* --no-tags */
	enum pdf_variant variant;   /* --pdf-variant */
	bool depfiles;              /* -M */
	char **operands;            /* inputs, NULL-terminated */
};

static void add_string(char ***list, size_t *n, char *s)
{
	*list = xrealloc(*list, (*n + 2) * sizeof **list);
	(*list)[(*n)++] = s;
	(*list)[*n] = NULL;
}

static void free_strings(char **list)
{
	for (size_t i = 0; list && list[i]; i++)
		free(list[i]);
	free(list);
}

static int usage_error(struct diag_sink *sink, const char *fmt, const char *arg)
{
	diag(sink, DIAG_ERROR, NULL, 0, 0, fmt, arg);
	fputs("Try 'briefpack --help' for more information.\n", stderr);
	return -1;
}

static int is_param_name(const char *s, size_t n)
{
	if (n == 0 || !((s[0] >= 'A' && s[0] <= 'Z') || (s[0] >= 'a' && s[0] <= 'z') || s[0] == '_'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-' || s[i] == '.'))
			return 0;
	return 1;
}

static int parse_formats(const char *arg, int *formats)
{
	*formats = 0;
	char *copy = xstrdup(arg), *save = NULL;
	int ok = 1;
	for (char *f = strtok_r(copy, ",", &save); f; f = strtok_r(NULL, ",", &save)) {
		if (!strcmp(f, "html"))
			*formats |= BUILD_HTML;
		else if (!strcmp(f, "pdf"))
			*formats |= BUILD_PDF;
		else
			ok = 0;
	}
	free(copy);
	return ok && *formats ? 0 : -1;
}

/* Which commands take which option, for a clear message when one does not. */
static int option_applies(enum command command, int opt)
{
	switch (opt) {
	case 'k':
	case 'p':
	case 'f':
	case 'j':
	case 'M':
		return command == CMD_BUILD || command == CMD_WATCH;
	case OPT_FORCE:
		return command == CMD_BUILD;
	case 'o':
		return command != CMD_CHECK;
	case OPT_DUMP:
	case OPT_HOLD_PAGES:
	case OPT_NO_TAGS:
	case OPT_PDF_VARIANT:
		return command == CMD_BUILD || command == CMD_RENDER;
	default:
		return 1;
	}
}

static const char *command_name(enum command command)
{
	return command == CMD_BUILD ? "build" : command == CMD_CHECK ? "check"
	       : command == CMD_WATCH ? "watch" : "render";
}

/* Returns 0, 1 when --help or --version was answered, or -1 on a usage error. */
static int parse_command_line(int argc, char **argv, struct command_line *cl,
			      struct diag_sink *sink)
{
	static const struct option options[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "kind", required_argument, NULL, 'k' },
		{ "param", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "allow", required_argument, NULL, 'a' },
		{ "stylesheets", required_argument, NULL, 's' },
		{ "dump", required_argument, NULL, OPT_DUMP },
		{ "jobs", required_argument, NULL, 'j' },
		{ "diagnostics", required_argument, NULL, OPT_DIAGNOSTICS },
		{ "verbose", no_argument, NULL, 'v' },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "hold-pages", required_argument, NULL, OPT_HOLD_PAGES },
		{ "no-tags", no_argument, NULL, OPT_NO_TAGS },
		{ "pdf-variant", required_argument, NULL, OPT_PDF_VARIANT },
		{ "depfile", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int first = 1;
	if (argc > 1 && argv[1][0] != '-') {
		if (!strcmp(argv[1], "build"))
			cl->command = CMD_BUILD;
		else if (!strcmp(argv[1], "check"))
			cl->command = CMD_CHECK;
		else if (!strcmp(argv[1], "render"))
			cl->command = CMD_RENDER;
		else if (!strcmp(argv[1], "watch"))
			cl->command = CMD_WATCH;
		else
			return usage_error(sink, "unknown command '%s' (build, check, render or watch)",
					   argv[1]);
		first = 2;
	}
	int has_command = first == 2;
	optind = first;
	opterr = 0;
	int opt;
	while ((opt = getopt_long(argc, argv, ":o:k:p:f:a:s:j:W:vMhV", options, NULL)) != -1) {
		if (opt == 'h') {
			fputs(usage_text, stdout);
			return 1;
		}
		if (opt == 'V') {
			puts("briefpack " VERSION);
			return 1;
		}
		if (opt == '?') {
			char unknown[64];
			if (optopt)
				snprintf(unknown, sizeof unknown, "-%c", optopt);
			else
				snprintf(unknown, sizeof unknown, "%.60s", argv[optind - 1]);
			return usage_error(sink, "unknown option '%s'", unknown);
		}
		if (opt == ':')
			return usage_error(sink, "option '%s' needs a value", argv[optind - 1]);
		if (!option_applies(cl->command, opt)) {
			char name[16];
			if (opt == OPT_DUMP)
				strcpy(name, "--dump");
			else
				snprintf(name, sizeof name, "-%c", opt);
			diag(sink, DIAG_ERROR, NULL, 0, 0, "option '%s' does not apply to '%s'", name,
			     command_name(cl->command));
			fputs("Try 'briefpack --help' for more information.\n", stderr);
			return -1;
		}
		switch (opt) {
		case 'o':
			cl->output = optarg;
			break;
		case 's':
			cl->stylesheets = optarg;
			break;
		case 'k': {
			char *copy = xstrdup(optarg), *save = NULL;
			for (char *k = strtok_r(copy, ",", &save); k; k = strtok_r(NULL, ",", &save))
				add_string(&cl->kinds, &cl->nkinds, xstrdup(k));
			free(copy);
			break;
		}
		case 'p': {
			const char *eq = strchr(optarg, '=');
			if (!eq || !is_param_name(optarg, (size_t)(eq - optarg)))
				return usage_error(sink, "-p needs NAME=VALUE with NAME a parameter "
							 "name, not '%s'",
						   optarg);
			add_string(&cl->params, &cl->nparams, xstrndup(optarg, (size_t)(eq - optarg)));
			add_string(&cl->params, &cl->nparams, xstrdup(eq + 1));
			break;
		}
		case 'f':
			if (parse_formats(optarg, &cl->formats) != 0)
				return usage_error(sink, "-f takes html, pdf or html,pdf, not '%s'",
						   optarg);
			break;
		case 'a': {
			struct stat st;
			if (stat(optarg, &st) != 0 || !S_ISDIR(st.st_mode))
				return usage_error(sink, "--allow needs an existing folder, not '%s'",
						   optarg);
			add_string(&cl->allowed, &cl->nallowed, xstrdup(optarg));
			break;
		}
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 256)
				return usage_error(sink, "-j takes a number of jobs from 1 to 256, not '%s'",
						   optarg);
			cl->jobs = (int)n;
			break;
		}
		case 'W':
			if (strcmp(optarg, "error") != 0)
				return usage_error(sink, "-W takes 'error' (-Werror), not '%s'", optarg);
			cl->werror = true;
			break;
		case 'v':
			cl->verbose = true;
			break;
		case 'M':
			cl->depfiles = true;
			break;
		case OPT_FORCE:
			cl->force = true;
			break;
		case OPT_NO_TAGS:
			cl->untagged = true;
			break;
		case OPT_PDF_VARIANT:
			if (!strcmp(optarg, "pdf/ua-1"))
				cl->variant = PDF_VARIANT_PLAIN;
			else if (!strcmp(optarg, "pdf/a-2b"))
				cl->variant = PDF_VARIANT_A2B;
			else if (!strcmp(optarg, "pdf/a-2u"))
				cl->variant = PDF_VARIANT_A2U;
			else if (!strcmp(optarg, "pdf/a-2a"))
				cl->variant = PDF_VARIANT_A2A;
			else
				return usage_error(sink, "--pdf-variant takes pdf/ua-1, pdf/a-2b, pdf/a-2u "
						   "or pdf/a-2a, not '%s'", optarg);
			break;
		case OPT_HOLD_PAGES: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 100000)
				return usage_error(sink, "--hold-pages takes a number of pages from 1 to "
						   "100000, not '%s'", optarg);
			cl->hold_pages = (int)n;
			break;
		}
		case OPT_DIAGNOSTICS:
			if (!strcmp(optarg, "human"))
				cl->diagnostics = DIAG_HUMAN;
			else if (!strcmp(optarg, "json"))
				cl->diagnostics = DIAG_JSON;
			else if (!strcmp(optarg, "github"))
				cl->diagnostics = DIAG_GITHUB;
			else
				return usage_error(sink, "--diagnostics takes human, json or github, not '%s'",
						   optarg);
			break;
		case OPT_DUMP:
			if (!strcmp(optarg, "boxes"))
				cl->dump = RENDER_DUMP_BOXES;
			else if (!strcmp(optarg, "pages"))
				cl->dump = RENDER_DUMP_PAGES;
			else if (!strcmp(optarg, "tags"))
				cl->dump = RENDER_DUMP_TAGS;
			else
				return usage_error(sink, "--dump takes boxes, pages or tags, not '%s'",
						   optarg);
			break;
		}
	}
	if (!has_command)
		return usage_error(sink, "%s", argc > 1 ? "no command given (build, check or render)"
							: "no command given; try 'briefpack --help'");
	if (cl->variant == PDF_VARIANT_A2A && cl->untagged)
		return usage_error(sink, "%s", "--pdf-variant=pdf/a-2a needs the structure tree: drop --no-tags");
	size_t noperands = 0;
	for (int i = optind; i < argc; i++)
		add_string(&cl->operands, &noperands, xstrdup(argv[i]));
	if (noperands == 0)
		return usage_error(sink, "'%s' needs at least one input",
				   command_name(cl->command));
	if (cl->command == CMD_RENDER && noperands != 1)
		return usage_error(sink, "%s", "'render' takes exactly one HTML page");
	return 0;
}

/* ./stylesheets when it exists, else the installed copy beside the program
 * (PREFIX/bin/briefpack → PREFIX/share/briefpack/stylesheets). */
static char *default_stylesheets(void)
{
	struct stat st;
	if (stat("stylesheets", &st) == 0 && S_ISDIR(st.st_mode))
		return xstrdup("stylesheets");
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char installed[PATH_MAX + 64];
			snprintf(installed, sizeof installed, "%s/../share/briefpack/stylesheets", exe);
			if (stat(installed, &st) == 0 && S_ISDIR(st.st_mode))
				return xstrdup(installed);
		}
	}
	return xstrdup("stylesheets");
}

int main(int argc, char **argv)
{
	int exit_status = EXIT_FAILED;
	struct diag_sink *sink = diag_sink_new(stderr);
	struct command_line cl = { .command = CMD_BUILD, .formats = BUILD_HTML | BUILD_PDF };
	char **inputs = NULL;
	char *stylesheets = NULL;
	static const char *const default_kinds[] = { "briefing-pack", NULL };

	int parsed = parse_command_line(argc, argv, &cl, sink);
	if (parsed != 0) {
		exit_status = parsed > 0 ? EXIT_OK : EXIT_USAGE;
		goto out;
	}
	/* From here on messages take the format asked for; colour only on a terminal. */
	bool terminal = isatty(STDERR_FILENO);
	const char *no_color = getenv("NO_COLOR");
	diag_sink_free(sink);
	sink = diag_sink_new_format(stderr, cl.diagnostics,
				    terminal && !(no_color && *no_color));
	stylesheets = cl.stylesheets ? xstrdup(cl.stylesheets) : default_stylesheets();
	/* Outputs depend on the program that made them: a new briefpack rebuilds. */
	char program[PATH_MAX];
	ssize_t plen = readlink("/proc/self/exe", program, sizeof program - 1);
	program[plen > 0 ? plen : 0] = '\0';
	struct build_options opts = {
		.out_dir = (cl.command == CMD_BUILD || cl.command == CMD_WATCH) && cl.output ? cl.output
											   : "output",
		.stylesheets_dir = stylesheets,
		.kinds = cl.kinds ? (const char *const *)cl.kinds : default_kinds,
		.params = (const char *const *)cl.params,
		.allowed_dirs = (const char *const *)cl.allowed,
		.formats = cl.formats,
		.dump = cl.dump,
		.dump_out = stdout,
		.hold_pages = cl.hold_pages,
		.untagged = cl.untagged,
		.variant = cl.variant,
		.jobs = cl.jobs,
		.force = cl.force,
		.depfiles = cl.depfiles,
		.program = program,
		.progress = cl.verbose || (terminal && !getenv("CI")),
	};
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch) {
		if (build_source_date(epoch, sink, &opts.source_date) != 0) {
			exit_status = EXIT_USAGE;
			goto out;
		}
		opts.have_source_date = 1;
	}

	/* Signals are blocked first: a thread started before would take them itself
	 * and end the process with its temporary files left behind. */
	if (cl.command != CMD_WATCH)
		atomic_cleanup_on_signals();
	/* Fonts are needed once the input is read and transformed: their configuration
	 * loads meanwhile. */
	if (cl.command != CMD_CHECK)
		fcinit_start();
	int status = -1;
	switch (cl.command) {
	case CMD_BUILD:
	case CMD_CHECK:
		status = build_expand_inputs((const char *const *)cl.operands, sink, &inputs);
		if (cl.command == CMD_BUILD) {
			if (build_run(&opts, inputs, sink) != 0)
				status = -1;
		} else if (build_check(&opts, inputs, sink) != 0) {
			status = -1;
		}
		break;
	case CMD_RENDER:
		status = build_render_page(&opts, cl.operands[0], cl.output, sink);
		break;
	case CMD_WATCH:
		opts.progress = false;
		status = watch_run(&opts, (const char *const *)cl.operands, sink);
		break;
	}
	if (fflush(stdout) != 0) {
		diag(sink, DIAG_ERROR, NULL, 0, 0, "cannot write to standard output");
		status = -1;
	}
	/* -Werror: a warning fails the run as an error would. */
	bool failed = diag_failed(sink) || (cl.werror && diag_count(sink, DIAG_WARNING) > 0);
	if (cl.command == CMD_WATCH)
		failed = false; /* failures were reported as they came; stopping is success */
	exit_status = status == 0 && !failed ? EXIT_OK : EXIT_FAILED;
out:
	build_free_inputs(inputs);
	free(stylesheets);
	free_strings(cl.kinds);
	free_strings(cl.params);
	free_strings(cl.allowed);
	free_strings(cl.operands);
	diag_sink_free(sink);
	return exit_status;
}
