#ifndef IMGREG_OFFMAP_H
#define IMGREG_OFFMAP_H
#include <stdbool.h>
#include <stddef.h>
/*
 * Where each byte of a decoded text came from in its source (embed.h): the bytes are added in
 * order, as runs. A copied run maps byte i to source bytes [src + i, src + i + 1); a unit maps
 * all its bytes to one source range [src, srcend) (an escape, a folded line break). Adjacent
 * copies that continue each other are kept as one run, so a literal block scalar costs one
 * run per line, not two offsets per byte. The map owns its runs; ir_offmap_free() frees them.
 */
struct ir_offrun {
	size_t at;		/* first text offset of the run */
	size_t src, srcend;	/* a unit's source range; a copy's srcend is 0 */
};

struct ir_offmap {
	struct ir_offrun *runs;
	size_t nruns, cap;
	size_t len;		/* text bytes mapped so far */
};

#define IR_OFFMAP_INIT { NULL, 0, 0, 0 }

/* Maps the next n text bytes to source bytes src, src + 1, ... one for one. */
void ir_offmap_copy(struct ir_offmap *m, size_t n, size_t src);
/* Maps the next n text bytes, all of them, to the source range [src, srcend). */
void ir_offmap_unit(struct ir_offmap *m, size_t n, size_t src, size_t srcend);
/* Forgets the mapping of text bytes from len on (the text was cut back to len bytes). */
void ir_offmap_truncate(struct ir_offmap *m, size_t len);
/* Returns where the source of text byte off starts; off past the end reads the last byte. */
size_t ir_offmap_start(const struct ir_offmap *m, size_t off);
/* Returns where the source of text byte off ends; off past the end reads the last byte. */
size_t ir_offmap_end(const struct ir_offmap *m, size_t off);
/*
 * True when text bytes [start, end) (end > start) were copied one for one from consecutive
 * source bytes. A unit of several bytes from one source byte, cut back to one byte, is not
 * taken for a copy: the answer errs on the side of false, which callers take as "not known".
 */
bool ir_offmap_copied(const struct ir_offmap *m, size_t start, size_t end);
/* Frees the runs and empties the map. */
void ir_offmap_free(struct ir_offmap *m);
#endif
