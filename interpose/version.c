/* fxpthread's own exported API (include/fxpthread.h). */
#include "export.h"
#include "fx/internal.h"
#include "fxpthread.h"

#define STR2(x) #x
#define STR(x) STR2(x)

FX_EXPORT const char *fxpthread_version(void)
{
	return "fxpthread " STR(FXPTHREAD_VERSION_MAJOR) "." STR(
		FXPTHREAD_VERSION_MINOR) "." STR(FXPTHREAD_VERSION_PATCH) " (" FX_ARCH_NAME ")";
}

FX_EXPORT int fxpthread_active(void)
{
	return 1;
}
