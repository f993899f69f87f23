/* The scope merge. A first version: one effective document, or the documents in order. */
#include <stdlib.h>
#include <string.h>

#include "imgreg/exit.h"
#include "imgreg/merge.h"

int
ir_merge(const struct ir_settings *docs, size_t n, const struct ir_target *target,
    enum ir_preset preset, struct ir_settings *eff, struct ir_merge_report *rep)
{
	size_t i;

	(void)target;
	memset(rep, 0, sizeof(*rep));
	ir_settings_preset(eff, preset);
	for (i = 0; i < n; i++)
		if (!docs[i].disabled)
			ir_settings_apply(eff, &docs[i], preset);
	return 0;
}

void
ir_merge_report_release(struct ir_merge_report *rep)
{
	free(rep->steps);
	memset(rep, 0, sizeof(*rep));
}
