/* Debug keys typed on the serial console, as in Xen ('h' lists them). */
#ifndef XEN_KEYHANDLER_H
#define XEN_KEYHANDLER_H

typedef void keyhandler_fn_t(unsigned char key);

void register_keyhandler(unsigned char key, keyhandler_fn_t *fn, const char *desc);
void handle_keypress(char c);
void initialize_keytable(void);

#endif
