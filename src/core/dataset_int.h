/* dataset_int.h - shared by dataset.c and dataset_links.c; not public. */
#ifndef MENTORMATCH_DATASET_INT_H
#define MENTORMATCH_DATASET_INT_H

#include "mentormatch/dataset.h"

/* Frees the rules' resolved data and the history (dataset_links.c). */
void dataset_free_links(struct dataset *ds);

#endif
