/* Hyphenation for `hyphens: auto`: soft hyphens (U+00AD) at the points libhyphen's pattern dictionaries allow. */
#ifndef BP_HYPHEN_H
#define BP_HYPHEN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/* One per document job (never shared between threads): the dictionaries it loaded,
 * each loaded lazily on the first word in its language, and the languages found to
 * have none. hyphenator_free releases all of them together. */
struct hyphenator;

/* dict_dir holds hyph_LANG[_REGION].dic files; NULL means /usr/share/hyphen. The
 * folder is read only when a word first needs a dictionary. */
struct hyphenator *hyphenator_new(const char *dict_dir);
void hyphenator_free(struct hyphenator *h);

/* Whether lang (a BCP 47 tag as in the HTML lang attribute: "en-GB", "en_GB", "EN";
 * case-insensitive) has a dictionary, after the same fallbacks hyphenate_word uses:
 * lang_Script_REGION, lang_REGION, lang_Script, lang, the usual regions for lang (en: US
 * then GB), lang_LANG (de_DE), then any other region of lang in the folder, in name
 * order. Lets the caller warn once about a language it cannot hyphenate. */
bool hyphenator_has_language(struct hyphenator *h, const char *lang);

/* Appends word (UTF-8, len bytes, no spaces) to out with U+00AD inserted at each
 * point the dictionary for lang allows, and returns how many were inserted. The word
 * goes to out unchanged (returning 0) when lang has no dictionary or is not a plain
 * tag, and for words with fewer than 5 letters, with digits, with a soft hyphen,
 * U+2010, U+2011 or '-' already, with any other character inside them than letters,
 * combining marks and apostrophes (URLs, "and/or"), all in capitals ("RCE"), or not
 * valid UTF-8. Punctuation before the first and after the last letter ("(“word”),")
 * is kept outside the hyphenation. No break leaves fewer letters before it than the
 * dictionary's LEFTHYPHENMIN (2 if unset) or after it than its RIGHTHYPHENMIN (3 if
 * unset), nor falls next to an apostrophe or before a combining mark. */
int hyphenate_word(struct hyphenator *h, const char *lang, const char *word, size_t len,
		   struct buf *out);

#endif
