/* The default style sheet for HTML elements, so unstyled HTML still reads as a document. */
#ifndef BP_UA_SHEET_H
#define BP_UA_SHEET_H

extern const char ua_sheet_css[];

#endif
