/* CSS Color 4 colour spaces (HSL, HWB, CIE Lab and LCH, Oklab and OkLCh) to sRGB. */
#ifndef BP_CSS_COLOUR_H
#define BP_CSS_COLOUR_H

/* Each writes sRGB channels, 0..1, to rgb. A colour outside the sRGB gamut is clipped
 * channel by channel in linear light, as browsers do for display. Hues are in degrees
 * (any value: they are taken modulo 360). */

/* Saturation and lightness 0..1. */
void css_colour_hsl(double hue, double sat, double light, double rgb[3]);
/* Whiteness and blackness 0..1; when they add up to 1 or more, a grey. */
void css_colour_hwb(double hue, double white, double black, double rgb[3]);
/* CIE Lab relative to D50: L 0..100, a and b about -125..125. */
void css_colour_lab(double l, double a, double b, double rgb[3]);
/* CIE LCH: L 0..100, chroma from 0 (about 150 at most in practice). */
void css_colour_lch(double l, double chroma, double hue, double rgb[3]);
/* Oklab: L 0..1, a and b about -0.4..0.4. */
void css_colour_oklab(double l, double a, double b, double rgb[3]);
/* OkLCh: L 0..1, chroma from 0 (about 0.4). */
void css_colour_oklch(double l, double chroma, double hue, double rgb[3]);

#endif
