/* A library some user already preloads; fxrun must keep it loaded. */
__attribute__((visibility("default"))) int probe_marker(void)
{
	return 42;
}
