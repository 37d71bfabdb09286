/* Helpers for the exported names.  FX_EXPORT marks a glibc entry point;
 * FX_ALIAS gives the same code a second exported name (the __pthread_*
 * aliases, _np spellings).  Versions: see interpose/fxpthread.map. */
#ifndef FX_EXPORT_H
#define FX_EXPORT_H

#define FX_EXPORT __attribute__((visibility("default")))
/* The asm label gives the symbol its name even where glibc's headers
 * redirect the C name (pthread_mutex_consistent_np, the robust_np ones). */
#define FX_ALIAS(name, target)                                                \
	extern __typeof(target) fx_alias_##name __asm__(#name)                \
		__attribute__((alias(#target), visibility("default")))

#endif
