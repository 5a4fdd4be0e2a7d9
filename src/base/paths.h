/* Local file references from documents (CSS links, images): resolved against the
 * document's folder and allowed only below the folders the user allowed. */
#ifndef BP_PATHS_H
#define BP_PATHS_H

struct arena;

/* Resolves ref (a relative or absolute path, or a file: URL; %XX decoded, #fragment
 * and ?query dropped) against base_dir. On success returns 0 and the canonical path
 * in *out (arena). Returns -1 with *why set when ref is not a local file, does not
 * exist, or lies outside every folder of allowed_dirs (NULL-terminated; NULL means
 * base_dir alone). Symbolic links are followed before the check. */
int path_resolve_local(struct arena *a, const char *base_dir, const char *const *allowed_dirs,
		       const char *ref, char **out, const char **why);

/* Is canonical path `path` equal to or below canonical folder `dir`? */
int path_is_below(const char *path, const char *dir);

#endif
