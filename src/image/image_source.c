/* Where image bytes come from: local files below the allowed folders, and data: URIs
 * (base64 or percent-encoded); plus base64 encoding and content hashes. */
#include "image/image_private.h"
#include "base/alloc.h"
#include "base/arena.h"
#include "base/paths.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int image_read_path(struct arena *a, const char *path, unsigned char **data, size_t *len,
		    const char **why)
{
	int status = -1;
	unsigned char *bytes = NULL;
	/* The path is canonical, so its last part must not have become a link since;
	 * O_NONBLOCK keeps a FIFO from blocking before fstat refuses it. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0) {
		*why = arena_printf(a, "cannot open: %s", strerror(errno));
		goto out;
	}
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		*why = "not a regular file";
		goto out;
	}
	if (st.st_size > IMAGE_MAX_BYTES) {
		*why = "file is larger than 50 MB";
		goto out;
	}
	size_t size = (size_t)st.st_size, got = 0;
	bytes = xmalloc(size ? size : 1);
	while (got < size) {
		ssize_t n = read(fd, bytes + got, size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*why = arena_printf(a, "cannot read: %s", strerror(errno));
			goto out;
		}
		if (n == 0)
			break; /* shrank while we read: take what is there */
		got += (size_t)n;
	}
	*data = bytes;
	*len = got;
	bytes = NULL;
	status = 0;
out:
	free(bytes);
	if (fd >= 0)
		close(fd);
	return status;
}

int image_read_file(struct arena *a, const char *base_dir, const char *const *allowed_dirs,
		    const char *ref, char **path, unsigned char **data, size_t *len,
		    const char **why)
{
	if (path_resolve_local(a, base_dir, allowed_dirs, ref, path, why) < 0)
		return -1;
	return image_read_path(a, *path, data, len, why);
}

bool image_is_data_uri(const char *src)
{
	while (*src == ' ' || *src == '\t' || *src == '\n' || *src == '\r' || *src == '\f')
		src++;
	return strncasecmp(src, "data:", 5) == 0;
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int base64_digit(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* WHATWG "forgiving base64": ASCII white space is skipped, padding is optional, and
 * anything else outside the alphabet makes the data invalid. Decodes in place. */
static int base64_decode_in_place(unsigned char *s, size_t len, size_t *out_len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (!(s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '\f'))
			s[n++] = s[i];
	if (n % 4 == 0 && n > 0 && s[n - 1] == '=') {
		n--;
		if (s[n - 1] == '=')
			n--;
	}
	if (n % 4 == 1)
		return -1;
	size_t o = 0;
	unsigned long acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int d = base64_digit(s[i]);
		if (d < 0)
			return -1;
		acc = acc << 6 | (unsigned long)d;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			s[o++] = (unsigned char)(acc >> bits);
			acc &= (1UL << bits) - 1;
		}
	}
	*out_len = o;
	return 0;
}

int image_decode_data_uri(const char *src, unsigned char **data, size_t *len, const char **why)
{
	while (*src == ' ' || *src == '\t' || *src == '\n' || *src == '\r' || *src == '\f')
		src++;
	src += 5; /* "data:" */
	const char *comma = strchr(src, ',');
	if (!comma) {
		*why = "data: URI without a comma";
		return -1;
	}
	/* The header: a media type (ignored: the bytes say what they are), parameters,
	 * and ";base64" last. */
	size_t header_len = (size_t)(comma - src);
	while (header_len > 0 && isspace((unsigned char)src[header_len - 1]))
		header_len--;
	bool base64 = header_len >= 7 && strncasecmp(src + header_len - 7, ";base64", 7) == 0;

	const char *payload = comma + 1;
	size_t payload_len = strlen(payload);
	/* Percent-encoding never shrinks below a third, base64 below three quarters. */
	if (payload_len / 4 > IMAGE_MAX_BYTES) {
		*why = "data: URI holds more than 50 MB";
		return -1;
	}
	unsigned char *bytes = xmalloc(payload_len + 1);
	size_t n = 0;
	for (size_t i = 0; i < payload_len; i++) {
		if (payload[i] == '%' && hex_digit((unsigned char)payload[i + 1]) >= 0 &&
		    hex_digit((unsigned char)payload[i + 2]) >= 0) {
			bytes[n++] = (unsigned char)(hex_digit((unsigned char)payload[i + 1]) * 16 +
						     hex_digit((unsigned char)payload[i + 2]));
			i += 2;
		} else {
			bytes[n++] = (unsigned char)payload[i];
		}
	}
	if (base64 && base64_decode_in_place(bytes, n, &n) < 0) {
		free(bytes);
		*why = "data: URI with invalid base64";
		return -1;
	}
	if (n > IMAGE_MAX_BYTES) {
		free(bytes);
		*why = "data: URI holds more than 50 MB";
		return -1;
	}
	*data = bytes;
	*len = n;
	return 0;
}

char *image_data_uri_encode(const char *media_type, const unsigned char *data, size_t len)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t head = strlen("data:") + strlen(media_type) + strlen(";base64,");
	char *out = xmalloc(head + (len + 2) / 3 * 4 + 1);
	char *p = out + sprintf(out, "data:%s;base64,", media_type);
	for (size_t i = 0; i < len; i += 3) {
		unsigned long v = (unsigned long)data[i] << 16;
		if (i + 1 < len)
			v |= (unsigned long)data[i + 1] << 8;
		if (i + 2 < len)
			v |= data[i + 2];
		*p++ = alphabet[v >> 18 & 63];
		*p++ = alphabet[v >> 12 & 63];
		*p++ = i + 1 < len ? alphabet[v >> 6 & 63] : '=';
		*p++ = i + 2 < len ? alphabet[v & 63] : '=';
	}
	*p = '\0';
	return out;
}

char *image_content_hash(struct arena *a, const void *data, size_t len)
{
	gchar *hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256, data, len);
	char *copy = arena_strdup(a, hex);
	g_free(hex);
	return copy;
}
