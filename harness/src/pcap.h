/* A libpcap capture file (LINKTYPE_ETHERNET), written by hand. */
#ifndef HARNESS_PCAP_H
#define HARNESS_PCAP_H
#include <stddef.h>
#include <stdio.h>

/* Writes the file header; NULL on error (errno set). */
FILE *pcap_open(const char *path);
/* Appends one frame with the current time; flushes so a killed labnet
 * still leaves a readable capture. */
void pcap_write(FILE *f, const void *frame, size_t len);

#endif
