/* fuzz-smoke: mutates valid scenario and profile texts at random for a few
 * seconds and feeds them to the parsers under ASan/UBSan. A crash or a
 * sanitizer report fails; parse errors are expected. */
#include "profile.h"
#include "scenario.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *seeds[] = {
    "scenario t\ntitle T ${STACK}\nstacks xen ours\ntimeout 9\ndefine A=${STACK:-x}\n"
    "host h1 profile=p memory=64 lan=no append=a b\nboot h1\nexpect h1 5 /a\\/b/i\n"
    "send h1 \"x\\n\\x1d\"\nrun h1 timeout=3 status=any -- echo '#' \\\n more\n"
    "output h1 /x/\nno-output h1 /y/\ntrace h1 1 /z/\nqmp h1 stop {\"a\":1}\nlink h1 up\n"
    "wait 1\npoweroff h1 3\nkill h1\n",
    "kernel ${A:-/k}\nappend a b # c\nmodule /m x,y\ndrive /d\nmachine pc\ndevice d\ncpu c\n"
    "memory 64\ncpus 2\ntrace 0xe9\nnic n\nsymbols /s\nready 5 /r/\nprompt /# $/\n",
};

static const char alphabet[] = "/\\\"'#${}:-=\n \tabchx0129";

static char *mutate(const char *seed, unsigned *rng)
{
    size_t n = strlen(seed);
    char *s = malloc(n * 2 + 1);
    memcpy(s, seed, n + 1);
    int edits = 1 + (int)(rand_r(rng) % 8);
    for (int e = 0; e < edits && n > 0; e++) {
        size_t at = (size_t)rand_r(rng) % n;
        switch (rand_r(rng) % 3) {
        case 0: s[at] = alphabet[rand_r(rng) % (sizeof alphabet - 1)]; break;
        case 1: memmove(s + at, s + at + 1, n - at); n--; break;
        default:
            memmove(s + at + 1, s + at, n - at + 1);
            s[at] = alphabet[rand_r(rng) % (sizeof alphabet - 1)];
            n++;
        }
    }
    return s;
}

int main(int argc, char **argv)
{
    int seconds = argc > 1 ? atoi(argv[1]) : 20;
    unsigned rng = 12345;
    long runs = 0, errors = 0;
    struct vars vs;
    vars_init(&vs);
    vars_set(&vs, "STACK", "xen", VAR_BUILTIN);
    double end = now_mono() + seconds;
    while (now_mono() < end) {
        for (int k = 0; k < 200; k++, runs++) {
            int which = (int)(rand_r(&rng) % 2);
            char *text = mutate(seeds[which], &rng);
            struct diag d;
            if (which == 0) {
                struct scenario s;
                errors += scenario_parse(text, "t.scn", &vs, &s, &d) < 0;
                scenario_free(&s);
            } else {
                struct profile p;
                errors += profile_parse(text, "t.profile", &vs, &p, &d) < 0;
                profile_free(&p);
            }
            free(text);
        }
    }
    vars_free(&vs);
    printf("fuzz-smoke: %ld inputs, %ld rejected with an error, no crash\n", runs, errors);
    return 0;
}
