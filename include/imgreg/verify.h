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
struct ir_range;
struct ir_splice;
struct ir_stream;

#define IR_HASH_SEED 0x6a09e667f3bcc908ULL
/*
 * Stands for the hash of a document whose edits are all proven (edit.h, ir_edits_doc_done):
 * a check does not compare it. A real hash equal to it, as likely as two hashes colliding,
 * would go uncompared.
 */
#define IR_HASH_PROVEN 0x3c6ef372fe94f82bULL

enum ir_hash_event {
	IR_HASH_DOC = 'D',
	IR_HASH_MAP = 'M',
	IR_HASH_SEQ = 'Q',
	IR_HASH_END = 'E',
	IR_HASH_SCALAR = 'S',
	IR_HASH_ALIAS = 'A',
	IR_HASH_RAW = 'R',		/* an untouched scalar, by its bytes */
	IR_HASH_ITEM = 'I',		/* an item of the document's unit sequence (yaml.h) */
};

/* Mixes one canonical event into h. tag and anchor may be NULL. */
uint64_t ir_hash_event(uint64_t h, enum ir_hash_event ev, const char *tag, const char *anchor,
    bool plain, const char *text, size_t len);

/*
 * Mixes into h the hash of an item of the root mapping's first "items" sequence (yaml.h,
 * unit_seq). Each such item is hashed on its own, from IR_HASH_SEED, so that a List can be
 * hashed item by item without holding it whole; both sides of the check do it alike.
 */
uint64_t ir_hash_item(uint64_t h, uint64_t item);

/*
 * Parses text (len bytes, templates masked as the stream masks them) and compares the hash of
 * each document with s->hashes. Returns -1 when it does not parse (err says why), -2 when the number of documents
 * differs, the 1-based number of the first document that differs, or 0 when all agree.
 */
long ir_verify_text(const struct ir_stream *s, const char *text, size_t len,
    char *err, size_t errsize);

/*
 * The same check over part of an edited stream, with what it needs copied out (so that it can
 * run on another thread): ndocs intended hashes, and the ranges of text that splices wrote,
 * sorted. Scalars outside those ranges are compared by their bytes. Same return values.
 */
long ir_verify_check(const char *text, size_t len, const uint64_t *hashes, size_t ndocs,
    const struct ir_range *changed, size_t nchanged, char *err, size_t errsize);

/* What an edited text is compared with. */
struct ir_verify_expect {
	const uint64_t *hashes;		/* what each document must hash to */
	size_t ndocs;
	/*
	 * A run of List items alone (process.c cuts a List at lines that start an item): the
	 * text is one sequence whose items must hash to these; hashes and ndocs are not used.
	 */
	const uint64_t *run;
	size_t nrun;
	/*
	 * The first items of a List, checked alone in runs, taken out of the text: the first
	 * item of document stand_in_doc's unit sequence stands for nstand_in items that hash
	 * to these.
	 */
	const uint64_t *stand_in;
	size_t nstand_in;
	size_t stand_in_doc;
};

/*
 * ir_verify_check() against x. In a run of items, returns -1 when it does not parse, -2 when
 * it is not one sequence of as many items, or the 1-based number of the first item that
 * differs.
 */
long ir_verify_expected(const char *text, size_t len, const struct ir_verify_expect *x,
    const struct ir_range *changed, size_t nchanged, char *err, size_t errsize);

/*
 * Where the new texts of n sorted splices lie in the edited text, for ir_verify_check(); base
 * is the offset of the original text where that edited text begins. Returns an array to free.
 */
struct ir_range *ir_verify_changed(const struct ir_splice *sp, size_t n, size_t base);
#endif
