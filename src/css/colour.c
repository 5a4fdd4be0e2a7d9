/* CSS Color 4 colour spaces to sRGB: the conversions of its section 17 and 18. */
#include "css/colour.h"

#include <math.h>

/* The matrices below were worked out from the definitions: sRGB's primaries and D65
 * white (x 0.3127, y 0.3290), D50 white (x 0.3457, y 0.3585) and the Bradford
 * chromatic adaptation from D50 to D65, and Oklab's two matrices as CSS Color 4 gives
 * them relative to XYZ D65 (so that white maps to white exactly). */

/* XYZ relative to D50 to linear sRGB (Bradford adaptation to D65 included). */
static const double xyz_d50_to_linear_srgb[3][3] = {
	{ 3.134135852900118, -1.617385998018042, -0.4906622179110975 },
	{ -0.9787954765557777, 1.916254377395988, 0.03344287339036693 },
	{ 0.07195539255794735, -0.228976759815182, 1.405386035113118 },
};

/* D50 white in XYZ, Y = 1. */
static const double d50_white[3] = { 0.3457 / 0.3585, 1.0, (1.0 - 0.3457 - 0.3585) / 0.3585 };

/* Oklab to the cube roots of LMS cone responses. */
static const double oklab_to_lms_root[3][3] = {
	{ 1.0, 0.396337777376175, 0.2158037573099136 },
	{ 1.0, -0.1055613458156586, -0.06385417282581334 },
	{ 1.0, -0.08948417752981182, -1.291485548019409 },
};

/* LMS cone responses to linear sRGB. */
static const double lms_to_linear_srgb[3][3] = {
	{ 4.076741636075958, -3.307711539258062, 0.2309699031821045 },
	{ -1.268437973285032, 2.609757349287689, -0.3413193760026573 },
	{ -0.00419607613867548, -0.7034186179359363, 1.707614694074612 },
};

static void multiply(const double m[3][3], const double in[3], double out[3])
{
	for (int i = 0; i < 3; i++)
		out[i] = m[i][0] * in[0] + m[i][1] * in[1] + m[i][2] * in[2];
}

static double clip_unit(double v)
{
	return v > 0 ? (v < 1 ? v : 1) : 0; /* NaN becomes 0 too */
}

/* Linear light to sRGB's gamma-encoded value, after clipping to the gamut. */
static double srgb_encode(double linear)
{
	double v = clip_unit(linear);
	return v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1 / 2.4) - 0.055;
}

static void linear_to_srgb(const double linear[3], double rgb[3])
{
	for (int i = 0; i < 3; i++)
		rgb[i] = srgb_encode(linear[i]);
}

static double hue_mod(double hue)
{
	double h = fmod(hue, 360.0);
	if (!isfinite(h))
		return 0;
	return h < 0 ? h + 360.0 : h;
}

/* Section 7.1: one channel of HSL (n is 0 for red, 8 for green, 4 for blue). */
static double hsl_channel(double n, double hue, double sat, double light)
{
	double k = fmod(n + hue / 30.0, 12.0);
	double a = sat * fmin(light, 1 - light);
	return light - a * fmax(-1.0, fmin(fmin(k - 3, 9 - k), 1.0));
}

void css_colour_hsl(double hue, double sat, double light, double rgb[3])
{
	hue = hue_mod(hue);
	rgb[0] = clip_unit(hsl_channel(0, hue, sat, light));
	rgb[1] = clip_unit(hsl_channel(8, hue, sat, light));
	rgb[2] = clip_unit(hsl_channel(4, hue, sat, light));
}

/* Section 8.1: the pure hue, then whiteness and blackness mixed in. */
void css_colour_hwb(double hue, double white, double black, double rgb[3])
{
	if (white + black >= 1) {
		double grey = white / (white + black);
		rgb[0] = rgb[1] = rgb[2] = clip_unit(grey);
		return;
	}
	double pure[3];
	css_colour_hsl(hue, 1, 0.5, pure);
	for (int i = 0; i < 3; i++)
		rgb[i] = clip_unit(pure[i] * (1 - white - black) + white);
}

/* Section 17: Lab's f inverse, for one of X and Z. */
static double lab_f_inverse(double f)
{
	const double kappa = 24389.0 / 27.0, epsilon = 216.0 / 24389.0;
	double cube = f * f * f;
	return cube > epsilon ? cube : (116 * f - 16) / kappa;
}

void css_colour_lab(double l, double a, double b, double rgb[3])
{
	const double kappa = 24389.0 / 27.0, epsilon = 216.0 / 24389.0;
	double fy = (l + 16) / 116;
	double fx = a / 500 + fy, fz = fy - b / 200;
	double xyz[3] = {
		lab_f_inverse(fx) * d50_white[0],
		(l > kappa * epsilon ? fy * fy * fy : l / kappa) * d50_white[1],
		lab_f_inverse(fz) * d50_white[2],
	};
	double linear[3];
	multiply(xyz_d50_to_linear_srgb, xyz, linear);
	linear_to_srgb(linear, rgb);
}

void css_colour_lch(double l, double chroma, double hue, double rgb[3])
{
	double h = hue_mod(hue) * M_PI / 180.0;
	css_colour_lab(l, chroma * cos(h), chroma * sin(h), rgb);
}

void css_colour_oklab(double l, double a, double b, double rgb[3])
{
	double lab[3] = { l, a, b }, lms[3], linear[3];
	multiply(oklab_to_lms_root, lab, lms);
	for (int i = 0; i < 3; i++)
		lms[i] = lms[i] * lms[i] * lms[i];
	multiply(lms_to_linear_srgb, lms, linear);
	linear_to_srgb(linear, rgb);
}

void css_colour_oklch(double l, double chroma, double hue, double rgb[3])
{
	double h = hue_mod(hue) * M_PI / 180.0;
	css_colour_oklab(l, chroma * cos(h), chroma * sin(h), rgb);
}
