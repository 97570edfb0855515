"""What the plugins share (not a plugin): ``rules`` (the content rules the
build and the checker apply), ``errors`` (one way to report a mistake),
``settings`` (a namespaced settings dict merged over its defaults),
``written`` (page transforms, applied as a page is rendered) and
``forked`` (the parallel plugins' settings and worker logging)."""
