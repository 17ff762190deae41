#ifndef XEN_GCOV_H
#define XEN_GCOV_H

/* Coverage build: writes every registered object's counters to the trace
 * channel as "gcov" records; otherwise does nothing. */
void gcov_dump(void);

#endif
