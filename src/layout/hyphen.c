/* Hyphenation: finds the libhyphen dictionary for a language tag and marks a word's break points with soft hyphens. */
#include "layout/hyphen.h"
#include "base/alloc.h"

#include <dirent.h>
#include <fcntl.h>
#include <glib.h>
#include <hyphen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_DICT_DIR "/usr/share/hyphen"
#define LANG_TAG_MAX 35           /* longer lang attributes are not looked up */
#define DICT_NAME_MAX 64          /* longer file names in the folder are ignored */
#define DICT_SIZE_MAX (64L << 20) /* larger files are not taken for dictionaries */
#define WORD_BYTES_MAX 1024       /* longer words are left alone without a look */
#define WORD_CHARS_MAX 100        /* nor are words with more characters than this */
#define WORD_LETTERS_MIN 5        /* shorter words are never hyphenated */
#define LEFT_MIN_DEFAULT 2        /* letters before a break, unless the dictionary says */
#define RIGHT_MIN_DEFAULT 3       /* letters after a break, unless the dictionary says */
#define SOFT_HYPHEN "\xC2\xAD"    /* U+00AD in UTF-8 */

/* A dictionary file, loaded once however many tags and file names lead to it. */
struct loaded_dict {
	HyphenDict *dict; /* owned */
	dev_t dev;        /* the file's identity: symbolic links to it share this */
	ino_t ino;
};

/* What one normalised language tag resolved to. */
struct lang_entry {
	char *key;        /* normalised tag: "en_GB", "sr_Latn_RS", "de" (owned) */
	HyphenDict *dict; /* borrowed from loaded; NULL: none, and not looked for again */
};

struct hyphenator {
	char *dict_dir;              /* folder of hyph_*.dic files (owned) */
	bool listed;                 /* names holds the folder's listing */
	char **names;                /* hyph_*.dic file names in dict_dir, sorted (owned) */
	size_t n_names;
	struct loaded_dict *loaded;  /* every dictionary loaded so far */
	size_t n_loaded, cap_loaded;
	struct lang_entry *langs;    /* every tag resolved so far */
	size_t n_langs, cap_langs;
};

/* A language tag reduced to the parts dictionary file names use. */
struct lang_tag {
	char language[9]; /* "en": 2 to 8 letters, lower case */
	char script[5];   /* "Latn": title case, or empty */
	char region[4];   /* "GB": upper case, "419", or empty */
};

/* Where a dictionary is looked for when the tag's own names have none. */
static const struct {
	const char *language;
	const char *regions[3];
} usual_regions[] = {
	{ "en", { "US", "GB", NULL } },
	{ "pt", { "PT", "BR", NULL } },
	{ "sv", { "SE", NULL, NULL } },
	{ "da", { "DK", NULL, NULL } },
	{ "nb", { "NO", NULL, NULL } },
	{ "nn", { "NO", NULL, NULL } },
	{ "uk", { "UA", NULL, NULL } },
	{ "el", { "GR", NULL, NULL } },
	{ "cs", { "CZ", NULL, NULL } },
	{ "sl", { "SI", NULL, NULL } },
};

/* What a character inside a word is, for choosing break points. */
enum char_kind {
	CHAR_LETTER,     /* counts towards lengths; breaks fall between two of these */
	CHAR_MARK,       /* combining mark: belongs to the letter before it */
	CHAR_APOSTROPHE, /* ' or ’ inside a word ("partnership's"): no break beside it */
};

/* The letters of a word between its leading and trailing punctuation. */
struct word_core {
	size_t start, end;                   /* byte range in the word */
	size_t n_chars;                      /* characters in the range */
	int letters;                         /* how many of them are letters */
	gunichar lower[WORD_CHARS_MAX];      /* each character, lower-cased */
	unsigned char kind[WORD_CHARS_MAX];  /* enum char_kind of each */
	size_t char_end[WORD_CHARS_MAX];     /* byte offset in the word just after each */
	bool break_after[WORD_CHARS_MAX];    /* a soft hyphen goes after this one */
};

static bool ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static char ascii_upper(char c)
{
	return c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
}

