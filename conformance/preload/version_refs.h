/* The table gen-version-refs.sh writes: one entry per NAME@VERSION pair
 * of the system's libc, each holding the address that reference
 * resolved to. */
#ifndef PRELOAD_VERSION_REFS_H
#define PRELOAD_VERSION_REFS_H

struct version_ref {
	const char *name;
	const char *version;
	void (*fn)(void);
};

extern const struct version_ref version_refs[];
extern const unsigned n_version_refs;

#endif
