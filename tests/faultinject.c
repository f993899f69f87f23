/*
 * faultinject.so: faults at exact points of an in-place run, for tests/faults (LD_PRELOAD).
 *	IMGREG_FAULT_MKSTEMP='shell command'	run before the first mkstemp(), that is after
 *						every input was read and before any is replaced
 *	IMGREG_FAULT_RENAME_SIGNAL=N:SIG	raise signal SIG before the Nth rename()
 * Nothing else changes: each call goes on to the C library's own function.
 */
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

/* The C library's functions this file wraps. */
int mkstemp(char *template);
int rename(const char *from, const char *to);

int
mkstemp(char *template)
{
	static int (*real)(char *);
	static int done;
	const char *cmd = getenv("IMGREG_FAULT_MKSTEMP");

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "mkstemp");
	if (cmd && !done++) {
		unsetenv("LD_PRELOAD");		/* not into the command's own processes */
		if (system(cmd) != 0)
			fprintf(stderr, "faultinject: '%s' failed\n", cmd);
	}
	return real(template);
}

int
rename(const char *from, const char *to)
{
	static int (*real)(const char *, const char *);
	static int calls;
	const char *spec = getenv("IMGREG_FAULT_RENAME_SIGNAL");
	int n, sig;

	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "rename");
	calls++;
	if (spec && sscanf(spec, "%d:%d", &n, &sig) == 2 && calls == n)
		raise(sig);
	return real(from, to);
}
