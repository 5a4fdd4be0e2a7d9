/* CSS Syntax Level 3: tokenizer and parser that keep the line and column of every
 * token. Everything returned lives in the arena passed in and goes with it. */
#ifndef BP_CSS_SYNTAX_H
#define BP_CSS_SYNTAX_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum css_token_type {
	CSS_TOK_IDENT,
	CSS_TOK_FUNCTION,   /* name( — only inside the tokenizer; the parser makes a node */
	CSS_TOK_AT_KEYWORD, /* value has no '@' */
	CSS_TOK_HASH,
	CSS_TOK_STRING,
	CSS_TOK_BAD_STRING,
	CSS_TOK_URL, /* unquoted url(...) */
	CSS_TOK_BAD_URL,
	CSS_TOK_DELIM, /* one code point, in value (UTF-8) and delim */
	CSS_TOK_NUMBER,
	CSS_TOK_PERCENTAGE,
	CSS_TOK_DIMENSION,
	CSS_TOK_WHITESPACE,
	CSS_TOK_CDO,
	CSS_TOK_CDC,
	CSS_TOK_COLON,
	CSS_TOK_SEMICOLON,
	CSS_TOK_COMMA,
	CSS_TOK_OPEN_SQUARE,
	CSS_TOK_CLOSE_SQUARE,
	CSS_TOK_OPEN_PAREN,
	CSS_TOK_CLOSE_PAREN,
	CSS_TOK_OPEN_CURLY,
	CSS_TOK_CLOSE_CURLY,
	CSS_TOK_EOF,
};

struct css_token {
	enum css_token_type type;
	const char *value;   /* decoded ident/function/at/hash/string/url text, delim char, unit-less repr for numbers; never NULL */
	size_t value_len;    /* bytes in value (strings may hold U+0000 replaced, so no embedded NUL) */
	const char *unit;    /* dimension unit, decoded; NULL otherwise */
	double number;       /* numeric value for number/percentage/dimension */
	bool is_integer;     /* number type flag: "integer" rather than "number" */
	bool hash_is_id;     /* hash type flag: "id" rather than "unrestricted" */
	unsigned delim;      /* code point of a delim token */
	int line;            /* 1-based position of the token's first character */
	int col;
};

enum css_node_kind {
	CSS_NODE_TOKEN,    /* a preserved token (never an opening bracket; a closing one only when unmatched) */
	CSS_NODE_BLOCK,    /* simple block: {}, [] or () */
	CSS_NODE_FUNCTION, /* function: name and arguments */
};

/* A component value. */
struct css_node {
	enum css_node_kind kind;
	struct css_token tok;        /* TOKEN: the token; BLOCK: the opening bracket; FUNCTION: the function token (value = name) */
	char block_open;             /* BLOCK: '{', '[' or '(' */
	struct css_node *children;   /* BLOCK/FUNCTION contents, an array */
	size_t n_children;
};

struct css_decl {
	const char *name;          /* decoded; compare case-insensitively */
	struct css_node *value;    /* component values, !important removed, surrounding whitespace trimmed */
	size_t n_value;
	bool important;
	int line, col;             /* position of the name */
};

enum css_rule_kind { CSS_RULE_QUALIFIED, CSS_RULE_AT };

struct css_rule {
	enum css_rule_kind kind;
	const char *at_name;        /* AT: name without '@' */
	struct css_node *prelude;   /* component values, untrimmed */
	size_t n_prelude;
	struct css_node *block;     /* the {} block node, or NULL when ';' or EOF ended an at-rule */
	int line, col;              /* position of the rule's first token */
};

/* Entry points of CSS Syntax 3, section 5.3. `len` is the byte length of `src`,
 * which is UTF-8 (invalid sequences become U+FFFD). A syntax error never fails a
 * parse: invalid rules and declarations are dropped, and if `errors` is non-NULL
 * each drop is counted there (in declaration lists, at-rules are dropped and counted
 * too; the *_items functions below keep them). A leading UTF-8 byte order mark is
 * skipped. */
size_t css_parse_stylesheet(struct arena *a, const char *src, size_t len,
			    struct css_rule **out_rules, int *errors);
size_t css_parse_rule_list(struct arena *a, const char *src, size_t len,
			   struct css_rule **out_rules, int *errors);
size_t css_parse_declaration_list(struct arena *a, const char *src, size_t len,
				  struct css_decl **out_decls, int *errors);
