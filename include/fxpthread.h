/* fxpthread: public API for programs that link libfxpthread directly.
 *
 * Programs do not need this header to use fxpthread: every pthread
 * synchronization call of an unmodified program already runs on it.  This
 * header adds what glibc has no name for. */
#ifndef FXPTHREAD_H
#define FXPTHREAD_H

#ifdef __cplusplus
extern "C" {
#endif

#define FXPTHREAD_VERSION_MAJOR 0
#define FXPTHREAD_VERSION_MINOR 1
#define FXPTHREAD_VERSION_PATCH 0

/* "fxpthread MAJOR.MINOR.PATCH (ARCH)"; a static string. */
const char *fxpthread_version(void);

/* Nonzero: the calling process's pthread synchronization runs on
 * fxpthread (always true once this library is the one answering). */
int fxpthread_active(void);

#ifdef __cplusplus
}
#endif

#endif