static bool all_of(const char *s, size_t n, bool (*test)(char))
{
	for (size_t i = 0; i < n; i++)
		if (!test(s[i]))
			return false;
	return true;
}

/* Reads lang ("en-GB", "EN_gb", "sr-Latn-RS", "zh-yue-HK") into tag. False unless lang
 * is made of letters, digits, '-' and '_' only, is at most LANG_TAG_MAX long, and
 * starts with a language subtag of 2 to 8 letters. Variants, extensions and private
 * use subtags after the region are ignored. */
static bool lang_tag_parse(const char *lang, struct lang_tag *tag)
{
	memset(tag, 0, sizeof *tag);
	if (!lang)
		return false;
	size_t len = strnlen(lang, LANG_TAG_MAX + 1);
	if (len == 0 || len > LANG_TAG_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!ascii_alpha(lang[i]) && !ascii_digit(lang[i]) && lang[i] != '-' && lang[i] != '_')
			return false;
	if (lang[len - 1] == '-' || lang[len - 1] == '_')
		return false;

	const char *p = lang;
	for (int index = 0; *p; index++) {
		size_t n = strcspn(p, "-_");
		bool letters = all_of(p, n, ascii_alpha), digits = all_of(p, n, ascii_digit);
		if (n == 0)
			return false; /* "en--GB", "-en" */
		if (index == 0) {
			if (!letters || n < 2 || n > 8)
				return false;
			for (size_t i = 0; i < n; i++)
				tag->language[i] = ascii_lower(p[i]);
		} else if (index == 1 && letters && n == 3) {
			/* an extended language subtag ("zh-yue"): no dictionary names one */
		} else if (!tag->script[0] && !tag->region[0] && letters && n == 4) {
			for (size_t i = 0; i < n; i++)
				tag->script[i] = i == 0 ? ascii_upper(p[i]) : ascii_lower(p[i]);
		} else if ((letters && n == 2) || (digits && n == 3)) {
			for (size_t i = 0; i < n; i++)
				tag->region[i] = ascii_upper(p[i]);
			break;
		} else {
			break;
		}
		p += n;
		if (*p)
			p++;
	}
	return true;
}

/* The tag as the cache knows it: "en_GB", "sr_Latn_RS", "de". */
static void lang_tag_key(const struct lang_tag *tag, char *key, size_t size)
{
	snprintf(key, size, "%s%s%s%s%s", tag->language, tag->script[0] ? "_" : "", tag->script,
		 tag->region[0] ? "_" : "", tag->region);
}

/* Appends stem to stems unless it is there already. */
static void add_candidate(char stems[][24], size_t *n, size_t max, const char *stem)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(stems[i], stem))
			return;
	if (*n < max)
		snprintf(stems[(*n)++], sizeof stems[0], "%s", stem);
}

/* The names (without "hyph_" and ".dic") to try for tag, best first; returns how many. */
static size_t lang_candidates(const struct lang_tag *tag, char stems[][24], size_t max)
{
	size_t n = 0;
	char stem[24];
	const char *l = tag->language, *s = tag->script, *r = tag->region;
	if (s[0] && r[0]) {
		snprintf(stem, sizeof stem, "%s_%s_%s", l, s, r);
		add_candidate(stems, &n, max, stem);
	}
	if (r[0]) {
		snprintf(stem, sizeof stem, "%s_%s", l, r);
		add_candidate(stems, &n, max, stem);
	}
	if (s[0]) {
		snprintf(stem, sizeof stem, "%s_%s", l, s);
		add_candidate(stems, &n, max, stem);
	}
	add_candidate(stems, &n, max, l);
	for (size_t i = 0; i < sizeof usual_regions / sizeof usual_regions[0]; i++) {
		if (strcmp(usual_regions[i].language, l))
			continue;
		for (size_t j = 0; j < 3 && usual_regions[i].regions[j]; j++) {
			snprintf(stem, sizeof stem, "%s_%s", l, usual_regions[i].regions[j]);
			add_candidate(stems, &n, max, stem);
		}
	}
	if (strlen(l) == 2) { /* de_DE, fr_FR, it_IT */
		snprintf(stem, sizeof stem, "%s_%c%c", l, ascii_upper(l[0]), ascii_upper(l[1]));
		add_candidate(stems, &n, max, stem);
	}
	return n;
}

