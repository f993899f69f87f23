/* Base64 encoding, RFC 4648 section 4. */
#include "imgreg/base64.h"

static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
ir_base64_len(size_t len)
{
	return (len + 2) / 3 * 4;
}

void
ir_base64_encode(struct ir_buf *out, const void *data, size_t len)
{
	const unsigned char *p = data;
	unsigned long v;
	size_t i;

	ir_buf_grow(out, ir_base64_len(len));
	for (i = 0; i + 3 <= len; i += 3) {
		v = (unsigned long)p[i] << 16 | (unsigned long)p[i + 1] << 8 | p[i + 2];
		ir_buf_addc(out, alphabet[v >> 18 & 63]);
		ir_buf_addc(out, alphabet[v >> 12 & 63]);
		ir_buf_addc(out, alphabet[v >> 6 & 63]);
		ir_buf_addc(out, alphabet[v & 63]);
	}
	if (i == len)
		return;
	v = (unsigned long)p[i] << 16 | (i + 1 < len ? (unsigned long)p[i + 1] << 8 : 0);
	ir_buf_addc(out, alphabet[v >> 18 & 63]);
	ir_buf_addc(out, alphabet[v >> 12 & 63]);
	ir_buf_addc(out, i + 1 < len ? alphabet[v >> 6 & 63] : '=');
	ir_buf_addc(out, '=');
}
