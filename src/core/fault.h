/* fault.h - named points where a test may kill the process (serve --fault-point NAME[:N], never in production):
 * the N-th time (default 1) the point is reached the process ends at once with status 137, as if killed, so that
 * the tests of the commune node exchange can cut it where a crash hurts most. */
#ifndef MC_FAULT_H
#define MC_FAULT_H

/** Arms the point given as "NAME" or "NAME:N"; false when the text is not one. Not thread-safe: before threads. */
int fault_arm(const char *spec);
/** Reached a point: ends the process with status 137 if it is the armed one, the N-th time. */
void fault_point(const char *name);

#endif
