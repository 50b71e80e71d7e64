/*
 * bundled — the plan built into the duban binary.
 *
 * data/items.csv (the 56 items of the 青云谱区 2024 plan) is linked into the
 * program, so an installed duban needs no other file to create its first
 * store.
 */
#ifndef DUBAN_BUNDLED_H
#define DUBAN_BUNDLED_H

#include <stddef.h>

/* The bytes of the bundled items.csv and their number. */
const char *bundled_plan(size_t *size);

#endif