static bool dict_name_char(char c)
{
	return ascii_alpha(c) || ascii_digit(c) || c == '_';
}

/* Whether a file name in the folder looks like a dictionary: hyph_NAME.dic. */
static bool is_dict_name(const char *name)
{
	size_t n = strlen(name);
	if (n <= strlen("hyph_.dic") || n > DICT_NAME_MAX)
		return false;
	if (strncmp(name, "hyph_", 5) || strcmp(name + n - 4, ".dic"))
		return false;
	return all_of(name + 5, n - 9, dict_name_char);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the dictionary folder's listing once: only names found there are ever opened. */
static void list_dictionaries(struct hyphenator *h)
{
	size_t cap = 0;
	h->listed = true;
	DIR *dir = opendir(h->dict_dir);
	if (!dir)
		return;
	struct dirent *entry;
	while ((entry = readdir(dir))) {
		if (!is_dict_name(entry->d_name))
			continue;
		if (h->n_names == cap) {
			cap = cap ? cap * 2 : 16;
			h->names = xrealloc(h->names, cap * sizeof *h->names);
		}
		h->names[h->n_names++] = xstrdup(entry->d_name);
	}
	closedir(dir);
	if (h->n_names)
		qsort(h->names, h->n_names, sizeof *h->names, compare_names);
}

/* The listed file name for stem ("en_GB" → "hyph_en_GB.dic"), any case; NULL if none. */
static const char *listed_name(const struct hyphenator *h, const char *stem)
{
	size_t n = strlen(stem);
	for (size_t i = 0; i < h->n_names; i++) /* all of the form hyph_*.dic */
		if (strlen(h->names[i]) == n + strlen("hyph_.dic") && !strncasecmp(h->names[i] + 5, stem, n))
			return h->names[i];
	return NULL;
}

/* The dictionary in the listed file name, loaded now or found among those already
 * loaded (under another name); NULL when it is not a readable regular file. */
static HyphenDict *load_dictionary(struct hyphenator *h, const char *name)
{
	HyphenDict *dict = NULL;
	FILE *file = NULL;
	size_t size = strlen(h->dict_dir) + strlen(name) + 2;
	char *path = xmalloc(size);
	snprintf(path, size, "%s/%s", h->dict_dir, name);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > DICT_SIZE_MAX)
		goto out;
	for (size_t i = 0; i < h->n_loaded; i++) {
		if (h->loaded[i].dev == st.st_dev && h->loaded[i].ino == st.st_ino) {
			dict = h->loaded[i].dict;
			goto out;
		}
	}
	file = fdopen(fd, "r");
	if (!file)
		goto out;
	fd = -1; /* closed with file */
	dict = hnj_hyphen_load_file(file);
	if (!dict)
		goto out;
	if (h->n_loaded == h->cap_loaded) {
		h->cap_loaded = h->cap_loaded ? h->cap_loaded * 2 : 4;
		h->loaded = xrealloc(h->loaded, h->cap_loaded * sizeof *h->loaded);
	}
	h->loaded[h->n_loaded++] = (struct loaded_dict){ dict, st.st_dev, st.st_ino };
out:
	if (file)
		fclose(file);
	if (fd >= 0)
		close(fd);
	free(path);
	return dict;
}

/* The dictionary for lang after the fallbacks, or NULL; each normalised tag is
 * resolved once, whether or not a dictionary was found. */
