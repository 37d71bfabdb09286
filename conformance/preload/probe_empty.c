/* A library that defines no synchronization symbol: preloading it leaves
 * every binding with glibc (check-bindings must say so). */
__attribute__((visibility("default"))) int probe_empty(void)
{
	return 0;
}
