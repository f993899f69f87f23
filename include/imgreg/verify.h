#ifndef IMGREG_VERIFY_H
#define IMGREG_VERIFY_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
/*
 * Verification: a document's meaning is summed up as a 64-bit hash over its canonical events
 * (kind, tag, anchor, plain or quoted, text; not layout). The edit list computes the hash the
 * edited document must have; the edited text is parsed again and its hashes compared.
 */
struct ir_stream;

#define IR_HASH_SEED 0x6a09e667f3bcc908ULL

enum ir_hash_event {
	IR_HASH_DOC = 'D',
	IR_HASH_MAP = 'M',
	IR_HASH_SEQ = 'Q',
	IR_HASH_END = 'E',
	IR_HASH_SCALAR = 'S',
	IR_HASH_ALIAS = 'A',
	IR_HASH_RAW = 'R',		/* an untouched scalar, by its bytes */
};

/* Mixes one canonical event into h. tag and anchor may be NULL. */
uint64_t ir_hash_event(uint64_t h, enum ir_hash_event ev, const char *tag, const char *anchor,
    bool plain, const char *text, size_t len);

/*
 * Parses text (len bytes, templates masked as the stream masks them) and compares the hash of
 * each document with s->hashes. Returns -1 when it does not parse (err says why), -2 when the number of documents
 * differs, the 1-based number of the first document that differs, or 0 when all agree.
 */
long ir_verify_text(const struct ir_stream *s, const char *text, size_t len,
    char *err, size_t errsize);
#endif