size_t css_parse_component_values(struct arena *a, const char *src, size_t len,
				  struct css_node **out_nodes);

/* The contents of a {} block parsed as declarations (at-rules inside are dropped and
 * counted in errors), or as a rule list, with positions kept from the original source. */
size_t css_block_declarations(struct arena *a, const struct css_node *block,
			      struct css_decl **out_decls, int *errors);
size_t css_block_rules(struct arena *a, const struct css_node *block,
		       struct css_rule **out_rules, int *errors);

/* Blocks and functions nest at most this deep. The contents of a deeper block are
 * consumed (its brackets still pair up, so everything around it parses as usual) and
 * dropped, leaving that block or function empty. So no input, however hostile, makes
 * the parser or any code that walks its trees recursively go deeper than this. */
#define CSS_MAX_NESTING 256

/* One entry of a rule or declaration list in source order, including the places
 * where an invalid rule or declaration was dropped, so callers can report them. */
enum css_item_kind {
	CSS_ITEM_RULE,        /* a qualified rule or an at-rule */
	CSS_ITEM_DECLARATION, /* a declaration (declaration lists only) */
	CSS_ITEM_ERROR,       /* an invalid rule or declaration was dropped here */
};

struct css_item {
	enum css_item_kind kind;
	struct css_rule *rule; /* RULE: the rule; NULL otherwise */
	struct css_decl *decl; /* DECLARATION: the declaration; NULL otherwise */
	int line, col;         /* where the item, or the dropped text, began */
};

/* Like the entry points above, but every rule, declaration and drop is an item.
 * Declaration lists keep their at-rules (e.g. margin boxes inside @page) as RULE
 * items. css_block_items reads a {} block's contents as a declaration list. */
size_t css_parse_stylesheet_items(struct arena *a, const char *src, size_t len,
				  struct css_item **out_items);
size_t css_parse_rule_list_items(struct arena *a, const char *src, size_t len,
				 struct css_item **out_items);
size_t css_parse_declaration_list_items(struct arena *a, const char *src, size_t len,
					struct css_item **out_items);
size_t css_block_items(struct arena *a, const struct css_node *block,
		       struct css_item **out_items);

/* A style rule's {} block as CSS Nesting reads it ("consume a block's contents" of
 * CSS Syntax, 2024): declarations, nested at-rules and nested style rules (RULE items,
 * qualified or at) and drops, in source order. css_parse_style_block_items reads text
 * the same way (for tests). */
size_t css_block_style_items(struct arena *a, const struct css_node *block,
			     struct css_item **out_items);
size_t css_parse_style_block_items(struct arena *a, const char *src, size_t len,
				   struct css_item **out_items);

/* "Parse a declaration", "parse a rule" and "parse a component value" of CSS
 * Syntax 3: 0 and *out on success; -1 and *why set to "empty" (only whitespace and
 * comments), "invalid" or "extra-input" (something follows the one item). */
int css_parse_one_declaration(struct arena *a, const char *src, size_t len,
			      struct css_decl **out, const char **why);
int css_parse_one_rule(struct arena *a, const char *src, size_t len,
		       struct css_rule **out, const char **why);
int css_parse_one_component_value(struct arena *a, const char *src, size_t len,
				  struct css_node **out, const char **why);

/* Positions: lines and columns are 1-based; a column counts code points (an
 * invalid UTF-8 sequence counts as the one U+FFFD it becomes); CR LF, CR and FF
 * each end a line; a leading UTF-8 byte order mark is skipped and takes no column.
 * This gives the byte offset in src of a position the parser reported (len when it
 * lies beyond the end), e.g. to quote the source in a message. */
size_t css_source_offset(const char *src, size_t len, int line, int col);

/* Finds the first byte sequence of src that is not UTF-8 (and so is read as U+FFFD):
 * 1 and its position, or 0 when src is all UTF-8. */
int css_find_invalid_utf8(const char *src, size_t len, int *line, int *col);
/* Serialise component values back to CSS text (for messages and dumps). */
char *css_nodes_to_string(struct arena *a, const struct css_node *nodes, size_t n);

/* The <an+b> micro-syntax on component values (nth-child argument): 0 and A, B on
 * success, -1 if the values are not a valid An+B. */
int css_parse_anb(const struct css_node *nodes, size_t n, long *a, long *b);

#endif