static HyphenDict *dictionary_for(struct hyphenator *h, const char *lang)
{
	struct lang_tag tag;
	char key[LANG_TAG_MAX + 1];
	if (!lang_tag_parse(lang, &tag))
		return NULL;
	lang_tag_key(&tag, key, sizeof key);
	for (size_t i = 0; i < h->n_langs; i++)
		if (!strcmp(h->langs[i].key, key))
			return h->langs[i].dict;

	if (!h->listed)
		list_dictionaries(h);
	HyphenDict *dict = NULL;
	char stems[8][24];
	size_t n_stems = lang_candidates(&tag, stems, 8);
	for (size_t i = 0; i < n_stems && !dict; i++) {
		const char *name = listed_name(h, stems[i]);
		if (name)
			dict = load_dictionary(h, name);
	}
	char prefix[16]; /* then any region of the language, in name order */
	snprintf(prefix, sizeof prefix, "hyph_%s_", tag.language);
	for (size_t i = 0; i < h->n_names && !dict; i++)
		if (!strncasecmp(h->names[i], prefix, strlen(prefix)))
			dict = load_dictionary(h, h->names[i]);

	if (h->n_langs == h->cap_langs) {
		h->cap_langs = h->cap_langs ? h->cap_langs * 2 : 4;
		h->langs = xrealloc(h->langs, h->cap_langs * sizeof *h->langs);
	}
	h->langs[h->n_langs++] = (struct lang_entry){ xstrdup(key), dict };
	return dict;
}

struct hyphenator *hyphenator_new(const char *dict_dir)
{
	struct hyphenator *h = xcalloc(1, sizeof *h);
	h->dict_dir = xstrdup(dict_dir ? dict_dir : DEFAULT_DICT_DIR);
	return h;
}

void hyphenator_free(struct hyphenator *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n_loaded; i++)
		hnj_hyphen_free(h->loaded[i].dict);
	for (size_t i = 0; i < h->n_langs; i++)
		free(h->langs[i].key);
	for (size_t i = 0; i < h->n_names; i++)
		free(h->names[i]);
	free(h->loaded);
	free(h->langs);
	free(h->names);
	free(h->dict_dir);
	free(h);
}

bool hyphenator_has_language(struct hyphenator *h, const char *lang)
{
	return dictionary_for(h, lang) != NULL;
}

static bool is_hyphen_char(gunichar c)
{
	return c == '-' || c == 0x00AD || c == 0x2010 || c == 0x2011;
}

static bool is_apostrophe(gunichar c)
{
	return c == '\'' || c == 0x2019;
}

/* Finds the letters of word (valid UTF-8) between its punctuation, in core. False when
 * the word is to be left alone: digits, hyphens, other characters among the letters,
 * too few letters or too many characters, or no lower-case letter among capitals. */
static bool word_core(const char *word, size_t len, struct word_core *core)
{
	const char *end = word + len, *first = NULL, *after_last = NULL;
	for (const char *p = word; p < end; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		if (g_unichar_isdigit(c) || is_hyphen_char(c))
			return false;
		if (g_unichar_isalpha(c)) {
			if (!first)
				first = p;
			after_last = g_utf8_next_char(p);
		} else if (g_unichar_ismark(c) && after_last == p) {
			after_last = g_utf8_next_char(p); /* a mark on the last letter */
		}
	}
	if (!first)
		return false;

	int upper = 0, lower = 0;
	core->start = (size_t)(first - word);
	core->end = (size_t)(after_last - word);
	core->n_chars = 0;
	core->letters = 0;
	for (const char *p = first; p < after_last; p = g_utf8_next_char(p)) {
		gunichar c = g_utf8_get_char(p);
		size_t i = core->n_chars;
		if (i == WORD_CHARS_MAX)
			return false;
		if (g_unichar_isalpha(c)) {
			core->kind[i] = CHAR_LETTER;
			core->letters++;
			if (g_unichar_isupper(c) || g_unichar_istitle(c))
				upper++;
			else if (g_unichar_islower(c))
				lower++;
			c = g_unichar_tolower(c);
		} else if (g_unichar_ismark(c)) {
			core->kind[i] = CHAR_MARK;
		} else if (is_apostrophe(c)) {
			core->kind[i] = CHAR_APOSTROPHE;
		} else {
			return false; /* "and/or", "example.org", "a&b" */
		}
		core->lower[i] = c;
		core->char_end[i] = (size_t)(g_utf8_next_char(p) - word);
		core->break_after[i] = false;
		core->n_chars++;
	}
	if (core->letters < WORD_LETTERS_MIN)
		return false;
	if (upper > 0 && lower == 0)
		return false; /* an acronym: "RCE", "EMIP" */
	return true;
}

