/* fontconfig's configuration, loaded once per process. Its files take a few
 * milliseconds to parse; Pango loads it in a thread of its own, and a lookup made
 * before that thread is done parses them all again. fcinit_start begins the load in
 * the background, so that it overlaps reading and transforming the input;
 * fcinit_wait returns once it is loaded (loading it then if nobody started it). Call
 * fcinit_wait before the first use of fontconfig or of a Pango font map. */
#ifndef BP_FCINIT_H
#define BP_FCINIT_H

void fcinit_start(void);
void fcinit_wait(void);

#endif
