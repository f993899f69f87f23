#ifndef IMGREG_BASE64_H
#define IMGREG_BASE64_H
#include <stddef.h>

#include "imgreg/buf.h"
/*
 * Base64 (RFC 4648, section 4: the standard alphabet, '=' padding, no line breaks), as Go's
 * encoding/base64.StdEncoding writes it for Kubernetes Secrets' data and docker's "auth".
 */

/* Appends the base64 encoding of the len bytes at data to out. */
void ir_base64_encode(struct ir_buf *out, const void *data, size_t len);
/* Returns the length of the encoding of len bytes. */
size_t ir_base64_len(size_t len);
#endif