/* The lower-cased core in the dictionary's encoding, NUL-terminated, one hyphens
 * entry per character: UTF-8, or a single-byte character set such as ISO8859-1.
 * NULL when the word cannot be written in that character set. */
static char *dictionary_word(const HyphenDict *dict, const struct word_core *core, size_t *len)
{
	char *utf8 = xmalloc(core->n_chars * 6 + 1);
	size_t n = 0;
	for (size_t i = 0; i < core->n_chars; i++)
		n += (size_t)g_unichar_to_utf8(core->lower[i], utf8 + n);
	utf8[n] = '\0';
	if (dict->utf8) {
		*len = n;
		return utf8;
	}
	gsize written = 0;
	gchar *converted = g_convert(utf8, (gssize)n, dict->cset, "UTF-8", NULL, &written, NULL);
	free(utf8);
	if (!converted)
		return NULL;
	char *word = NULL;
	if (written == core->n_chars && strlen(converted) == written) {
		word = xstrndup(converted, written);
		*len = written;
	}
	g_free(converted);
	return word;
}

/* Marks in core->break_after the points dict allows and this module accepts; returns
 * how many. */
static int dictionary_breaks(HyphenDict *dict, struct word_core *core)
{
	int found = 0;
	size_t len = 0;
	char *hyphens = NULL, **rep = NULL;
	int *pos = NULL, *cut = NULL;
	char *word = dictionary_word(dict, core, &len);
	if (!word)
		goto out;
	hyphens = xcalloc(len + 5, 1);
	if (hnj_hyphen_hyphenate2(dict, word, (int)len, hyphens, NULL, &rep, &pos,
				  &cut) != 0)
		goto out;

	/* After hnj_hyphen_hyphenate2, hyphens[i] is per character (UTF-8 positions are
	 * normalised); odd means a break may follow character i. */
	int left_min = dict->lhmin > 0 ? dict->lhmin : LEFT_MIN_DEFAULT;
	int right_min = dict->rhmin > 0 ? dict->rhmin : RIGHT_MIN_DEFAULT;
	int before = 0;
	for (size_t i = 0; i < core->n_chars; i++) {
		if (core->kind[i] == CHAR_LETTER)
			before++;
		if (!(hyphens[i] & 1) || core->kind[i] == CHAR_APOSTROPHE)
			continue;
		if (rep && rep[i])
			continue; /* a break that changes the spelling ("Schiff-fahrt") */
		size_t at = i; /* the break goes after the marks on this letter */
		while (at + 1 < core->n_chars && core->kind[at + 1] == CHAR_MARK)
			at++;
		if (at + 1 == core->n_chars || core->kind[at + 1] != CHAR_LETTER)
			continue; /* at the end, or beside an apostrophe */
		if (before < left_min || core->letters - before < right_min)
			continue;
		if (!core->break_after[at]) {
			core->break_after[at] = true;
			found++;
		}
	}
out:
	if (rep)
		for (size_t i = 0; i < len; i++)
			free(rep[i]);
	free(rep);
	free(pos);
	free(cut);
	free(hyphens);
	free(word);
	return found;
}

int hyphenate_word(struct hyphenator *h, const char *lang, const char *word, size_t len,
		   struct buf *out)
{
	struct word_core core;
	HyphenDict *dict;
	if (len == 0)
		return 0;
	if (len > WORD_BYTES_MAX || !g_utf8_validate(word, (gssize)len, NULL) ||
	    !word_core(word, len, &core) || !(dict = dictionary_for(h, lang)) ||
	    dictionary_breaks(dict, &core) == 0) {
		buf_add(out, word, len);
		return 0;
	}

	int inserted = 0;
	size_t from = core.start;
	buf_add(out, word, core.start);
	for (size_t i = 0; i < core.n_chars; i++) {
		buf_add(out, word + from, core.char_end[i] - from);
		from = core.char_end[i];
		if (core.break_after[i]) {
			buf_add(out, SOFT_HYPHEN, strlen(SOFT_HYPHEN));
			inserted++;
		}
	}
	buf_add(out, word + from, len - from);
	return inserted;
}
